// `policy draft`: drafting a pack from a policy's text. On the five seed texts every quote is
// verbatim, the draft passes the pack schema and `policy check`, and it proposes some of the
// hand-written pack's rules (the test prints how many); Markdown and HTML inputs are read too.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Flow } from '../../server/src/analysis/types';
import type { Pack, PolicyRule } from '../../server/src/policy/types';
import { REPO_ROOT } from '../support/cli-run';
import { serverModule } from '../support/server-module';
import { policyTextFile, SEED_PACKS, seedPackFile } from '../support/seed-policies';

const { draftPack } = serverModule<typeof import('../../server/src/policy/draft')>('policy/draft');
const { normaliseSpace } = serverModule<typeof import('../../server/src/policy/draft-text')>('policy/draft-text');
const { checkPackFile } = serverModule<typeof import('../../server/src/policy/check')>('policy/check');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');
const { evaluate } = serverModule<typeof import('../../server/src/policy/evaluate')>('policy/evaluate');

const SCHEMA = path.join(REPO_ROOT, 'rules', 'schemas', 'pack.schema.json');

function validateSchema(value: unknown): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv') as typeof import('ajv').default;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

// ---------------------------------------------------------------------------------------------
// Matching a draft against the hand-written pack: a draft rule proposes a hand-written one when
// they cite similar clauses (heading words overlap by half or more), share a sink kind, and their
// categories overlap (one covers the other by dotted prefix; no categories means all of `user`),
// their purposes overlap when both name some, and both or neither restrict regions and schemes.

function words(title: string): Set<string> {
  return new Set(title.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 2));
}

export function titleSimilarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  const common = [...x].filter((w) => y.has(w)).length;
  return common / Math.max(1, new Set([...x, ...y]).size);
}

const covers = (a: string, b: string): boolean => a === b || b.startsWith(`${a}.`);

function proposes(draft: Omit<Pack, 'file'>, d: PolicyRule, hand: Pack, h: PolicyRule): boolean {
  const dTitle = draft.clauses.find((c) => c.id === d.clause)!.title;
  const hTitle = hand.clauses.find((c) => c.id === h.clause)!.title;
  if (titleSimilarity(dTitle, hTitle) < 0.5) return false;
  const dKinds = d.when.sinkKinds ?? ['log', 'third-party', 'transfer'];
  const hKinds = h.when.sinkKinds ?? ['log', 'third-party', 'transfer'];
  if (!dKinds.some((k) => hKinds.includes(k))) return false;
  if (d.when.purposes && h.when.purposes && !d.when.purposes.some((p) => h.when.purposes!.includes(p))) return false;
  if (!d.when.schemes !== !h.when.schemes) return false;
  if (!(d.when.regionNotIn ?? d.when.regionIn) !== !(h.when.regionNotIn ?? h.when.regionIn)) return false;
  const dCats = d.when.categories ?? ['user'];
  const hCats = h.when.categories ?? ['user'];
  return dCats.some((c) => hCats.some((x) => covers(c, x) || covers(x, c)));
}

function catalogue() {
  const { catalogue: loaded, errors } = loadCatalogue(defaultRulesDir());
  assert.deepEqual(errors, []);
  return loaded;
}

