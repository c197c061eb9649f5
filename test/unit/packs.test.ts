// The five seed policy packs (rules/policies/{sonarcx,sococo,interactcx,contacto,cloudcall}.yaml):
// each loads clean against the schema and the catalogue, quotes its policy verbatim, and — judged by
// the real evaluator — flags each commitment's violation with the right clause while leaving the
// compliant variant alone.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Catalogue, Destination, Flow, FlowData } from '../../server/src/analysis/types';
import type { Pack, RuleSet } from '../../server/src/policy/types';
import { REPO_ROOT, runCli } from '../support/cli-run';
import { serverModule } from '../support/server-module';
import { matchSnapshot } from '../support/snapshot';
import { policyTextFile, SEED_PACKS, seedPackFile } from '../support/seed-policies';
import type { SeedPack } from '../support/seed-policies';

const { loadPack } = serverModule<typeof import('../../server/src/policy/pack')>('policy/pack');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');
const { evaluate } = serverModule<typeof import('../../server/src/policy/evaluate')>('policy/evaluate');
const { headingAnchor, normaliseSpace } = serverModule<typeof import('../../server/src/policy/draft-text')>('policy/draft-text');

const packFile = seedPackFile;

let catalogueCache: Catalogue | undefined;
function catalogue(): Catalogue {
  if (!catalogueCache) {
    const { catalogue: loaded, errors } = loadCatalogue(defaultRulesDir());
    assert.deepEqual(errors, [], 'the bundled catalogue loads clean');
    catalogueCache = loaded;
  }
  return catalogueCache;
}

function pack(id: SeedPack): Pack {
  const { pack: loaded, errors } = loadPack(packFile(id), { catalogue: catalogue() });
  assert.deepEqual(errors, [], `${id}.yaml has no schema or meaning errors`);
  assert.ok(loaded);
  return loaded;
}

// ---------------------------------------------------------------------------------------------
// Shape and quotes

