// Runs every engine fixture under test/fixtures/engine through check(): each sink line's inline
// marker must match what the real engine reports, and nothing unmarked may be reported.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
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

after(() => {
  console.log(`engine fixtures: ${missing} known misses ($ MISSING), ${spurious} known false positives ($ SPURIOUS)`);
});
