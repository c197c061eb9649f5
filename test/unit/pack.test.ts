// Pack loading and checking: YAML and schema errors at the right line:col, meaning checks (cited
// clauses, unique ids, categories, vendors, purposes, regions) at the offending node, bundled packs
// by id, and the bundled default pack loading clean against the real catalogue.

import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Catalogue } from '../../server/src/analysis/types';
import type { ConfigError } from '../../server/src/policy/types';
import { serverModule } from '../support/server-module';

const { loadPack, checkPack, resolvePackRef, bundledPackIds } = serverModule<typeof import('../../server/src/policy/pack')>('policy/pack');
const { checkPackFile } = serverModule<typeof import('../../server/src/policy/check')>('policy/check');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-pack-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small catalogue, so that these tests do not depend on what the shipped one happens to list. */
const catalogue: Catalogue = {
  categories: new Map(
    ['user.contact.email', 'user.contact.phone_number', 'user.name.first', 'user.government_id.passport_number'].map((id) => [id, { id, title: id }]),
  ),
  sources: [],
  names: { rules: [], exclude: [], personContext: '' },
  sinks: [
    { id: 'segment', kind: 'third-party', module: '@segment/analytics-node', calls: ['**/track'], name: 'Segment', vendor: 'Segment', purpose: 'analytics', hosts: { 'events.eu1.segmentapis.com': 'IE' } },
    { id: 'console', kind: 'log', global: 'console', calls: ['log'], name: 'console' },
  ],
  sanitisers: [],
  regions: { groups: { EU: ['DE', 'IE'] }, hosts: [{ host: '*.ap-south-1.amazonaws.com', region: 'IN' }] },
};

const GOOD = `policy:
  id: acme
  company: Acme
  title: Acme Privacy Policy
  url: https://acme.test/privacy
  version: January 2024
clauses:
  - id: sharing
    title: Sharing
    quote: We do not share your e-mail address.
    url: https://acme.test/privacy#sharing
  - id: hosting
    title: Hosting
    quote: We host your data in the EU.
    url: https://acme.test/privacy#hosting
rules:
  - id: no-email-sharing
    clause: sharing
    severity: error
    message: E-mail addresses are not shared with third parties.
    when:
      categories: [user.contact.email]
      sinkKinds: [third-party]
      vendors: [Segment]
      purposes: [analytics, advertising]
  - id: eu-only
    clause: hosting
    severity: warning
    message: Personal data is hosted in the EU.
    when:
      categories: [user, user.contact]
      regionNotIn: [EU, IE, IN, $home]
`;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** 1-based line:col of the `nth` occurrence of `needle` in `text`: where an error must point. */
function where(text: string, needle: string, nth = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `'${needle}' is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function positions(errors: ConfigError[]): Array<{ line: number; column: number }> {
  return errors.map((e) => ({ line: e.line, column: e.column }));
}

test('a good pack loads with no errors, with its file recorded', () => {
  const file = write('good.yaml', GOOD);
  const { pack, errors } = loadPack(file, { catalogue });
  assert.deepEqual(errors, []);
  assert.equal(pack?.file, file);
  assert.equal(pack?.policy.id, 'acme');
  assert.deepEqual(pack?.rules.map((r) => r.id), ['no-email-sharing', 'eu-only']);
  assert.deepEqual(checkPackFile(file, catalogue), []);
});

test('malformed YAML is an error at the offending line and column', () => {
  const duplicate = GOOD.replace('  company: Acme\n', '  company: Acme\n  company: Acme Inc\n');
  const file = write('duplicate-key.yaml', duplicate);
  const { pack, errors } = loadPack(file);
  assert.equal(pack, undefined);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].file, file);
  assert.deepEqual(positions(errors), [where(duplicate, 'company: Acme Inc')]);

  const compact = GOOD.replace('title: Sharing', 'title: Sharing: and more');
  const errors2 = loadPack(write('compact.yaml', compact)).errors;
  assert.deepEqual(positions(errors2), [where(compact, 'Sharing: and more')]);
});

test('schema errors point at the offending value or key', () => {
  const text = GOOD.replace('severity: warning', 'severity: fatal').replace('      regionNotIn:', '      colour: red\n      regionNotIn:');
  const { pack, errors } = loadPack(write('schema.yaml', text));
  assert.equal(pack, undefined);
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message]),
    [
      [where(text, 'fatal').line, where(text, 'fatal').column, 'rules[1].severity: must be one of "error", "warning", "note"'],
      [where(text, 'colour').line, where(text, 'colour').column, "rules[1].when: unknown property 'colour'"],
    ],
  );
  const missing = GOOD.replace('    message: Personal data is hosted in the EU.\n', '');
  const missingErrors = loadPack(write('missing.yaml', missing)).errors;
  assert.deepEqual(missingErrors.map((e) => e.message), ["rules[1]: missing required property 'message'"]);
  assert.deepEqual(positions(missingErrors), [where(missing, 'id: eu-only')]);
});

test('a rule citing a missing clause is an error at its clause, with a suggestion', () => {
  const text = GOOD.replace('clause: hosting', 'clause: hostng');
  const errors = loadPack(write('missing-clause.yaml', text), { catalogue }).errors;
  assert.equal(errors.length, 1);
  assert.equal(errors[0].message, "rule 'eu-only' cites clause 'hostng', which the pack does not define; did you mean 'hosting'?");
  assert.deepEqual(positions(errors), [where(text, 'hostng')]);
});

test('duplicate clause and rule ids are errors at the second one', () => {
  const text = GOOD.replace('id: hosting', 'id: sharing').replace('id: eu-only', 'id: no-email-sharing').replace('clause: hosting', 'clause: sharing');
  const errors = loadPack(write('duplicates.yaml', text)).errors;
  assert.deepEqual(
    errors.map((e) => e.message),
    ["duplicate clause id 'sharing'", "duplicate rule id 'no-email-sharing'"],
  );
  const valueOf = (key: string) => ({ ...where(text, key, 2), column: where(text, key, 2).column + 'id: '.length });
  assert.deepEqual(positions(errors), [valueOf('id: sharing'), valueOf('id: no-email-sharing')]);
});

test('unknown categories are errors at the item; taxonomy prefixes are fine', () => {
  const text = GOOD.replace('categories: [user, user.contact]', 'categories: [user, user.contact, user.contact.emial, user.contacts]');
  const errors = loadPack(write('categories.yaml', text), { catalogue }).errors;
  assert.deepEqual(
    errors.map((e) => e.message),
    ["unknown data category 'user.contact.emial'; did you mean 'user.contact.email'?", "unknown data category 'user.contacts'"],
  );
  assert.deepEqual(positions(errors), [where(text, 'user.contact.emial'), where(text, 'user.contacts')]);
  // Without a catalogue only the pack's own consistency is checked.
  assert.deepEqual(loadPack(write('categories-no-catalogue.yaml', text)).errors, []);
});

test('unknown vendors and regions are errors at the item; vendors match in any case; $home is known', () => {
  const text = GOOD.replace('vendors: [Segment]', 'vendors: [segment, Segmnet, Mixpanel]').replace('regionNotIn: [EU, IE, IN, $home]', 'regionNotIn: [EU, IE, IN, $home, XX]');
  const errors = loadPack(write('vendors.yaml', text), { catalogue }).errors;
  assert.deepEqual(
    errors.map((e) => e.message),
    [
      "unknown vendor 'Segmnet': no sink of the catalogue has it; did you mean 'Segment'?",
      "unknown vendor 'Mixpanel': no sink of the catalogue has it",
      "unknown region 'XX'",
    ],
  );
  assert.deepEqual(positions(errors), [where(text, 'Segmnet'), where(text, 'Mixpanel'), where(text, 'XX')]);
});

test('checkPack checks packs built in code too, reporting at the file', () => {
  const pack = {
    policy: { id: 'code', company: 'C', title: 'T', url: 'https://c.test', version: '1' },
    clauses: [],
    rules: [{ id: 'r', clause: 'nowhere', severity: 'error' as const, message: 'M.', when: { purposes: ['gossip' as 'ai'], categories: ['user.nope'] } }],
    file: '/packs/code.yaml',
  };
  const errors = checkPack(pack, catalogue);
  assert.deepEqual(
    errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`),
    [
      "/packs/code.yaml:1:1: rules[0].clause: rule 'r' cites clause 'nowhere', which the pack does not define",
      "/packs/code.yaml:1:1: rules[0].when.purposes[0]: unknown purpose 'gossip'",
      "/packs/code.yaml:1:1: rules[0].when.categories[0]: unknown data category 'user.nope'",
    ],
  );
});

