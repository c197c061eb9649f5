// Evaluation of flows into findings: rule conditions (categories, derived data, sink kinds, vendors,
// purposes, regions with `$home` and groups, schemes), severity overrides, suppressions, messages,
// and ordering. Flows are built by hand: evaluation is pure and does not need the engine.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Catalogue, Destination, Flow, FlowData } from '../../server/src/analysis/types';
import type { Pack, PolicyRule, ProjectConfig, RuleCondition, RuleSet } from '../../server/src/policy/types';
import { serverModule } from '../support/server-module';

const { evaluate } = serverModule<typeof import('../../server/src/policy/evaluate')>('policy/evaluate');

const catalogue: Catalogue = {
  categories: new Map(),
  sources: [],
  names: { rules: [], exclude: [], personContext: '' },
  sinks: [],
  sanitisers: [],
  regions: { groups: { EU: ['DE', 'IE', 'FR'], EEA: ['EU', 'NO', 'IS', 'LI'] }, hosts: [] },
};

function rule(id: string, when: RuleCondition, severity: PolicyRule['severity'] = 'warning'): PolicyRule {
  return { id, clause: 'c1', severity, message: `Commitment of ${id}.`, when };
}

function ruleSet(rules: PolicyRule[], config: ProjectConfig = {}): RuleSet {
  const pack: Pack = {
    policy: { id: 'acme', company: 'Acme', title: 'Acme Privacy Policy', url: 'https://acme.test/privacy', version: '2024' },
    clauses: [{ id: 'c1', title: 'Sharing', quote: 'We never share.', url: 'https://acme.test/privacy#sharing' }],
    rules,
    file: '/packs/acme.yaml',
  };
  return { catalogue, packs: [pack], config };
}

function data(category: string, expression: string, derivedBy?: FlowData['derivedBy']): FlowData {
  return { category, expression, derivedBy, reason: { kind: 'name', detail: `field name '${expression}'` }, steps: [] };
}

const at = (file: string, line: number, character = 2) => ({
  file,
  range: { start: { line, character }, end: { line, character: character + 10 } },
});

function flow(destination: Partial<Destination>, entries: FlowData[], line = 10, file = '/src/a.ts'): Flow {
  return {
    location: at(file, line),
    destination: { sinkId: 'x', sinkKind: 'log', name: 'console', callee: 'console.log', ...destination },
    data: entries,
    arguments: entries.map((d, i) => ({ range: at(file, line, 14 + i).range, text: d.expression, categories: [d.category] })),
  };
}

const log = { sinkKind: 'log', name: 'pino', callee: 'logger.info' } as const;
const segment = { sinkKind: 'third-party', name: 'Segment', vendor: 'Segment', purpose: 'analytics', callee: 'analytics.track' } as const;
const transfer = (host: string | undefined, region?: string, scheme = 'https'): Partial<Destination> => ({
  sinkKind: 'transfer',
  name: 'axios',
  callee: 'axios.post',
  host,
  region,
  scheme,
});

test('categories match by dotted prefix, exceptCategories carve out, and the finding keeps only the matched data', () => {
  const rs = ruleSet([rule('no-contact-logs', { categories: ['user.contact'], exceptCategories: ['user.contact.address'], sinkKinds: ['log'] })]);
  const f = flow(log, [data('user.contact.email', 'user.email'), data('user.contact.address.city', 'user.city'), data('user.name', 'user.name')]);
  const { findings } = evaluate([f], rs);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].ruleId, 'acme/no-contact-logs');
  assert.deepEqual(findings[0].flow.data.map((d) => d.category), ['user.contact.email']);
  assert.deepEqual(findings[0].flow.arguments.map((a) => a.text), ['user.email']);
  assert.equal(f.data.length, 3, 'the input flow is not modified');
  assert.equal(findings[0].message, "'user.email' (user.contact.email) reaches the log call 'logger.info'.");
  assert.equal(findings[0].ruleMessage, 'Commitment of no-contact-logs.');
  assert.deepEqual(findings[0].clause, {
    policy: 'acme',
    policyTitle: 'Acme Privacy Policy',
    id: 'c1',
    title: 'Sharing',
    quote: 'We never share.',
    url: 'https://acme.test/privacy#sharing',
  });
  assert.deepEqual(findings[0].fixes, []);
  // `user.contact` does not cover `user.contacts_list`: prefixes end on a dot.
  assert.equal(evaluate([flow(log, [data('user.contacts_list', 'x')])], rs).findings.length, 0);
});

