// The project config and the rule set: finding privacy-lens.yaml upward, loading it with errors at
// their line:col, building the merged and frozen rule set (default pack, config packs, --policy
// packs), and the include/exclude file filter.

import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigError } from '../../server/src/policy/types';
import { serverModule } from '../support/server-module';

const { findConfig, loadConfig } = serverModule<typeof import('../../server/src/policy/config')>('policy/config');
const { buildRuleSet, fileFilter } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-config-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function where(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const located = (errors: ConfigError[]) => errors.map((e) => ({ line: e.line, column: e.column, message: e.message }));

/** A pack of the project's own, naming the vendor of a sink that only the config declares. */
const OWN_PACK = `policy: { id: own, company: Own, title: Own Policy, url: 'https://own.test/p', version: '1' }
clauses:
  - { id: crm, title: CRM, quote: No e-mails in the CRM., url: 'https://own.test/p#crm' }
rules:
  - id: no-crm-email
    clause: crm
    severity: error
    message: E-mail addresses are not sent to the CRM.
    when: { categories: [user.contact.email], vendors: [Acme CRM] }
`;

test('findConfig walks up from a file or a folder to the nearest config', () => {
  const top = write('find/privacy-lens.yaml', '');
  const nested = write('find/a/b/privacy-lens.yml', '');
  write('find/a/b/c/d/file.ts', '');
  write('find/x/file.ts', '');
  assert.equal(findConfig(path.join(root, 'find/a/b/c/d/file.ts')), nested);
  assert.equal(findConfig(path.join(root, 'find/a/b/c')), nested);
  assert.equal(findConfig(path.join(root, 'find/a/b')), nested);
  assert.equal(findConfig(path.join(root, 'find/a')), top);
  assert.equal(findConfig(path.join(root, 'find/x/file.ts')), top);
  assert.equal(findConfig(path.join(root, 'find/x/not-yet-created.ts')), top);
  assert.equal(findConfig(path.join(root, 'elsewhere')), undefined);
});

test('a valid config loads with its file; an empty one is an empty config', () => {
  write('valid/packs/own.yaml', OWN_PACK);
  const file = write(
    'valid/privacy-lens.yaml',
    `packs: [default, ./packs/own.yaml]
homeRegions: [US, EU]
hosts: { '*.corp.example': IN }
sources:
  - { field: Lead.contactInfo, category: user.contact }
  - { name: '^lead_.*_mail$', category: user.contact.email }
severity: { default/pii-to-log: off }
`,
  );
  const { config, errors } = loadConfig(file, { catalogue: loadCatalogue(defaultRulesDir()).catalogue });
  assert.deepEqual(errors, []);
  assert.equal(config?.file, file);
  assert.deepEqual(config?.homeRegions, ['US', 'EU']);
  assert.deepEqual(config?.severity, { 'default/pii-to-log': 'off' });

  const empty = write('empty/privacy-lens.yaml', '# nothing yet\n');
  assert.deepEqual(loadConfig(empty), { config: { file: empty }, errors: [] });
});

test('schema errors in a config point at the offending key or value', () => {
  const text = `packs: [default]
homeRegion: [US]
failOn: off
`;
  const { config, errors } = loadConfig(write('schema/privacy-lens.yaml', text));
  assert.equal(config, undefined);
  assert.deepEqual(located(errors), [
    { ...where(text, 'homeRegion'), message: "unknown property 'homeRegion'" },
    { ...where(text, 'off'), message: 'failOn: must be one of "error", "warning", "note"' },
  ]);
});

test('meaning errors in a config point at the offending node', () => {
  const text = `packs: [defualt, ./missing.yaml]
homeRegions: [US, XX]
include: ['  ']
sources:
  - { name: 'lead_(', category: user.contact }
  - { field: Lead.mail, category: user.contact.emial }
  - { category: user.name }
sinks:
  - { id: console, kind: log, global: console, calls: [log], name: dup }
  - { id: acme, kind: log, module: acme, calls: ['{info'], name: acme }
`;
  const catalogue = loadCatalogue(defaultRulesDir()).catalogue;
  const { errors } = loadConfig(write('meaning/privacy-lens.yaml', text), { catalogue });
  const byPosition = located(errors).map((e) => `${e.line}:${e.column} ${e.message}`);
  const at = (needle: string, message: RegExp) => {
    const p = where(text, needle);
    assert.ok(
      byPosition.some((e) => e.startsWith(`${p.line}:${p.column} `) && message.test(e)),
      `an error at ${p.line}:${p.column} matching ${message} among:\n${byPosition.join('\n')}`,
    );
  };
  at('defualt', /unknown pack 'defualt': not a bundled pack .* did you mean 'default'\?$/);
  at('./missing.yaml', /pack file not found: .*missing\.yaml$/);
  at('XX', /unknown region 'XX'$/);
  at("'  '", /include\[0\]: a glob must not be empty$/);
  at("'lead_('", /sources\[0\]\.name: not a valid regular expression/);
  at('user.contact.emial', /unknown data category 'user.contact.emial'; did you mean 'user.contact.email'\?$/);
  at('{ category: user.name }', /sources\[2\]: give a declaration path in 'field' or a name pattern in 'name'$/);
  at('console, kind', /sink id 'console' is already a sink of the built-in catalogue$/);
  at("'{info'", /sinks\[1\]\.calls\[0\]: /);
  assert.equal(errors.length, 9, byPosition.join('\n'));
});

test('without a config, the rule set applies the bundled default pack', () => {
  const { ruleSet, errors } = buildRuleSet();
  assert.deepEqual(errors, []);
  assert.deepEqual(ruleSet?.packs.map((p) => p.policy.id), ['default']);
  assert.deepEqual(ruleSet?.config, {});
});

test('the rule set merges the config into a new catalogue and applies the config packs', () => {
  write('merge/packs/own.yaml', OWN_PACK);
  const file = write(
    'merge/privacy-lens.yaml',
    `packs: [default, packs/own.yaml]
homeRegions: [US]
hosts: { 'api.example.in': DE }
sources: [{ field: Lead.contactInfo, category: user.contact.email }]
sinks:
  - { id: acme-crm, kind: third-party, module: '@acme/crm', calls: ['**/push'], name: Acme CRM, vendor: Acme CRM, purpose: crm }
sanitisers: [{ names: [scrubPii], effect: redact }]
`,
  );
  const base = loadCatalogue(defaultRulesDir()).catalogue;
  const before = { sources: base.sources.length, sinks: base.sinks.length, sanitisers: base.sanitisers.length, hosts: base.regions.hosts.length };
  const { ruleSet, errors } = buildRuleSet({ configFile: file });
  assert.deepEqual(errors, []);
  assert.ok(ruleSet);
  assert.deepEqual(ruleSet.packs.map((p) => p.policy.id), ['default', 'own']);
  const merged = ruleSet.catalogue;
  assert.deepEqual(merged.regions.hosts[0], { host: 'api.example.in', region: 'DE' }, 'the config host map comes first');
  assert.equal(merged.regions.hosts.length, before.hosts + 1);
  assert.equal(merged.sinks[merged.sinks.length - 1].id, 'acme-crm');
  assert.equal(merged.sinks.length, before.sinks + 1);
  assert.deepEqual(merged.sanitisers[merged.sanitisers.length - 1], { names: ['scrubPii'], effect: 'redact' });
  assert.deepEqual(merged.sources[merged.sources.length - 1], { field: 'Lead.contactInfo', category: 'user.contact.email' });
  // The catalogue it started from is untouched.
  assert.deepEqual(
    { sources: base.sources.length, sinks: base.sinks.length, sanitisers: base.sanitisers.length, hosts: base.regions.hosts.length },
    before,
  );
});

test('the rule set is frozen all the way down', () => {
  const { ruleSet } = buildRuleSet();
  assert.ok(ruleSet);
  assert.throws(() => {
    (ruleSet.packs as unknown[]).push({});
  }, TypeError);
  assert.throws(() => {
    ruleSet.packs[0].rules[0].severity = 'note';
  }, TypeError);
  assert.throws(() => {
    ruleSet.catalogue.sinks.push(ruleSet.catalogue.sinks[0]);
  }, TypeError);
  assert.throws(() => ruleSet.catalogue.categories.set('user.x', { id: 'user.x', title: 'x' }), TypeError);
  assert.throws(() => ruleSet.catalogue.categories.clear(), TypeError);
});

test('packs from the command line replace the config packs and resolve from the working folder', () => {
  const own = write('cli/own.yaml', OWN_PACK.replace('vendors: [Acme CRM]', 'sinkKinds: [log]'));
  const file = write('cli/project/privacy-lens.yaml', 'packs: [default]\nseverity: { default/pii-to-log: note }\n');
  const fromCli = buildRuleSet({ configFile: file, packFiles: ['own.yaml', 'default'], cwd: path.dirname(own) });
  assert.deepEqual(fromCli.errors, []);
  assert.deepEqual(fromCli.ruleSet?.packs.map((p) => p.policy.id), ['own', 'default']);

  const missing = buildRuleSet({ configFile: file, packFiles: ['nope.yaml'], cwd: path.dirname(own) });
  assert.equal(missing.ruleSet, undefined);
  assert.deepEqual(located(missing.errors), [{ line: 1, column: 1, message: `pack file not found: ${path.join(path.dirname(own), 'nope.yaml')}` }]);
});

test('errors in a pack or in severity overrides refuse the rule set, each at its place', () => {
  const logPack = OWN_PACK.replace('vendors: [Acme CRM]', 'sinkKinds: [log]');
  const packText = logPack.replace('[user.contact.email]', '[user.contact.emial]');
  write('bad/packs/own.yaml', packText);
  const configText = 'packs: [packs/own.yaml]\nseverity: { own/no-such-rule: off }\n';
  const file = write('bad/privacy-lens.yaml', configText);
  const withPackError = buildRuleSet({ configFile: file });
  assert.equal(withPackError.ruleSet, undefined);
  assert.deepEqual(
    withPackError.errors.map((e) => [e.file, e.line, e.column]),
    [[path.join(root, 'bad/packs/own.yaml'), where(packText, 'user.contact.emial').line, where(packText, 'user.contact.emial').column]],
  );

  write('bad/packs/own.yaml', logPack);
  const withSeverityError = buildRuleSet({ configFile: file });
  assert.equal(withSeverityError.ruleSet, undefined);
  assert.deepEqual(located(withSeverityError.errors), [
    { ...where(configText, 'own/no-such-rule'), message: "severity: no loaded pack has a rule 'own/no-such-rule'" },
  ]);
});

test('the file filter applies default excludes and the config globs relative to its folder', () => {
  const file = write('filter/privacy-lens.yaml', "include: ['src/**', 'scripts/*.ts']\nexclude: ['*.spec.ts', 'src/generated/**']\n");
  const built = buildRuleSet({ configFile: file });
  assert.deepEqual(built.errors, []);
  const accepts = fileFilter(built.ruleSet!, '/ignored-when-there-is-a-config');
  const base = path.join(root, 'filter');
  const verdicts = Object.fromEntries(
    [
      'src/app.ts',
      'src/deep/er/x.tsx',
      'scripts/run.ts',
      'scripts/deep/run.ts',
      'src/app.spec.ts',
      'src/generated/api.ts',
      'src/node_modules/pkg/index.js',
      'src/dist/bundle.js',
      'src/vendor/lib.min.js',
      'src/types.d.ts',
      'other/app.ts',
      '../outside/app.ts',
    ].map((f) => [f, accepts(path.join(base, f))]),
  );
  assert.deepEqual(verdicts, {
    'src/app.ts': true,
    'src/deep/er/x.tsx': true,
    'scripts/run.ts': true,
    'scripts/deep/run.ts': false,
    'src/app.spec.ts': false,
    'src/generated/api.ts': false,
    'src/node_modules/pkg/index.js': false,
    'src/dist/bundle.js': false,
    'src/vendor/lib.min.js': false,
    'src/types.d.ts': false,
    'other/app.ts': false,
    '../outside/app.ts': false,
  });

  // Without a config: everything under the root but the default excludes.
  const plain = fileFilter(buildRuleSet().ruleSet!, base);
  assert.equal(plain(path.join(base, 'other/app.ts')), true);
  assert.equal(plain(path.join(base, 'build/app.js')), false);
  assert.equal(plain(path.join(base, 'coverage/lcov-report/x.js')), false);
});

test('test files are left out unless the config says tests: true', () => {
  const tests = ['src/user.test.ts', 'src/user.spec.tsx', 'apps/api/e2e/signup.ts', 'src/__tests__/x.js', 'test/helpers.ts', 'src/api.e2e.ts', 'src/__mocks__/sentry.ts'];
  const code = ['src/user.ts', 'src/testimonials.ts', 'src/latest/feed.ts', 'src/contest.ts'];
  const base = path.join(root, 'tests-default');
  const byDefault = fileFilter(buildRuleSet().ruleSet!, base);
  assert.deepEqual(tests.filter((f) => byDefault(path.join(base, f))), []);
  assert.deepEqual(code.filter((f) => !byDefault(path.join(base, f))), []);
  const file = write('tests-on/privacy-lens.yaml', 'tests: true\n');
  const built = buildRuleSet({ configFile: file });
  assert.deepEqual(built.errors, []);
  const withTests = fileFilter(built.ruleSet!, '/ignored');
  const on = path.join(root, 'tests-on');
  assert.deepEqual([...tests, ...code].filter((f) => !withTests(path.join(on, f))), []);
  const bad = buildRuleSet({ configFile: write('tests-bad/privacy-lens.yaml', "tests: 'yes'\n") });
  assert.equal(bad.ruleSet, undefined);
  assert.match(bad.errors[0].message, /tests/);
});