test('pack references resolve to bundled packs by id, or to files relative to a folder', () => {
  const rulesDir = defaultRulesDir();
  assert.ok(bundledPackIds(rulesDir).includes('default'));
  assert.equal(resolvePackRef('default', dir, rulesDir).file, path.join(rulesDir, 'policies', 'default.yaml'));
  const own = write('own.yaml', GOOD);
  assert.equal(resolvePackRef('own.yaml', dir, rulesDir).file, own);
  assert.equal(resolvePackRef('./own.yaml', dir, rulesDir).file, own);
  assert.match(resolvePackRef('defualt', dir, rulesDir).error ?? '', /^unknown pack 'defualt': not a bundled pack \(.*default.*\) nor a file; did you mean 'default'\?$/);
  assert.equal(resolvePackRef('packs/none.yaml', dir, rulesDir).error, `pack file not found: ${path.join(dir, 'packs', 'none.yaml')}`);
});

test('an unreadable pack file is an error at 1:1, not an exception', () => {
  const errors = loadPack(path.join(dir, 'absent.yaml')).errors;
  assert.equal(errors.length, 1);
  assert.deepEqual(positions(errors), [{ line: 1, column: 1 }]);
  assert.match(errors[0].message, /file not found/);
});

test('the bundled default pack loads clean against the shipped catalogue', () => {
  const rulesDir = defaultRulesDir();
  const shipped = loadCatalogue(rulesDir);
  assert.deepEqual(shipped.errors, []);
  const file = path.join(rulesDir, 'policies', 'default.yaml');
  const { pack, errors } = loadPack(file, { catalogue: shipped.catalogue });
  assert.deepEqual(errors, []);
  assert.equal(pack?.policy.title, 'Privacy Lens default policy');
  assert.deepEqual(
    pack?.rules.map((r) => [r.id, r.severity]),
    [
      ['pii-to-log', 'warning'],
      ['pii-to-third-party', 'warning'],
      ['pii-outside-home-regions', 'error'],
    ],
  );
  assert.deepEqual(checkPackFile(file, shipped.catalogue), []);
});