for (const id of SEED_PACKS) {
  test(`draft of ${id}.txt: verbatim quotes, a valid pack, and some of the hand-written rules`, (t) => {
    const file = policyTextFile(id);
    if (!fs.existsSync(file)) {
      t.skip(`policy text not found at ${file} (../shared/policies beside the checkout)`);
      return;
    }
    const text = fs.readFileSync(file, 'utf8');
    const { pack, yaml, stats } = draftPack(text, file);

    // Never a quote that is not in the text.
    const normalised = normaliseSpace(text);
    for (const clause of pack.clauses) {
      assert.ok(clause.quote.length > 0);
      assert.ok(normalised.includes(normaliseSpace(clause.quote)), `${id}/${clause.id}: quote is verbatim:\n${clause.quote}`);
    }
    for (const entry of pack.notEncoded ?? []) {
      const commitment = entry.commitment.replace(/ \(clause [\w-]+\)$/, '');
      assert.ok(normalised.includes(commitment), `${id}: not-encoded commitment is quoted verbatim: ${commitment}`);
    }

    // Marked as a draft throughout, each rule citing a clause.
    assert.equal(pack.draft, true);
    assert.match(yaml, /^# DRAFT policy pack for review/);
    const clauseIds = new Set(pack.clauses.map((c) => c.id));
    for (const rule of pack.rules) {
      assert.equal(rule.draft, true);
      assert.equal(rule.severity, 'warning');
      assert.match(rule.message, /^DRAFT: /);
      assert.ok(clauseIds.has(rule.clause), `${rule.id} cites an existing clause`);
    }
    assert.equal(stats.rules, pack.rules.length);
    assert.equal(stats.clauses, pack.clauses.length);

    // The YAML is the pack, and it passes the schema and `policy check`.
    assert.deepEqual(parse(yaml), JSON.parse(JSON.stringify(pack)));
    assert.deepEqual(validateSchema(parse(yaml)), [], `${id}: the draft passes the pack schema`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-draft-'));
    try {
      const out = path.join(dir, `${id}-draft.yaml`);
      fs.writeFileSync(out, yaml);
      assert.deepEqual(checkPackFile(out, catalogue()), [], `${id}: the draft passes policy check`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // How much of the hand-written pack it proposes.
    const hand = parse(fs.readFileSync(seedPackFile(id), 'utf8')) as Pack;
    const matched = hand.rules.filter((h) => pack.rules.some((d) => proposes(pack, d, hand, h)));
    const line = `${id}: draft proposes ${matched.length} of ${hand.rules.length} hand-written rules (${matched.map((r) => r.id).join(', ')}); ${pack.rules.length} draft rules, ${pack.clauses.length} clauses`;
    process.stdout.write(`# ${line}\n`);
    assert.ok(matched.length >= 1, line);
  });
}

test('a drafted rule works: the drafted sonarCX hosting rule flags a transfer to India, not to Frankfurt', (t) => {
  const file = policyTextFile('sonarcx');
  if (!fs.existsSync(file)) {
    t.skip(`policy text not found at ${file}`);
    return;
  }
  const { pack } = draftPack(fs.readFileSync(file, 'utf8'), file);
  const hosting = pack.rules.find((r) => r.when.regionNotIn)!;
  assert.deepEqual(hosting.when.regionNotIn, ['US', 'EU']);
  const flow = (host: string, region: string): Flow => ({
    location: { file: '/p/a.ts', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
    destination: { sinkId: 'axios', sinkKind: 'transfer', name: 'axios', callee: 'axios.post', host, region, scheme: 'https' },
    data: [{ category: 'user.contact.email', reason: { kind: 'name', detail: "field name 'email'" }, steps: [], expression: 'c.email' }],
    arguments: [],
  });
  const ruleSet = { catalogue: catalogue(), packs: [{ ...pack, file: '/draft.yaml' }], config: {} };
  const findings = evaluate([flow('a.ap-south-1.amazonaws.com', 'IN'), flow('b.eu-central-1.amazonaws.com', 'DE')], ruleSet).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.flow.destination.region]), [[`sonarcx/${hosting.id}`, 'IN']]);
});

test('Markdown: # headings make the clauses, sentences stay under their heading', () => {
  const md = [
    '# Acme Privacy Notice',
    '',
    'Last updated: March 3, 2024',
    '',
    '## Where we store data',
    '',
    'Your data is stored in the European Union. We keep backups in Canada.',
    '',
    '## Selling data',
    '',
    'We do not sell your personal information to anyone.',
    '',
    '## Cards',
    '',
    'Card numbers are sent over TLS only. We never store credit card numbers after a payment.',
  ].join('\n');
  const { pack } = draftPack(md, 'acme.md');
  assert.equal(pack.policy.id, 'acme');
  assert.equal(pack.policy.title, 'Acme Privacy Notice');
  assert.equal(pack.policy.version, 'Last updated: March 3, 2024');
  assert.deepEqual(pack.clauses.map((c) => c.title), ['Where we store data', 'Selling data', 'Cards']);
  const byKind = Object.fromEntries(pack.rules.map((r) => [r.id, r]));
  assert.deepEqual(byKind['hosting-regions']?.when.regionNotIn, ['EU', 'CA']);
  assert.equal(byKind['hosting-regions']?.clause, 'where-we-store-data');
  assert.equal(byKind['no-sale']?.clause, 'selling-data');
  assert.deepEqual(byKind['card-data-over-tls']?.when.schemes, ['http']);
  assert.deepEqual(byKind['card-data-not-stored']?.when.sinkKinds, ['log']);
  for (const clause of pack.clauses) assert.ok(md.includes(clause.quote), clause.quote);
});

test('HTML: <h2> headings, tags stripped, entities decoded; quotes come from the text content', () => {
  const html = `<!doctype html><html><head><title>x</title><style>p { color: red }</style></head><body>
    <h1>Example&nbsp;Co Privacy Policy</h1>
    <p>Effective January 1, 2023</p>
    <h2>Sharing &amp; Sale</h2>
    <p>Example Co does <strong>not</strong> sell, rent or lease your personal data.
       We don&#8217;t share your phone number with third parties for marketing purposes.</p>
    <h2>Retention</h2>
    <p>We retain call recordings for ninety (90) days.</p>
    <script>var sell = "We do not sell";</script>
  </body></html>`;
  const { pack, yaml } = draftPack(html, 'example.html');
  assert.deepEqual(pack.clauses.map((c) => c.title), ['Sharing & Sale', 'Retention']);
  assert.equal(pack.policy.version, 'Effective January 1, 2023');
  const sharing = pack.clauses[0]!;
  assert.equal(sharing.quote, 'Example Co does not sell, rent or lease your personal data. We don’t share your phone number with third parties for marketing purposes.');
  assert.deepEqual(pack.rules.map((r) => r.id), ['no-sale', 'no-marketing-sharing']);
  assert.deepEqual(pack.rules[1]!.when.categories, ['user.contact.phone_number']);
  assert.equal(pack.notEncoded?.length, 1);
  assert.doesNotMatch(yaml, /<\/?[a-z]+>/, 'no markup leaks into the pack');
});

test('a text with no recognisable statements still drafts a valid pack of clauses', () => {
  const { pack, stats } = draftPack('About Us\n\nWe make widgets in small batches.\n', 'about.txt');
  assert.equal(stats.rules, 0);
  assert.equal(pack.clauses.length, 1);
  assert.deepEqual(validateSchema(JSON.parse(JSON.stringify(pack))), []);
});