test('derived data: excluded by default, counted with include, alone with only', () => {
  const hashed = data('user.contact.email', 'sha256(user.email)', 'hash');
  const raw = data('user.contact.phone_number', 'user.phone');
  const f = flow(segment, [hashed, raw]);
  const categoriesOf = (when: RuleCondition) => evaluate([f], ruleSet([rule('r', when)])).findings.map((x) => x.flow.data.map((d) => d.category));

  assert.deepEqual(categoriesOf({ categories: ['user'] }), [['user.contact.phone_number']]);
  assert.deepEqual(categoriesOf({ categories: ['user'], derived: 'exclude' }), [['user.contact.phone_number']]);
  assert.deepEqual(categoriesOf({ categories: ['user'], derived: 'include' }), [['user.contact.email', 'user.contact.phone_number']]);
  assert.deepEqual(categoriesOf({ categories: ['user'], derived: 'only' }), [['user.contact.email']]);
  // Only hashed data and the default: nothing to report.
  assert.equal(evaluate([flow(segment, [hashed])], ruleSet([rule('r', { categories: ['user'] })])).findings.length, 0);

  const only = evaluate([f], ruleSet([rule('r', { derived: 'only' })])).findings[0];
  assert.equal(only.message, "'sha256(user.email)' (user.contact.email, hashed) is sent to Segment (analytics) via 'analytics.track'.");
});

test('sink kinds, vendors (any case) and purposes all have to hold', () => {
  const f = flow(segment, [data('user.contact.email', 'user.email')]);
  const count = (when: RuleCondition) => evaluate([f], ruleSet([rule('r', when)])).findings.length;
  assert.equal(count({ sinkKinds: ['third-party'] }), 1);
  assert.equal(count({ sinkKinds: ['log', 'transfer'] }), 0);
  assert.equal(count({ vendors: ['segment'] }), 1);
  assert.equal(count({ vendors: ['Mixpanel'] }), 0);
  assert.equal(count({ purposes: ['analytics', 'advertising'] }), 1);
  assert.equal(count({ purposes: ['advertising'] }), 0);
  assert.equal(count({ sinkKinds: ['third-party'], purposes: ['advertising'] }), 0);
  // A log call has no vendor or purpose: vendor and purpose conditions never hold for it.
  assert.equal(evaluate([flow(log, [data('user.contact.email', 'e')])], ruleSet([rule('r', { purposes: ['analytics'] })])).findings.length, 0);
});

test('$home means the config home regions; without them a $home condition never matches', () => {
  const outside = rule('outside-home', { categories: ['user'], regionNotIn: ['$home'] }, 'error');
  const inside = rule('inside-home', { categories: ['user'], regionIn: ['$home'] });
  const toIndia = flow(transfer('api.example.in', 'IN'), [data('user.contact.phone_number', 'lead.phone')]);
  const toUs = flow(transfer('api.example.com', 'US'), [data('user.contact.phone_number', 'lead.phone')], 20);
  const unknown = flow(transfer('api.unknown.test', undefined), [data('user.contact.phone_number', 'lead.phone')], 30);

  const homeUs = evaluate([toIndia, toUs, unknown], ruleSet([outside, inside], { homeRegions: ['US'] })).findings;
  assert.deepEqual(
    homeUs.map((f) => [f.ruleId, f.location.range.start.line]),
    [
      ['acme/outside-home', 10],
      ['acme/inside-home', 20],
    ],
  );
  assert.equal(homeUs[0].severity, 'error');
  assert.equal(homeUs[0].message, "'lead.phone' (user.contact.phone_number) is sent to api.example.in (IN) via 'axios.post'.");

  const noHome = evaluate([toIndia, toUs, unknown], ruleSet([outside, inside], {})).findings;
  assert.deepEqual(noHome, []);
});