for (const id of SEED_PACKS) {
  test(`${id}: loads clean, every rule cites a clause, ids are unique, nothing is a draft`, () => {
    const p = pack(id);
    assert.equal(p.policy.id, id);
    const clauseIds = p.clauses.map((c) => c.id);
    assert.equal(new Set(clauseIds).size, clauseIds.length, 'clause ids are unique');
    const ruleIds = p.rules.map((r) => r.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    assert.ok(p.rules.length >= 2, 'at least two commitments are encoded');
    for (const rule of p.rules) {
      assert.ok(clauseIds.includes(rule.clause), `${rule.id} cites an existing clause`);
      assert.equal(rule.draft, undefined, `${rule.id} is reviewed, not a draft`);
      // One sentence: ends with a period and has no sentence break inside.
      assert.match(rule.message, /^[A-Z].*\.$/, `${rule.id}: the message is a sentence`);
      assert.doesNotMatch(rule.message.slice(0, -1), /[.!?]\s+[A-Z]/, `${rule.id}: the message is one sentence`);
    }
    const raw = parse(fs.readFileSync(packFile(id), 'utf8')) as { draft?: boolean };
    assert.equal(raw.draft, undefined);
    assert.ok((p.notEncoded ?? []).length >= 2, 'the commitments left out are listed with a reason');
    for (const clause of p.clauses) assert.ok(p.rules.some((r) => r.clause === clause.id), `clause ${clause.id} is cited by a rule`);
  });

  test(`${id}: every clause quotes the policy verbatim, under its own heading, with an anchored link`, (t) => {
    const policyFile = policyTextFile(id);
    if (!fs.existsSync(policyFile)) {
      t.skip(`policy text not found at ${policyFile} (../shared/policies beside the checkout)`);
      return;
    }
    const text = fs.readFileSync(policyFile, 'utf8');
    const normalised = normaliseSpace(text);
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    const p = pack(id);
    for (const clause of p.clauses) {
      assert.ok(normalised.includes(normaliseSpace(clause.quote)), `${id}/${clause.id}: quote is verbatim:\n${clause.quote}`);
      assert.ok(lines.includes(clause.title), `${id}/${clause.id}: title '${clause.title}' is a heading of the text`);
      // The quote sits under that heading: after it, and before the next clause's heading.
      const headingAt = new RegExp(`^[ \\t]*${clause.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*$`, 'm').exec(text)?.index ?? -1;
      const quoteAt = normaliseSpace(text.slice(headingAt)).indexOf(normaliseSpace(clause.quote));
      assert.ok(headingAt >= 0 && quoteAt >= 0, `${id}/${clause.id}: quote follows its heading`);
      assert.equal(clause.url, `${p.policy.url}#${headingAnchor(clause.title)}`, `${id}/${clause.id}: link anchors the heading`);
    }
    assert.ok(normalised.includes(normaliseSpace(p.policy.version)) || p.policy.version === 'undated', `${id}: version is as the text gives it`);
  });
}

// ---------------------------------------------------------------------------------------------
// Commitments: one violation and one compliant variant each, judged by the real evaluator.

interface Case {
  name: string;
  categories: Array<string | { category: string; derivedBy: FlowData['derivedBy'] }>;
  to: Partial<Destination> & Pick<Destination, 'sinkKind'>;
  /** The rule that must flag it (and the only rule of the pack that does), or null for compliant code. */
  expect: string | null;
  /** A phrase the cited clause's quote must contain. */
  quoteHas?: string;
}

const LOG = { sinkKind: 'log', name: 'pino', callee: 'logger.info' } as const;
const META = { sinkKind: 'third-party', vendor: 'Meta', purpose: 'advertising', name: 'Meta Conversions API', region: 'US' } as const;
const MARKETING_SMS = { sinkKind: 'third-party', vendor: 'Twilio', purpose: 'marketing', name: 'Twilio', region: 'US' } as const;
const TRANSACTIONAL_SMS = { sinkKind: 'third-party', vendor: 'Twilio', purpose: 'messaging', name: 'Twilio', region: 'US' } as const;
const SEGMENT = { sinkKind: 'third-party', vendor: 'Segment', purpose: 'analytics', name: 'Segment', region: 'US' } as const;
const SENTRY = { sinkKind: 'third-party', vendor: 'Sentry', purpose: 'error-monitoring', name: 'Sentry', region: 'US' } as const;
const HUBSPOT = { sinkKind: 'third-party', vendor: 'HubSpot', purpose: 'crm', name: 'HubSpot', region: 'US' } as const;
const STRIPE = { sinkKind: 'third-party', vendor: 'Stripe', purpose: 'payments', name: 'Stripe', region: 'US' } as const;
const to = (host: string, region: string | undefined, scheme = 'https') => ({ sinkKind: 'transfer', name: 'axios', callee: 'axios.post', host, region, scheme }) as const;
const hashed = (category: string) => ({ category, derivedBy: 'hash' as const });

const CASES: Record<SeedPack, Case[]> = {
  sonarcx: [
    { name: 'transcript to a host in India', categories: ['user.content.communications.transcript'], to: to('x.execute-api.ap-south-1.amazonaws.com', 'IN'), expect: 'hosted-in-us-eu', quoteHas: 'European Union' },
    { name: 'transcript to a host in Frankfurt', categories: ['user.content.communications.transcript'], to: to('b.s3.eu-central-1.amazonaws.com', 'DE'), expect: null },
    { name: 'e-mail to a US host', categories: ['user.contact.email'], to: to('api.example.com', 'US'), expect: null },
    { name: 'hashed e-mail to an advertising platform', categories: [hashed('user.contact.email')], to: META, expect: 'no-sale-to-advertisers', quoteHas: 'sell' },
    { name: 'e-mail to error monitoring (a sub-processor)', categories: ['user.contact.email'], to: SENTRY, expect: null },
    { name: 'SSN in a log', categories: ['user.government_id.national_identification_number'], to: LOG, expect: 'special-categories-not-logged', quoteHas: 'SSN' },
    { name: "driver's licence in a log", categories: ['user.government_id.drivers_license_number'], to: LOG, expect: 'special-categories-not-logged', quoteHas: 'Drivers License' },
    { name: 'medical information in a log', categories: ['user.health_and_medical'], to: LOG, expect: 'special-categories-not-logged', quoteHas: 'medical information' },
    { name: 'hashed SSN in a log', categories: [hashed('user.government_id.national_identification_number')], to: LOG, expect: null },
    { name: 'e-mail in a log', categories: ['user.contact.email'], to: LOG, expect: null },
    { name: 'medical information to product analytics', categories: ['user.health_and_medical'], to: SEGMENT, expect: 'special-categories-only-to-sub-processors', quoteHas: 'sub-processors' },
    { name: 'e-mail to product analytics', categories: ['user.contact.email'], to: SEGMENT, expect: null },
    { name: 'password in a log', categories: ['user.authorization.password'], to: LOG, expect: 'credentials-not-logged', quoteHas: 'safeguards' },
  ],
  sococo: [
    { name: 'card number to an http:// URL', categories: ['user.financial.card_number'], to: to('payments.example.com', undefined, 'http'), expect: 'card-data-over-tls', quoteHas: 'Secure Socket Layer' },
    { name: 'card number to an https:// URL', categories: ['user.financial.card_number'], to: to('payments.example.com', undefined, 'https'), expect: null },
    { name: 'e-mail to an http:// URL', categories: ['user.contact.email'], to: to('api.example.com', undefined, 'http'), expect: null },
    { name: 'card number in a log', categories: ['user.financial.credit_card'], to: LOG, expect: 'card-data-not-stored', quoteHas: 'will not be stored' },
    { name: 'card number to the payment gateway', categories: ['user.financial.card_number'], to: STRIPE, expect: null },
    { name: 'card number to error monitoring', categories: ['user.financial.card_number'], to: SENTRY, expect: 'card-data-only-to-payment-gateway', quoteHas: 'payment gateway' },
    { name: 'hashed e-mail to an advertising platform', categories: [hashed('user.contact.email')], to: META, expect: 'contact-details-not-to-partners', quoteHas: 'e-mail, name, address, telephone number' },
    { name: 'telephone number to a marketing SMS platform', categories: ['user.contact.phone_number'], to: MARKETING_SMS, expect: 'contact-details-not-to-partners' },
    { name: 'telephone number for a transactional SMS', categories: ['user.contact.phone_number'], to: TRANSACTIONAL_SMS, expect: null },
    { name: 'name and e-mail to the CRM', categories: ['user.name', 'user.contact.email'], to: HUBSPOT, expect: null },
    { name: 'IP address sold to an advertising platform', categories: ['user.device.ip_address'], to: META, expect: 'no-sale', quoteHas: 'will not be sold' },
  ],
  interactcx: [
    { name: 'IP address to the CRM', categories: ['user.device.ip_address'], to: HUBSPOT, expect: 'ip-address-only-for-performance', quoteHas: 'analyzing website performance' },
    { name: 'IP address to an advertising platform', categories: ['user.device.ip_address'], to: META, expect: 'ip-address-only-for-performance' },
    { name: 'IP address to website analytics', categories: ['user.device.ip_address'], to: SEGMENT, expect: null },
    { name: 'IP address in a log', categories: ['user.device.ip_address'], to: LOG, expect: null },
    { name: 'mobile number to a marketing SMS platform', categories: ['user.contact.phone_number'], to: MARKETING_SMS, expect: 'mobile-not-for-marketing', quoteHas: 'No mobile information' },
    { name: 'hashed mobile number to an advertising platform', categories: [hashed('user.contact.phone_number')], to: META, expect: 'mobile-not-for-marketing' },
    { name: 'mobile number for a transactional SMS', categories: ['user.contact.phone_number'], to: TRANSACTIONAL_SMS, expect: null },
    { name: 'mobile number to the CRM', categories: ['user.contact.phone_number'], to: HUBSPOT, expect: null },
    { name: 'SMS opt-in record to the CRM', categories: ['user.privacy_preferences'], to: HUBSPOT, expect: 'sms-opt-in-not-shared', quoteHas: 'opt-in data and consent' },
    { name: 'SMS opt-in record to the SMS carrier', categories: ['user.privacy_preferences'], to: TRANSACTIONAL_SMS, expect: null },
    { name: 'e-mail to an advertising platform', categories: ['user.contact.email'], to: META, expect: null },
  ],
  contacto: [
    { name: 'e-mail to a host in India', categories: ['user.contact.email'], to: to('x.execute-api.ap-south-1.amazonaws.com', 'IN'), expect: 'region-of-residence', quoteHas: 'region of residence' },
    { name: 'recording to a host in Frankfurt (home is the US)', categories: ['user.content.communications.call_recording'], to: to('b.s3.eu-central-1.amazonaws.com', 'DE'), expect: 'region-of-residence' },
    { name: 'recording to a host in the home region', categories: ['user.content.communications.call_recording'], to: to('b.s3.us-east-1.amazonaws.com', 'US'), expect: null },
    { name: 'e-mail to a host whose region is unknown', categories: ['user.contact.email'], to: to('api.partner.example', undefined), expect: null },
    { name: 'hashed e-mail to an advertising platform', categories: [hashed('user.contact.email')], to: META, expect: 'no-sale-or-sharing', quoteHas: 'does not sell or share' },
    { name: 'phone number to a marketing platform', categories: ['user.contact.phone_number'], to: MARKETING_SMS, expect: 'no-sale-or-sharing' },
    { name: 'phone number for a transactional SMS', categories: ['user.contact.phone_number'], to: TRANSACTIONAL_SMS, expect: null },
    { name: 'customer details to the CRM', categories: ['user.name', 'user.contact.email'], to: HUBSPOT, expect: null },
  ],
  cloudcall: [
    { name: 'transcript to a host in India', categories: ['user.content.communications.transcript'], to: to('x.execute-api.ap-south-1.amazonaws.com', 'IN'), expect: 'onward-transfer-certified-only', quoteHas: 'cross-border' },
    { name: 'transcript to a host in Frankfurt', categories: ['user.content.communications.transcript'], to: to('b.s3.eu-central-1.amazonaws.com', 'DE'), expect: null },
    { name: 'transcript to a host in London', categories: ['user.content.communications.transcript'], to: to('b.s3.eu-west-2.amazonaws.com', 'GB'), expect: null },
    { name: 'hashed e-mail to an advertising platform', categories: [hashed('user.contact.email')], to: META, expect: 'no-sale-or-marketing-sharing', quoteHas: 'will not sell, rent, or lease' },
    { name: 'phone number to a marketing platform', categories: ['user.contact.phone_number'], to: MARKETING_SMS, expect: 'no-sale-or-marketing-sharing' },
    { name: 'phone number for a transactional SMS', categories: ['user.contact.phone_number'], to: TRANSACTIONAL_SMS, expect: null },
    { name: 'e-mail to error monitoring', categories: ['user.contact.email'], to: SENTRY, expect: null },
    { name: 'hashed e-mail in a log', categories: [hashed('user.contact.email')], to: LOG, expect: null },
  ],
};

function flowOf(c: Case): Flow {
  const location = { file: '/project/src/app.ts', range: { start: { line: 9, character: 2 }, end: { line: 9, character: 30 } } };
  const data: FlowData[] = c.categories.map((entry) => {
    const { category, derivedBy } = typeof entry === 'string' ? { category: entry, derivedBy: undefined } : entry;
    return { category, derivedBy, reason: { kind: 'tag', detail: `tagged @pii ${category}` }, steps: [], expression: 'value' };
  });
  const destination: Destination = { sinkId: 'test', name: 'sink', callee: 'sink.call', ...c.to };
  return { location, destination, data, arguments: [] };
}

for (const id of SEED_PACKS) {
  test(`${id}: each commitment flags its violation with the right clause and leaves compliant code alone`, () => {
    const p = pack(id);
    const ruleSet: RuleSet = { catalogue: catalogue(), packs: [p], config: { homeRegions: ['US'] } };
    for (const c of CASES[id]) {
      const { findings } = evaluate([flowOf(c)], ruleSet);
      const got = findings.map((f) => f.ruleId);
      if (c.expect === null) {
        assert.deepEqual(got, [], `${id}: ${c.name} is compliant`);
        continue;
      }
      assert.deepEqual(got, [`${id}/${c.expect}`], `${id}: ${c.name}`);
      const rule = p.rules.find((r) => r.id === c.expect)!;
      const clause = findings[0]!.clause;
      assert.equal(clause.id, rule.clause, `${id}: ${c.name} cites the rule's clause`);
      assert.equal(clause.policy, id);
      if (c.quoteHas) assert.ok(clause.quote.includes(c.quoteHas), `${id}: ${c.name}: the clause quotes '${c.quoteHas}'`);
    }
    // Every rule of the pack is exercised by at least one violation above.
    for (const rule of p.rules) assert.ok(CASES[id].some((c) => c.expect === rule.id), `${id}/${rule.id} has a case`);
  });
}

test('contacto: the region-of-residence rule stays silent until the project says where home is', () => {
  const p = pack('contacto');
  const ruleSet: RuleSet = { catalogue: catalogue(), packs: [p], config: {} };
  const flow = flowOf({ name: '', categories: ['user.contact.email'], to: to('x.execute-api.ap-south-1.amazonaws.com', 'IN'), expect: null });
  assert.deepEqual(evaluate([flow], ruleSet).findings, []);
});

test('the five packs disagree: the same flows give different findings under each', () => {
  const flows = Object.values(CASES).flat().map(flowOf);
  const byPack = SEED_PACKS.map((id) => {
    const ruleSet: RuleSet = { catalogue: catalogue(), packs: [pack(id)], config: { homeRegions: ['US'] } };
    return evaluate(flows, ruleSet).findings.map((f) => `${f.flow.data.map((d) => d.category).join('+')}->${f.flow.destination.name}`).sort().join('\n');
  });
  assert.equal(new Set(byPack).size, SEED_PACKS.length);
});

// ---------------------------------------------------------------------------------------------
// The worked example: examples/contact-center marks each intended violation with
// `// expect: <pack>/<rule-id>, …` at the end of the sink line. One real scan with the example's own
// config (all five packs, home region US) must find exactly those, and each pack's findings are
// kept as a reviewed snapshot (test/snapshots/contact-center-<pack>.snap).

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'contact-center');

