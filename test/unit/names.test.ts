// The name classifier over the shipped rules/names.yaml: normalisation of every case style, and the
// table of names in both directions (test/support/name-cases.ts).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { serverModule } from '../support/server-module';
import { notPersonal, personal } from '../support/name-cases';

const { normaliseName, createNameClassifier } = serverModule<typeof import('../../server/src/analysis/names')>('analysis/names');
const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');

const loaded = loadCatalogue(defaultRulesDir());
const classify = createNameClassifier(loaded.catalogue.names);

test('normaliseName splits every case style into lower-case words joined by _', () => {
  const cases: Array<[string, string]> = [
    ['emailAddress', 'email_address'],
    ['PHONE_NO', 'phone_no'],
    ['customerSSN', 'customer_ssn'],
    ['IPAddress', 'ip_address'],
    ['dob', 'dob'],
    ['first_name', 'first_name'],
    ['first-name', 'first_name'],
    ['FirstName', 'first_name'],
    ['address2', 'address_2'],
    ['addressLine1', 'address_line_1'],
    ['userIDs', 'user_ids'],
    ['SSNs', 'ssns'],
    ['HTTPServer', 'http_server'],
    ['_privateEmail', 'private_email'],
    ['$email', 'email'],
    ['x-forwarded-for', 'x_forwarded_for'],
    ['ipv4Address', 'ipv_4_address'],
    ['', ''],
    ['__', ''],
  ];
  for (const [name, expected] of cases) assert.equal(normaliseName(name), expected, name);
});

for (const [title, rows] of [['personal data', personal], ['not personal data', notPersonal]] as const) {
  test(`name classifier: ${title} (${rows.length} names)`, () => {
    const wrong: string[] = [];
    for (const [name, expected, context] of rows) {
      const got = classify(name, context ?? {})?.category;
      if (got !== expected) wrong.push(`${name} ${JSON.stringify(context ?? {})}: expected ${expected ?? 'nothing'}, got ${got ?? 'nothing'}`);
    }
    assert.deepEqual(wrong, []);
  });
}

test('the table is large enough to mean something', () => {
  assert.ok(personal.length + notPersonal.length >= 150, `${personal.length + notPersonal.length} names`);
  assert.ok(personal.length >= 75 && notPersonal.length >= 75);
});

test('a match names the pattern that matched, for explanations', () => {
  const m = classify('customerEmail', {});
  assert.ok(m);
  assert.ok(new RegExp(`^(?:${m.rule})$`, 'u').test('customer_email'), m.rule);
});

test('every category the name rules use is in the taxonomy', () => {
  for (const r of loaded.catalogue.names.rules) assert.ok(loaded.catalogue.categories.has(r.category), r.category);
});

test('a classifier over a hand-written catalogue: person context, types, exclusions, rule order', () => {
  const c = createNameClassifier({
    personContext: '(?:^|_)(?:customer|user)(?:_|$)',
    exclude: ['.+_id', 'is_.+'],
    rules: [
      { category: 'user.name', patterns: ['name'], needsPersonContext: true },
      { category: 'user.location.precise', patterns: ['lat'], types: ['number'] },
      { category: 'user.contact.email', patterns: ['(?:.+_)?email'] },
      { category: 'user.contact', patterns: ['(?:.+_)?email|phone'] },
      { category: 'broken', patterns: ['('] },
    ],
  });
  assert.equal(c('name', { container: 'bigCustomer' })?.category, 'user.name');
  assert.equal(c('name', { container: 'customers' }), undefined, 'the context regex decides, plural not included here');
  assert.equal(c('name', {}), undefined);
  assert.equal(c('lat', { typeKind: 'number' })?.category, 'user.location.precise');
  assert.equal(c('lat', { typeKind: 'string' }), undefined, 'types replace the default kinds');
  assert.equal(c('workEmail', {})?.category, 'user.contact.email', 'the first matching rule wins');
  assert.equal(c('phone', {})?.category, 'user.contact');
  assert.equal(c('email_id', {}), undefined);
  assert.equal(c('isEmail', {}), undefined);
  assert.equal(c('(', {}), undefined, 'a pattern that does not compile is skipped, not thrown');
});