test('region groups cover their members, also through nested groups', () => {
  const rs = (when: RuleCondition) => ruleSet([rule('r', when)]);
  const toGermany = flow(transfer('api.example.de', 'DE'), [data('user.name', 'customer.name')]);
  const toNorway = flow(transfer('api.example.no', 'NO'), [data('user.name', 'customer.name')]);
  assert.equal(evaluate([toGermany], rs({ regionIn: ['EU'] })).findings.length, 1, 'DE is under EU');
  assert.equal(evaluate([toGermany], rs({ regionNotIn: ['US', 'EU'] })).findings.length, 0, 'DE is not outside US+EU');
  assert.equal(evaluate([toNorway], rs({ regionNotIn: ['US', 'EU'] })).findings.length, 1, 'NO is not in the EU');
  assert.equal(evaluate([toGermany], rs({ regionIn: ['EEA'] })).findings.length, 1, 'DE is under EEA through EU');
  const toEu = flow(transfer('api.eu.example', 'EU'), [data('user.name', 'customer.name')]);
  assert.equal(evaluate([toEu], rs({ regionNotIn: ['EEA'] })).findings.length, 0, 'a host somewhere in the EU is inside the EEA');
  assert.equal(evaluate([toEu], rs({ regionNotIn: ['DE'] })).findings.length, 1, 'a host somewhere in the EU may be outside Germany');
  assert.equal(evaluate([toGermany], ruleSet([rule('r', { regionNotIn: ['$home'] })], { homeRegions: ['EU'] })).findings.length, 0);
  assert.equal(evaluate([toNorway], ruleSet([rule('r', { regionNotIn: ['$home'] })], { homeRegions: ['EU'] })).findings.length, 1);
});

test('schemes hold only when the URL scheme is known and listed', () => {
  const rs = ruleSet([rule('tls', { categories: ['user.financial'], schemes: ['http'] }, 'error')]);
  const card = [data('user.financial.card_number', 'payment.cardNumber')];
  const plain = evaluate([flow(transfer('pay.example.com', 'US', 'http'), card)], rs).findings;
  assert.equal(plain.length, 1);
  assert.equal(plain[0].message, "'payment.cardNumber' (user.financial.card_number) is sent to http://pay.example.com (US) via 'axios.post'.");
  assert.equal(evaluate([flow(transfer('pay.example.com', 'US', 'https'), card)], rs).findings.length, 0);
  assert.equal(evaluate([flow({ ...transfer(undefined), scheme: undefined }, card)], rs).findings.length, 0);
});

test('severity overrides by full or short rule id, and off removes the finding', () => {
  const rules = [rule('logs', { sinkKinds: ['log'] }, 'warning'), rule('any', { categories: ['user'] }, 'note')];
  const f = flow(log, [data('user.contact.email', 'user.email')]);
  const severities = (config: ProjectConfig) => evaluate([f], ruleSet(rules, config)).findings.map((x) => `${x.ruleId}=${x.severity}`);
  assert.deepEqual(severities({}), ['acme/any=note', 'acme/logs=warning']);
  assert.deepEqual(severities({ severity: { 'acme/logs': 'error' } }), ['acme/any=note', 'acme/logs=error']);
  assert.deepEqual(severities({ severity: { any: 'warning' } }), ['acme/any=warning', 'acme/logs=warning']);
  assert.deepEqual(severities({ severity: { 'acme/logs': 'off' } }), ['acme/any=note']);
});