function expectedMarkers(): Set<string> {
  const expected = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const marker = /\/\/ expect: (.*)$/.exec(line);
            for (const id of marker ? marker[1]!.split(',') : []) {
              expected.add(`${path.relative(EXAMPLE, file).split(path.sep).join('/')}:${i + 1} ${id.trim()}`);
            }
          });
      }
    }
  };
  walk(path.join(EXAMPLE, 'src'));
  return expected;
}

interface JsonFinding {
  ruleId: string;
  location: { file: string; range: { start: { line: number } } };
  clause: { id: string; title: string };
  flow: { destination: { name: string; host?: string; region?: string; scheme?: string }; data: Array<{ category: string; derivedBy?: string }> };
}

test('examples/contact-center: the scan finds exactly the marked violations, each pack citing its own clauses', () => {
  const result = runCli(['scan', EXAMPLE, '--format', 'json']);
  assert.equal(result.code, 1, `the example has findings:\n${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: JsonFinding[]; problems: unknown[] };
  assert.deepEqual(report.problems, []);
  const found = report.findings.map((f) => `${f.location.file}:${f.location.range.start.line + 1} ${f.ruleId}`);
  const expected = expectedMarkers();
  assert.deepEqual(
    { unexpected: found.filter((f) => !expected.has(f)), missing: [...expected].filter((e) => !found.includes(e)) },
    { unexpected: [], missing: [] },
  );

  const perPack: string[] = [];
  for (const id of SEED_PACKS) {
    const mine = report.findings.filter((f) => f.ruleId.startsWith(`${id}/`));
    const lines = mine.map((f) => {
      const d = f.flow.destination;
      const where = [d.name, d.host, d.region, d.scheme === 'http' ? 'http' : undefined].filter(Boolean).join(' ');
      const data = f.flow.data.map((x) => (x.derivedBy ? `${x.category} (${x.derivedBy})` : x.category)).join(', ');
      return `${f.location.file}:${f.location.range.start.line + 1} ${f.ruleId} [${f.clause.id}: ${f.clause.title}]\n    ${data} -> ${where}`;
    });
    matchSnapshot(`contact-center-${id}`, `${lines.join('\n')}\n`);
    perPack.push(mine.map((f) => `${f.location.file}:${f.location.range.start.line + 1}`).join(','));
    assert.ok(mine.length > 0, `${id} finds something in the example`);
  }
  assert.equal(new Set(perPack).size, SEED_PACKS.length, 'different packs, different findings');
});
