// The text and JSON reports, from findings the real rule set makes of hand-written flows: what a
// reader sees (paths relative to the cwd, the flow, the clause quoted, the summary) and what a
// machine reads (stable keys, paths relative to the scan root, identical bytes for identical input).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Flow } from '../../server/src/analysis/types';
import type { RuleSet } from '../../server/src/policy/types';
import type { ScanReport } from '../../server/src/cli/scan-report';
import { removeProject, tempProject } from '../support/cli-run';
import { serverModule } from '../support/server-module';

const { formatText, trimQuote } = serverModule<typeof import('../../server/src/cli/format-text')>('cli/format-text');
const { formatJson } = serverModule<typeof import('../../server/src/cli/format-json')>('cli/format-json');
const { paletteFor } = serverModule<typeof import('../../server/src/cli/colours')>('cli/colours');
const { buildRuleSet } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');
const { evaluate } = serverModule<typeof import('../../server/src/policy/evaluate')>('policy/evaluate');

let root: string;
let ruleSet: RuleSet;

before(() => {
  root = tempProject({}, 'privacy-lens-format-');
  const built = buildRuleSet();
  assert.deepEqual(built.errors, []);
  ruleSet = built.ruleSet as RuleSet;
});
after(() => removeProject(root));

function flow(file: string, line: number, categories: string[]): Flow {
  const at = (l: number, c: number) => ({ file: path.join(root, file), range: { start: { line: l, character: c }, end: { line: l, character: c + 8 } } });
  return {
    location: at(line, 2),
    destination: { sinkId: 'console', sinkKind: 'log', name: 'console', callee: 'console.log' },
    data: categories.map((category, i) => ({
      category,
      reason: { kind: 'name' as const, detail: `field name 'f${i}'` },
      steps: [
        { location: at(line - 2, 8), message: `'f${i}' is read from 'user.f${i}'` },
        { location: at(line, 14), message: `'f${i}' is passed to 'console.log'` },
      ],
      expression: `user.f${i}`,
    })),
    arguments: [],
  };
}

function report(flows: Flow[], files = 3): ScanReport {
  const { findings, problems } = evaluate(flows, ruleSet);
  return { root, files: Array.from({ length: files }, (_, i) => path.join(root, `f${i}.ts`)), findings, problems, ruleSet };
}

describe('text report', () => {
  it('shows each finding with its flow and the clause it breaks, relative to the cwd', () => {
    const text = formatText(report([flow('src/a.ts', 9, ['user.contact.email'])]), { cwd: path.join(root, 'src') });
    const lines = text.split('\n');
    assert.match(lines[0], /^a\.ts:10:3 {2}warning {2}.+ {2}\[default\/pii-to-log\]$/);
    assert.equal(lines[1], "    a.ts:8:9 'f0' is read from 'user.f0'");
    assert.equal(lines[2], "    a.ts:10:15 'f0' is passed to 'console.log'");
    const clause = ruleSet.packs[0].clauses.find((c) => c.id === 'logs')!;
    assert.equal(lines[3], `  ↳ breaks Privacy Lens default policy § ${clause.title}: "${trimQuote(clause.quote)}" ${clause.url}`);
    assert.equal(lines.at(-2), '1 finding (0 errors, 1 warning) in 1 file; 3 files scanned');
  });

  it('heads each category path when a flow carries several', () => {
    const text = formatText(report([flow('a.ts', 4, ['user.contact.email', 'user.contact.phone_number'])]), { cwd: root });
    assert.match(text, /\n {2}user\.contact\.email:\n {6}a\.ts:3:9 /);
    assert.match(text, /\n {2}user\.contact\.phone_number:\n {6}a\.ts:3:9 /);
  });

  it('counts findings and files in the summary', () => {
    const text = formatText(report([flow('a.ts', 4, ['user.contact.email']), flow('b.ts', 4, ['user.name']), flow('b.ts', 8, ['user.name'])], 1), { cwd: root });
    assert.match(text, /\n3 findings \(0 errors, 3 warnings\) in 2 files; 1 file scanned\n$/);
    assert.equal(formatText(report([], 0), { cwd: root }), '0 findings (0 errors, 0 warnings) in 0 files; 0 files scanned\n');
  });

  it('trims long quotes at a word boundary and keeps short ones whole', () => {
    assert.equal(trimQuote('We  never\n sell data.'), 'We never sell data.');
    const long = 'word '.repeat(100).trim();
    const trimmed = trimQuote(long);
    assert.ok(trimmed.length <= 201 && trimmed.endsWith('word…'), trimmed);
  });

  it('colours only on a terminal without NO_COLOR', () => {
    const r = report([flow('a.ts', 4, ['user.contact.email'])]);
    assert.match(formatText(r, { cwd: root, palette: paletteFor({ isTTY: true }, {}) }), /\x1b\[33mwarning\x1b\[39m/);
    assert.doesNotMatch(formatText(r, { cwd: root, palette: paletteFor({ isTTY: true }, { NO_COLOR: '1' }) }), /\x1b\[/);
    assert.doesNotMatch(formatText(r, { cwd: root, palette: paletteFor({ isTTY: false }, {}) }), /\x1b\[/);
  });
});

describe('JSON report', () => {
  it('has a fixed key order and paths relative to the scan root', () => {
    const json = JSON.parse(formatJson(report([flow('src/a.ts', 9, ['user.contact.email'])]))) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(Object.keys(json), ['version', 'findings', 'problems']);
    const finding = json.findings[0];
    assert.deepEqual(Object.keys(finding).slice(0, 7), ['ruleId', 'severity', 'message', 'ruleMessage', 'location', 'clause', 'flow']);
    assert.equal(finding.location.file, 'src/a.ts');
    assert.equal(finding.flow.location.file, 'src/a.ts');
    assert.equal(finding.flow.data[0].steps[0].location.file, 'src/a.ts');
    assert.deepEqual(Object.keys(finding.flow.destination), [...Object.keys(finding.flow.destination)].sort());
  });

  it('gives identical bytes for the same findings built in a different key order', () => {
    const a = flow('a.ts', 4, ['user.contact.email']);
    const b: Flow = { arguments: a.arguments, data: a.data, destination: { callee: 'console.log', name: 'console', sinkKind: 'log', sinkId: 'console' }, location: a.location };
    assert.equal(formatJson(report([b])), formatJson(report([a])));
  });
});
