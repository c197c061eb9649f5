// The engine's fixes are plain text edits: wrap in the sanitiser (with its import), tag the
// name-classified declaration — in its own file, indented like it — and suppress with a reason slot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverModule } from '../support/server-module';

const { openProject } = serverModule<typeof import('../../server/src/analysis/api')>('analysis/api');
const { buildRuleSet } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');

test('fixes for a log flow whose field is declared in another file', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-fix-'))).replace(/\\/g, '/');
  try {
    fs.writeFileSync(`${dir}/model.ts`, 'export interface Customer {\n  id: string;\n  email: string;\n}\n');
    fs.writeFileSync(`${dir}/use.ts`, "import { Customer } from './model';\nexport function f(c: Customer) {\n    console.log(c.email);\n}\n");
    const project = openProject({ root: dir, catalogue: buildRuleSet({}).ruleSet!.catalogue });
    const [flow] = project.analyze().flows;
    const fixes = project.fixes(flow, { ruleId: 'default/pii-to-log', sanitiser: 'mask', sanitiserImport: './privacy' });
    const byTitle = new Map(fixes.map((f) => [f.title, f]));

    const wrap = byTitle.get("Wrap 'c.email' in mask()");
    assert.ok(wrap?.isPreferred);
    assert.deepEqual(wrap.edits.map((e) => [path.basename(e.file), e.newText]), [['use.ts', 'mask(c.email)'], ['use.ts', "\nimport { mask } from './privacy';"]]);

    const tag = byTitle.get("Tag 'email' as @pii user.contact.email");
    assert.deepEqual(tag?.edits.map((e) => [path.basename(e.file), e.range.start, e.newText]), [['model.ts', { line: 2, character: 0 }, '  /** @pii user.contact.email */\n']]);
    assert.ok(byTitle.has("Mark 'email' as not personal data (@pii none)"));

    const suppress = fixes.find((f) => f.title.startsWith('Suppress'));
    assert.equal(suppress?.edits[0].newText, '    // privacy-lens-ignore default/pii-to-log: \n');
    project.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
