// Editing one file re-analyses it and its dependents, and the flows it contributed elsewhere (at a
// wrapper's logger call in another file) follow the edit: added, removed, changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverModule } from '../support/server-module';

const { openProject } = serverModule<typeof import('../../server/src/analysis/api')>('analysis/api');
const { buildRuleSet } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');

const AUDIT = `export function audit(message: string): void {\n  console.log(message);\n}\n`;
const SERVICE_LEAK = `import { audit } from './audit';\nexport function signup(email: string, id: string): void {\n  audit(email);\n  audit(id);\n}\n`;
const SERVICE_CLEAN = `import { audit } from './audit';\nexport function signup(email: string, id: string): void {\n  audit(id);\n}\n`;

test('an edit in a caller updates the flow reported at the wrapper in another file', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-incr-'))).replace(/\\/g, '/');
  try {
    fs.writeFileSync(`${dir}/audit.ts`, AUDIT);
    fs.writeFileSync(`${dir}/service.ts`, SERVICE_LEAK);
    const project = openProject({ root: dir, catalogue: buildRuleSet({}).ruleSet!.catalogue });
    const first = project.analyze();
    const at = (r: { flows: { location: { file: string; range: { start: { line: number } } }; data: { category: string }[] }[] }) =>
      r.flows.map((f) => `${path.basename(f.location.file)}:${f.location.range.start.line + 1} ${f.data.map((d) => d.category).join(',')}`);
    assert.deepEqual(at(first), ['audit.ts:2 user.contact.email']);

    const affected = project.update(`${dir}/service.ts`, SERVICE_CLEAN);
    assert.deepEqual(affected, [`${dir}/service.ts`]);
    const second = project.analyze(affected);
    // audit.ts lost its flow: it is among the files whose diagnostics must be republished.
    assert.deepEqual([...second.files].sort(), [`${dir}/audit.ts`, `${dir}/service.ts`]);
    assert.deepEqual(at(second), []);
    assert.deepEqual(at(project.analyze()), []);

    // Back to the leak through an edit of the wrapper's own file: its dependents are re-analysed too.
    project.update(`${dir}/service.ts`, SERVICE_LEAK);
    project.analyze([`${dir}/service.ts`]);
    const wrapperAffected = project.update(`${dir}/audit.ts`, `// moved down a line\n${AUDIT}`);
    assert.deepEqual(wrapperAffected.sort(), [`${dir}/audit.ts`, `${dir}/service.ts`]);
    const third = project.analyze(wrapperAffected);
    assert.deepEqual(at(third), ['audit.ts:3 user.contact.email']);
    project.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