test('a suppression with a reason removes the finding; one without a reason is reported and ignored', () => {
  const rs = ruleSet([rule('logs', { sinkKinds: ['log'] }), rule('other', { categories: ['user'] })]);
  const suppressed = (ruleId: string, reason: string): Flow => ({
    ...flow(log, [data('user.contact.email', 'user.email')]),
    suppressions: [{ ruleId, reason, location: at('/src/a.ts', 9, 4) }],
  });

  const full = evaluate([suppressed('acme/logs', 'support needs the address in this audit log')], rs);
  assert.deepEqual(full.findings.map((f) => f.ruleId), ['acme/other']);
  assert.deepEqual(full.problems, []);
  assert.deepEqual(evaluate([suppressed('logs', 'short id works')], rs).findings.map((f) => f.ruleId), ['acme/other']);
  assert.deepEqual(evaluate([suppressed('*', 'every rule')], rs).findings, []);
  assert.deepEqual(evaluate([suppressed('acme/nope', 'another rule')], rs).findings.length, 2);

  const noReason = evaluate([suppressed('acme/logs', ''), suppressed('acme/logs', '  ')], rs);
  assert.deepEqual(noReason.findings.map((f) => f.ruleId), ['acme/logs', 'acme/logs', 'acme/other', 'acme/other']);
  assert.equal(noReason.problems.length, 1, 'the same comment is reported once');
  assert.equal(noReason.problems[0].message, 'suppression needs a reason: // privacy-lens-ignore acme/logs: <reason>');
  assert.equal(noReason.problems[0].file, '/src/a.ts');
  assert.deepEqual(noReason.problems[0].range, at('/src/a.ts', 9, 4).range);
});

test('one finding per flow and rule, sorted by file, line, column and rule id', () => {
  const rs = ruleSet([rule('b-rule', { categories: ['user'] }), rule('a-rule', { sinkKinds: ['log'] })]);
  const flows = [
    flow(log, [data('user.name', 'n')], 5, '/src/b.ts'),
    flow(log, [data('user.name', 'n'), data('user.contact.email', 'e')], 7, '/src/a.ts'),
    flow(log, [data('user.name', 'n')], 3, '/src/a.ts'),
  ];
  const { findings } = evaluate(flows, rs);
  assert.deepEqual(
    findings.map((f) => `${f.location.file}:${f.location.range.start.line} ${f.ruleId}`),
    ['/src/a.ts:3 acme/a-rule', '/src/a.ts:3 acme/b-rule', '/src/a.ts:7 acme/a-rule', '/src/a.ts:7 acme/b-rule', '/src/b.ts:5 acme/a-rule', '/src/b.ts:5 acme/b-rule'],
  );
  assert.equal(findings[2].message, "'n' (user.name) and 'e' (user.contact.email) reach the log call 'logger.info'.");
});

test('messages name every expression once, count the rest, and say when a host is unresolved', () => {
  const rs = ruleSet([rule('r', { categories: ['user'] })]);
  const many = flow(log, [
    data('user.name', 'a.name'),
    data('user.contact.email', 'a.email'),
    data('user.contact.email', 'a.email'),
    data('user.contact.phone_number', 'a.phone'),
    data('user.device.ip_address', 'a.ip'),
    data('user.government_id', 'a.ssn'),
  ]);
  assert.equal(
    evaluate([many], rs).findings[0].message,
    "'a.name' (user.name), 'a.email' (user.contact.email), 'a.phone' (user.contact.phone_number) and 2 more reach the log call 'logger.info'.",
  );
  const unresolved = flow({ ...transfer(undefined), callee: 'fetch' }, [data('user.name', 'a.name')]);
  assert.equal(evaluate([unresolved], rs).findings[0].message, "'a.name' (user.name) is sent to a host that could not be resolved via 'fetch'.");
  const vendorHost = flow({ ...segment, host: 'events.eu1.segmentapis.com', region: 'IE' }, [data('user.name', 'a.name')]);
  assert.equal(
    evaluate([vendorHost], rs).findings[0].message,
    "'a.name' (user.name) is sent to Segment (analytics) at events.eu1.segmentapis.com (IE) via 'analytics.track'.",
  );
});
