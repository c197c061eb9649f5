// The SARIF report: valid against the official SARIF 2.1.0 schema, and carrying what the contract
// in DESIGN.md promises (sink location, codeFlows, fingerprints that survive line moves, the
// destination and the clause). Flows are written by hand here so that the format is tested without
// the engine; the real rule set and evaluation turn them into findings.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Flow, Location, Problem } from '../../server/src/analysis/types';
import type { RuleSet } from '../../server/src/policy/types';
import type { ScanReport } from '../../server/src/cli/scan-report';
import { removeProject, tempProject } from '../support/cli-run';
import { loadSarifValidator, sarifSchemaFile } from '../support/sarif-schema';
import { serverModule } from '../support/server-module';

const { sarifLog } = serverModule<typeof import('../../server/src/cli/format-sarif')>('cli/format-sarif');
const { buildRuleSet } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');
const { evaluate } = serverModule<typeof import('../../server/src/policy/evaluate')>('policy/evaluate');

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let root: string;
let ruleSet: RuleSet;

before(() => {
  root = tempProject({ 'privacy-lens.yaml': 'homeRegions: [US]\n' }, 'privacy-lens-sarif-');
  const built = buildRuleSet({ configFile: path.join(root, 'privacy-lens.yaml') });
  assert.deepEqual(built.errors, []);
  ruleSet = built.ruleSet as RuleSet;
});

after(() => removeProject(root));

function at(file: string, line: number, character: number, length = 10): Location {
  return { file: path.join(root, file), range: { start: { line, character }, end: { line, character: character + length } } };
}

/** `customer.email` logged with console.log, after being read from the tagged field. */
function logFlow(line = 11, category = 'user.contact.email', expression = 'customer.email'): Flow {
  return {
    location: at('src/billing service.ts', line, 4, 30),
    destination: { sinkId: 'console', sinkKind: 'log', name: 'console', callee: 'console.log' },
    data: [
      {
        category,
        reason: { kind: 'tag', detail: `tagged @pii ${category} on Customer.email`, location: at('src/model.ts', 3, 2, 5) },
        steps: [
          { location: at('src/model.ts', 3, 2, 5), message: "'email' is declared on 'Customer'" },
          { location: at('src/billing service.ts', line, 16, 14), message: `'${expression}' is passed to 'console.log'` },
        ],
        expression,
      },
    ],
    arguments: [{ range: at('src/billing service.ts', line, 16, 14).range, text: expression, categories: [category] }],
  };
}

/** A phone number posted to a host in India, outside the configured home region (US). */
function transferFlow(): Flow {
  return {
    location: at('src/sync.ts', 20, 2, 40),
    destination: { sinkId: 'axios', sinkKind: 'transfer', name: 'axios', host: 'api.ap-south-1.amazonaws.com', region: 'IN', scheme: 'https', callee: 'axios.post' },
    data: [
      {
        category: 'user.contact.phone_number',
        reason: { kind: 'name', detail: "field name 'phoneNumber'" },
        steps: [],
        expression: 'lead.phoneNumber',
      },
    ],
    arguments: [{ range: at('src/sync.ts', 20, 30, 16).range, text: 'lead.phoneNumber', categories: ['user.contact.phone_number'] }],
  };
}

function report(flows: Flow[], problems: Problem[] = []): ScanReport {
  const evaluated = evaluate(flows, ruleSet);
  return { root, files: [...new Set(flows.map((f) => f.location.file))], findings: evaluated.findings, problems: [...problems, ...evaluated.problems], ruleSet };
}

