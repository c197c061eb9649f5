// Runs every engine fixture under test/fixtures/engine through check(): each sink line's inline
// marker must match what the real engine reports, and nothing unmarked may be reported.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, fixturePath } from '../support/check';

const root = fixturePath('engine');
let missing = 0;
let spurious = 0;

for (const name of fs.readdirSync(root).sort()) {
  test(`engine fixture: ${name}`, () => {
    const r = check(`${root}/${name}`);
    missing += r.missing;
    spurious += r.spurious;
    assert.deepEqual(r.failures, [], r.failures.join('\n'));
  });
}

test('check() fails a marker in a file the scan leaves out, rather than passing it unseen', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-check-'));
  try {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['*.ts'] }));
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const n = 1;\n');
    fs.writeFileSync(path.join(dir, 'b.js'), "console.log(user.email); // $ flow[log] user.contact.email\n");
    const r = check(dir);
    assert.deepEqual(r.failures, ['b.js:1: marker in a file the scan does not cover: flow[log] user.contact.email']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

after(() => {
  console.log(`engine fixtures: ${missing} known misses ($ MISSING), ${spurious} known false positives ($ SPURIOUS)`);
});