describe('SARIF report', () => {
  it('validates against the official SARIF 2.1.0 schema', (t) => {
    const validator = loadSarifValidator();
    if (!validator) {
      t.skip('SARIF schema not installed: add the devDependency @microsoft/jest-sarif (see test/support/sarif-schema.ts)');
      return;
    }
    const problem: Problem = { file: path.join(root, 'src/broken.ts'), range: at('src/broken.ts', 0, 0, 1).range, message: "';' expected", severity: 'error' };
    const noRange: Problem = { file: path.join(root, 'dist/bundle.js'), message: 'file too large, skipped', severity: 'info' };
    const log = sarifLog(report([logFlow(), transferFlow()], [problem, noRange]));
    assert.ok((log.runs as Json)[0].results.length >= 2, 'the sample flows make findings');
    assert.deepEqual(validator.validate(log), [], `invalid against ${validator.file}`);
    // An empty scan is a valid log too.
    assert.deepEqual(validator.validate(sarifLog(report([]))), []);
  });

  it('the schema validator rejects what the schema forbids', (t) => {
    const validator = loadSarifValidator();
    if (!validator) {
      t.skip(`SARIF schema not installed (${sarifSchemaFile() ?? 'no file'})`);
      return;
    }
    const log: Json = sarifLog(report([logFlow()]));
    log.runs[0].results[0].level = 'fatal';
    assert.ok(validator.validate(log).some((line) => line.includes('/runs/0/results/0/level')));
  });

  it('reports each finding at its sink, with the flow, destination and clause', () => {
    const log: Json = sarifLog(report([logFlow(), transferFlow()]));
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'Privacy Lens');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${root}/`);

    const logged = run.results.find((r: Json) => r.properties.sinkKind === 'log');
    assert.equal(logged.ruleId, 'default/pii-to-log');
    assert.equal(logged.level, 'warning');
    assert.match(logged.message.text, /customer\.email.*\.$/);
    const physical = logged.locations[0].physicalLocation;
    assert.deepEqual(physical.artifactLocation, { uri: 'src/billing%20service.ts', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(physical.region, { startLine: 12, startColumn: 5, endLine: 12, endColumn: 35 });
    const steps = logged.codeFlows[0].threadFlows[0].locations;
    assert.equal(steps.length, 2);
    assert.equal(steps[0].location.physicalLocation.artifactLocation.uri, 'src/model.ts');
    assert.equal(steps[0].location.physicalLocation.region.startLine, 4);
    assert.equal(steps[1].location.message.text, "'customer.email' is passed to 'console.log'");
    assert.deepEqual(logged.properties.dataCategories, ['user.contact.email']);
    assert.deepEqual(logged.properties.clause, { policy: 'default', id: 'logs', title: 'Personal data stays out of logs' });
    assert.equal(logged.relatedLocations[0].physicalLocation.artifactLocation.uri, 'src/model.ts');

    const sent = run.results.find((r: Json) => r.properties.sinkKind === 'transfer');
    assert.equal(sent.level, 'error');
    assert.equal(sent.properties.host, 'api.ap-south-1.amazonaws.com');
    assert.equal(sent.properties.region, 'IN');
    assert.equal(sent.ruleId, 'default/pii-outside-home-regions');
    assert.equal(sent.properties.clause.id, 'home-regions');
    // No recorded steps: the thread flow still has one location, the sink.
    assert.equal(sent.codeFlows[0].threadFlows[0].locations.length, 1);
    assert.equal(sent.codeFlows[0].threadFlows[0].locations[0].location.physicalLocation.region.startLine, 21);
  });

  it('describes each rule used once, with the clause as help', () => {
    const log: Json = sarifLog(report([logFlow(11), logFlow(30), transferFlow()]));
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((r: Json) => r.id);
    assert.deepEqual(ids, ['default/pii-outside-home-regions', 'default/pii-to-log'], 'one descriptor per rule used, sorted');
    assert.equal(run.results.length, 3);
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    const rule = run.tool.driver.rules.find((r: Json) => r.id === 'default/pii-to-log');
    const pack = ruleSet.packs.find((p) => p.policy.id === 'default')!;
    const clause = pack.clauses.find((c) => c.id === 'logs')!;
    assert.equal(rule.helpUri, clause.url);
    assert.equal(rule.help.text, `${clause.title}: "${clause.quote.replace(/\s+/g, ' ').trim()}"`);
    assert.equal(rule.shortDescription.text, pack.rules.find((r) => r.id === 'pii-to-log')!.message);
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.deepEqual(rule.properties.tags, ['privacy', 'default']);
  });

  it('keeps fingerprints when lines move, and tells different findings apart', () => {
    const fingerprint = (flows: Flow[]): string[] =>
      (sarifLog(report(flows)) as Json).runs[0].results.map((r: Json) => r.partialFingerprints['privacyLens/v1']);
    const [original] = fingerprint([logFlow(11)]);
    const [moved] = fingerprint([logFlow(57)]);
    assert.equal(moved, original, 'a line shift keeps the fingerprint');
    const [otherCategory] = fingerprint([logFlow(11, 'user.contact.phone_number')]);
    assert.notEqual(otherCategory, original);
    const [otherExpression] = fingerprint([logFlow(11, 'user.contact.email', 'lead.email')]);
    assert.notEqual(otherExpression, original);
    const twice = fingerprint([logFlow(11), logFlow(40)]);
    assert.equal(new Set(twice).size, 2, 'two identical sinks in one file get different fingerprints');
    assert.equal(twice[0], original);
  });

  it('reports problems as tool execution notifications', () => {
    const problem: Problem = { file: path.join(root, 'src/broken.ts'), range: at('src/broken.ts', 4, 2, 1).range, message: "';' expected", severity: 'error' };
    const log: Json = sarifLog(report([], [problem]));
    const invocation = log.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, true);
    assert.equal(invocation.toolExecutionNotifications.length, 1);
    const notification = invocation.toolExecutionNotifications[0];
    assert.equal(notification.level, 'error');
    assert.equal(notification.message.text, "';' expected");
    assert.equal(notification.locations[0].physicalLocation.region.startLine, 5);
    assert.deepEqual(log.runs[0].results, []);
  });

  it('gives files outside the root an absolute URI', () => {
    const flow = logFlow();
    flow.location = { ...flow.location, file: '/elsewhere/app.ts' };
    const log: Json = sarifLog(report([flow]));
    assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/app.ts' });
  });
});
