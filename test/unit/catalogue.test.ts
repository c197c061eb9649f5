// Loading the catalogue from rules/: the shipped files load with zero errors and cover what the design
// promises (SDKs by purpose, loggers, HTTP clients, sanitisers); broken files give errors at the right
// file:line:col; the generic YAML-with-positions helper maps JSON-pointer paths to line and column.

import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { minimatch } from 'minimatch';
import * as path from 'node:path';
import { serverModule } from '../support/server-module';

const { loadCatalogue, defaultRulesDir } = serverModule<typeof import('../../server/src/policy/catalogue')>('policy/catalogue');
const { parseYamlWithPositions, pointerToPath, describePath, readYamlFile } =
  serverModule<typeof import('../../server/src/policy/yaml-source')>('policy/yaml-source');

// The YAML itself, not the build's snapshot of it: these tests are what vouch for the snapshot.
const shipped = loadCatalogue(defaultRulesDir(), { snapshot: false });
const { catalogue } = shipped;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-catalogue-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the shipped rules/ folder with some files replaced, for error tests. */
function rulesWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'rules-'));
  fs.cpSync(defaultRulesDir(), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('defaultRulesDir is the rules/ folder of the checkout', () => {
  assert.ok(fs.existsSync(path.join(defaultRulesDir(), 'taxonomy.yaml')));
  assert.ok(fs.existsSync(path.join(defaultRulesDir(), 'schemas', 'catalogue-sinks.schema.json')));
});

test('the shipped catalogue loads with zero errors', () => {
  assert.deepEqual(shipped.errors, []);
  assert.ok(catalogue.categories.size >= 80);
  assert.ok(catalogue.names.rules.length >= 80);
  assert.ok(catalogue.regions.hosts.length >= 500);
  assert.deepEqual(catalogue.sources, []);
});

test('the taxonomy has the design\'s categories, their parents, and marks special ones', () => {
  for (const id of [
    'user.contact.email', 'user.contact.phone_number', 'user.contact.address.street', 'user.name.first',
    'user.government_id.national_identification_number', 'user.government_id.passport_number',
    'user.financial.card_number', 'user.financial.bank_account', 'user.health_and_medical', 'user.biometric',
    'user.device.ip_address', 'user.device.device_id', 'user.content.communications', 'user.demographic.date_of_birth',
    'user.location.precise', 'user.authorization.credentials', 'user.childrens', 'user.job_title',
  ]) {
    assert.ok(catalogue.categories.has(id), id);
    for (let p = id; p.includes('.'); p = p.slice(0, p.lastIndexOf('.'))) assert.ok(catalogue.categories.has(p), `parent ${p}`);
  }
  for (const id of ['user.financial.card_number', 'user.government_id', 'user.health_and_medical', 'user.biometric', 'user.authorization.password', 'user.demographic.race_ethnicity']) {
    assert.equal(catalogue.categories.get(id)?.special, true, id);
  }
  for (const id of ['user.contact.email', 'user.name', 'user.device.ip_address']) assert.ok(!catalogue.categories.get(id)?.special, id);
});

test('at least 40 third-party SDK specs, across the purposes the design lists', () => {
  const thirdParty = catalogue.sinks.filter((s) => s.kind === 'third-party');
  assert.ok(thirdParty.length >= 40, `${thirdParty.length} third-party specs`);
  const purposes = new Set(thirdParty.map((s) => s.purpose));
  for (const p of ['advertising', 'marketing', 'analytics', 'error-monitoring', 'messaging', 'email', 'crm', 'payments', 'support', 'search', 'ai', 'storage', 'identity']) {
    assert.ok(purposes.has(p as never), `purpose ${p}`);
  }
  const vendors = new Set(thirdParty.map((s) => s.vendor));
  for (const v of ['Segment', 'Mixpanel', 'Amplitude', 'PostHog', 'Sentry', 'Datadog', 'Twilio', 'SendGrid', 'Mailgun', 'HubSpot', 'OpenAI', 'Anthropic', 'Meta', 'Stripe']) {
    assert.ok(vendors.has(v), `vendor ${v}`);
  }
  for (const s of thirdParty) assert.ok(s.purpose, `${s.id} has a purpose`);
});

test('vendor hosts carry regions that the region catalogue knows', () => {
  const sentry = catalogue.sinks.find((s) => s.id === 'sentry-node')!;
  assert.equal(sentry.hosts?.['*.ingest.de.sentry.io'], 'DE');
  assert.deepEqual(sentry.hostFrom, ['option:dsn']);
  const twilio = catalogue.sinks.find((s) => s.id === 'twilio')!;
  assert.equal(twilio.hosts?.['api.dublin.ie1.twilio.com'], 'IE');
  assert.equal(twilio.defaultHost, 'api.twilio.com');
  for (const s of catalogue.sinks) {
    for (const region of Object.values(s.hosts ?? {})) assert.ok(/^[A-Z]{2}$/.test(region) || region in catalogue.regions.groups, `${s.id}: ${region}`);
    if (s.defaultHost && s.hosts) {
      const { Minimatch } = require('minimatch') as typeof import('minimatch');
      const covered = Object.keys(s.hosts).some((g) => new Minimatch(g, { nocase: true }).match(s.defaultHost!));
      assert.ok(covered, `${s.id}: default host ${s.defaultHost} has a region`);
    }
  }
});

test('SDK objects handed to callbacks and hosts set by init() are catalogued as data', () => {
  const spec = (id: string) => catalogue.sinks.find((s) => s.id === id)!;
  const { parseOriginPath } = serverModule<typeof import('../../server/src/analysis/origin-pattern')>('analysis/origin-pattern');
  // Every object path is literal, and the path of the object is one the sink's own patterns accept.
  const { compileOriginPatterns } = serverModule<typeof import('../../server/src/analysis/origin-pattern')>('analysis/origin-pattern');
  let withCallbacks = 0;
  for (const s of catalogue.sinks) {
    for (const cb of s.callbackParams ?? []) {
      withCallbacks++;
      const objectPath = parseOriginPath(cb.is);
      assert.ok(Array.isArray(objectPath), `${s.id}: ${cb.is}`);
      const anyMethod = compileOriginPatterns(s.calls.map((c) => (c.endsWith('()') ? c : `${c}/()`)));
      // Some tail of some pattern (alternatives by their first name) completes the object's path.
      const reachable = s.calls.some((c) => {
        const segments = c.split('/').map((x) => x.replace(/^\{|\}$/g, '').split(',')[0]);
        return segments.some((_, k) => anyMethod([...(objectPath as string[]), ...segments.slice(k).filter((x) => x !== '*' && x !== '**'), '()']));
      });
      assert.ok(reachable, `${s.id}: a call on '${cb.is}' matches none of its calls`);
    }
  }
  assert.ok(withCallbacks >= 8, `${withCallbacks} callback rules`);
  assert.deepEqual(spec('sentry-browser').callbackParams?.[0].is, 'getCurrentScope/()');
  assert.ok(spec('bugsnag-global').callbackParams?.some((c) => c.callback.includes('option:onError')));
  assert.deepEqual(spec('sentry-nextjs').configuredBy, { calls: ['init'], hostFrom: ['option:dsn'] });
  assert.deepEqual(spec('amplitude-node').configuredBy?.hostFrom, ['option:serverUrl', 'zone:serverZone']);
  const { createRegionResolver } = serverModule<typeof import('../../server/src/analysis/regions')>('analysis/regions');
  const builtIn = createRegionResolver(catalogue.regions);
  const regionOf = (host: string) => builtIn.regionOf(host);
  // A zone option names hosts the sink knows the region of.
  for (const s of catalogue.sinks) {
    const zoned = [...(s.hostFrom ?? []), ...(s.configuredBy?.hostFrom ?? [])].some((h) => h.startsWith('zone:'));
    assert.equal(zoned, !!s.zones, `${s.id}: zone: in hostFrom and zones go together`);
    for (const [zone, host] of Object.entries(s.zones ?? {})) {
      // `'*': '{}.amazonaws.com'`, `'{}-aiplatform.googleapis.com'`: any region written out (AWS's
      // or Google Cloud's names); the built-in regions know its hosts.
      if (zone === '*') assert.ok(regionOf(host.replace('{}', 'eu-west-1')) === 'IE' || regionOf(host.replace('{}', 'europe-west4')) === 'NL', `${s.id}: zone host ${host}`);
      else assert.ok(Object.keys(s.hosts ?? {}).some((h) => h === host || minimatch(host, h)), `${s.id}: zone host ${host} has no region`);
    }
  }
  assert.deepEqual(spec('aws-s3').zones, { '*': '{}.amazonaws.com' });
  assert.equal(spec('customerio').zones?.RegionEU, 'track-eu.customer.io');
  assert.equal(spec('firebase-messaging').vendor, 'Google Firebase');
  assert.equal(spec('firebase-messaging').purpose, 'messaging');
  assert.equal(spec('nestjs-axios').kind, 'transfer');
  assert.equal(spec('hubspot').hosts?.['api.hsforms.com'], 'US');
  assert.equal(spec('hubspot').hosts?.['api-eu1.hsforms.com'], 'EU');
});

test("no two vendors' catalogued hosts disagree about a host's region", () => {
  const { vendorHosts, createRegionResolver } = serverModule<typeof import('../../server/src/analysis/regions')>('analysis/regions');
  const resolver = createRegionResolver({ groups: catalogue.regions.groups, hosts: [] }, undefined, vendorHosts(catalogue.sinks));
  for (const s of catalogue.sinks) {
    for (const [host, region] of Object.entries(s.hosts ?? {})) {
      if (/[*?{[]/.test(host)) continue;
      assert.equal(resolver.regionOf(host), region, `${s.id}: ${host}`);
    }
  }
});

test('loggers and HTTP clients are covered; node: prefixes are stripped', () => {
  const byKind = (k: string) => new Set(catalogue.sinks.filter((s) => s.kind === k).map((s) => s.module ?? `global:${s.global}`));
  const logs = byKind('log');
  for (const m of ['global:console', 'pino', 'winston', 'bunyan', 'log4js', 'loglevel', 'npmlog', 'debug', 'consola', 'signale', '@nestjs/common', 'fastify']) assert.ok(logs.has(m), m);
  const transfers = byKind('transfer');
  for (const m of ['global:fetch', 'global:navigator', 'axios', 'got', 'http', 'https', 'undici', 'superagent', 'ky', 'node-fetch', 'cross-fetch']) assert.ok(transfers.has(m), m);
  assert.ok(catalogue.sinks.every((s) => !s.module?.startsWith('node:')));
  const ids = catalogue.sinks.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'sink ids are unique');
});

test('sanitisers include names and the crypto hash / HMAC chains', () => {
  const byName = new Map<string, string>();
  for (const s of catalogue.sanitisers) for (const n of s.names ?? []) byName.set(n, s.effect);
  assert.equal(byName.get('redact'), 'redact');
  assert.equal(byName.get('maskEmail'), 'mask');
  assert.equal(byName.get('pseudonymise'), 'pseudonymise');
  assert.equal(byName.get('hashEmail'), 'hash');
  assert.equal(byName.get('encrypt'), 'encrypt');
  const crypto = catalogue.sanitisers.filter((s) => s.module === 'crypto');
  assert.ok(crypto.some((s) => s.effect === 'hash' && s.calls?.includes('createHash/()/update/()/digest')));
  assert.ok(crypto.some((s) => s.effect === 'pseudonymise' && s.calls?.some((c) => c.startsWith('createHmac'))));
  assert.ok(catalogue.sanitisers.some((s) => s.module === 'bcrypt' && s.effect === 'hash'));
});

test('a YAML syntax error is reported at its line and column', () => {
  const dir = rulesWith({ 'sanitisers.yaml': 'sanitisers:\n  - effect: hash\n    names: [a, b\n' });
  const errors = loadCatalogue(dir).errors;
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].file, path.join(dir, 'sanitisers.yaml'));
  assert.equal(errors[0].line, 4);
});

test('schema errors point at the offending node', () => {
  const dir = rulesWith({
    'taxonomy.yaml': 'categories:\n  - { id: user, title: User }\n  - id: user.contact\n    title: Contact\n    secret: true\n  - id: Bad Id\n    title: x\n',
  });
  const errors = loadCatalogue(dir).errors.filter((e) => e.file.endsWith('taxonomy.yaml'));
  const unknown = errors.find((e) => /unknown property 'secret'/.test(e.message));
  assert.ok(unknown, JSON.stringify(errors));
  assert.deepEqual([unknown.line, unknown.column], [5, 5]);
  const badId = errors.find((e) => /categories\[2\]\.id/.test(e.message));
  assert.ok(badId, JSON.stringify(errors));
  assert.deepEqual([badId.line, badId.column], [6, 9]);
});

test('meaning errors: unknown category, bad regex, bad call pattern, duplicate sink id, unknown region', () => {
  const dir = rulesWith({
    'names.yaml': [
      "personContext: 'customer'",
      'exclude: []',
      'rules:',
      '  - category: user.contact.email',
      "    patterns: ['email']",
      '  - category: user.nope',
      "    patterns: ['x(']",
      '  - category: user.contact.email',
      "    context: '(mail'",
      "    patterns: ['to']",
      '',
    ].join('\n'),
    'sinks/zz-extra.yaml': [
      'sinks:',
      '  - id: console',
      '    kind: log',
      '    name: dup',
      '    global: console',
      "    calls: ['{log,info']",
      '  - id: vendor-x',
      '    kind: third-party',
      '    name: X',
      '    module: x',
      "    calls: ['send']",
      '    hosts: { api.x.com: ATLANTIS }',
      '',
    ].join('\n'),
  });
  const errors = loadCatalogue(dir).errors;
  const at = (re: RegExp) => {
    const e = errors.find((x) => re.test(x.message));
    assert.ok(e, `${re}: ${JSON.stringify(errors, null, 1)}`);
    return [path.basename(e.file), e.line, e.column];
  };
  assert.deepEqual(at(/unknown category 'user\.nope'/), ['names.yaml', 6, 15]);
  assert.deepEqual(at(/invalid regular expression/), ['names.yaml', 7, 16]);
  assert.ok(errors.some((e) => /invalid regular expression/.test(e.message) && e.line === 9), 'a rule context that does not compile is reported at its line');
  assert.deepEqual(at(/already used/), ['zz-extra.yaml', 2, 9]);
  assert.deepEqual(at(/invalid call pattern: unclosed/), ['zz-extra.yaml', 6, 13]);
  assert.deepEqual(at(/needs a purpose/), ['zz-extra.yaml', 7, 5]);
  assert.ok(errors.some((e) => /does not have the expected form|unknown region/.test(e.message) && e.file.endsWith('zz-extra.yaml') && e.line === 12));
});

test('an entry copied for its alsoModules does not move later errors off their lines', () => {
  const dir = rulesWith({
    'sinks/zz-extra.yaml': [
      'sinks:',
      '  - id: vendor-a',
      '    kind: third-party',
      '    name: A',
      '    purpose: analytics',
      '    module: a',
      "    alsoModules: ['a-browser', 'a-node']",
      "    calls: ['track']",
      '  - id: vendor-b',
      '    kind: third-party',
      '    name: B',
      '    purpose: analytics',
      '    module: b',
      "    calls: ['{track']",
      '',
    ].join('\n'),
  });
  const e = loadCatalogue(dir).errors.find((x) => /invalid call pattern/.test(x.message));
  assert.ok(e);
  assert.deepEqual([path.basename(e.file), e.line, e.column], ['zz-extra.yaml', 14, 13]);
});

test('meaning errors in callbackParams and configuredBy point at the pattern or path', () => {
  const dir = rulesWith({
    'sinks/zz-extra.yaml': [
      'sinks:',
      '  - id: vendor-y',
      '    kind: third-party',
      '    name: Y',
      '    purpose: analytics',
      '    module: y',
      "    calls: ['Scope/()/setUser']",
      '    callbackParams:',
      "      - { calls: ['{withScope'], callback: ['arg:0'], is: 'Scope/()' }",
      "      - { calls: ['withScope'], callback: ['arg:0'], is: '{Scope,Other}/()' }",
      "    configuredBy: { calls: ['init//x'], hostFrom: ['option:host'] }",
      '',
    ].join('\n'),
    // A slot that is neither `arg:N` nor `option:KEY` is a schema error.
    'sinks/zz-slot.yaml': [
      'sinks:',
      '  - id: vendor-z',
      '    kind: third-party',
      '    name: Z',
      '    purpose: analytics',
      '    module: z',
      "    calls: ['send']",
      "    callbackParams: [{ calls: ['withScope'], callback: ['first'], is: 'Scope/()' }]",
      '',
    ].join('\n'),
  });
  const all = loadCatalogue(dir).errors;
  const errors = all.filter((e) => e.file.endsWith('zz-extra.yaml'));
  const at = (re: RegExp) => {
    const e = errors.find((x) => re.test(x.message));
    assert.ok(e, `${re}: ${JSON.stringify(errors, null, 1)}`);
    return [e.line, e.column];
  };
  assert.deepEqual(at(/invalid call pattern: unclosed/), [9, 19]);
  assert.deepEqual(at(/invalid object path/), [10, 58]);
  assert.deepEqual(at(/invalid call pattern: empty segment/), [11, 29]);
  assert.equal(errors.length, 3, JSON.stringify(errors, null, 1));
  const slot = all.filter((e) => e.file.endsWith('zz-slot.yaml'));
  assert.ok(slot.length === 1 && slot[0].line === 8 && /callback\[0\]/.test(slot[0].message), JSON.stringify(slot, null, 1));
});

test('a missing rules folder gives errors, not an exception', () => {
  const result = loadCatalogue(path.join(tmp, 'does-not-exist'));
  assert.ok(result.errors.length > 0);
  assert.ok(result.errors.every((e) => e.line === 1 && e.column === 1));
  assert.equal(result.catalogue.sinks.length, 0);
});

test('parseYamlWithPositions maps pointer paths to 1-based line and column', () => {
  const text = 'a: 1\nlist:\n  - x: 2\n    y: [10, 20]\n  - plain\n';
  const src = parseYamlWithPositions(text, 'f.yaml');
  assert.deepEqual(src.errors, []);
  assert.deepEqual(src.value, { a: 1, list: [{ x: 2, y: [10, 20] }, 'plain'] });
  assert.deepEqual(src.positionOf(['a']), { line: 1, column: 4 });
  assert.deepEqual(src.positionOf(['list', 0, 'y', 1]), { line: 4, column: 13 });
  assert.deepEqual(src.positionOf(['list', 0, 'y'], { key: true }), { line: 4, column: 5 });
  assert.deepEqual(src.positionOf(['list', 1]), { line: 5, column: 5 });
  assert.deepEqual(src.positionOf(['list', 0, 'missing']), { line: 3, column: 5 }, 'deepest existing ancestor');
  assert.deepEqual(src.positionOf(['list', 7]), { line: 3, column: 3 });
  assert.deepEqual(src.positionOf([]), { line: 1, column: 1 });
  assert.deepEqual(src.errorAt(['a'], 'bad'), { file: 'f.yaml', line: 1, column: 4, message: 'bad' });
});

test('parseYamlWithPositions reports duplicate keys, bad syntax and alias bombs as errors', () => {
  const dup = parseYamlWithPositions('a: 1\na: 2\n', 'f.yaml');
  assert.equal(dup.value, undefined);
  assert.equal(dup.errors[0].line, 2);
  const bad = parseYamlWithPositions('a: [1, 2\nb: 3\n', 'f.yaml');
  assert.ok(bad.errors.length > 0);
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
  const bomb = parseYamlWithPositions(lines.join('\n'), 'bomb.yaml');
  assert.equal(bomb.value, undefined);
  assert.ok(bomb.errors.length > 0);
  assert.deepEqual(parseYamlWithPositions('', 'e.yaml').errors, []);
  assert.equal(parseYamlWithPositions('NO: NO\n', 'n.yaml').value && (parseYamlWithPositions('NO: NO\n', 'n.yaml').value as Record<string, unknown>).NO, 'NO', 'YAML 1.2: NO is a string (Norway)');
});

test('readYamlFile turns an unreadable file into an error at 1:1', () => {
  const missing = readYamlFile(path.join(tmp, 'nope.yaml'));
  assert.equal(missing.value, undefined);
  assert.match(missing.errors[0].message, /file not found/);
  const bom = path.join(tmp, 'bom.yaml');
  fs.writeFileSync(bom, '\ufeffa: 1\n');
  assert.deepEqual(readYamlFile(bom).value, { a: 1 });
});

test('pointerToPath and describePath', () => {
  assert.deepEqual(pointerToPath('/rules/0/when'), ['rules', 0, 'when']);
  assert.deepEqual(pointerToPath('/hosts/a~1b~0c'), ['hosts', 'a/b~c']);
  assert.deepEqual(pointerToPath(''), []);
  assert.equal(describePath(['sinks', 3, 'calls', 0]), 'sinks[3].calls[0]');
  assert.equal(describePath([]), '(top level)');
});

test('the build-time snapshot is the catalogue the YAML gives, and any edit to a rule file retires it', () => {
  const { writeSnapshot, readSnapshot, snapshotFile } = serverModule<typeof import('../../server/src/policy/catalogue-snapshot')>('policy/catalogue-snapshot');
  const dir = rulesWith({});
  fs.rmSync(snapshotFile(dir), { force: true });
  assert.equal(readSnapshot(dir), undefined, 'no snapshot yet');
  const fresh = loadCatalogue(dir, { snapshot: false });
  assert.deepEqual(fresh.errors, []);
  writeSnapshot(dir, fresh.catalogue);
  assert.deepEqual(readSnapshot(dir), fresh.catalogue);
  assert.deepEqual(loadCatalogue(dir).catalogue, fresh.catalogue);
  // An edited sink file: the snapshot no longer describes the folder, so the YAML is read again.
  const loggers = path.join(dir, 'sinks', 'loggers.yaml');
  fs.writeFileSync(loggers, fs.readFileSync(loggers, 'utf8').replace("name: console\n", "name: the console\n"));
  assert.equal(readSnapshot(dir), undefined);
  assert.equal(loadCatalogue(dir).catalogue.sinks.find((s) => s.id === 'console')?.name, 'the console');
  // A corrupt snapshot is ignored the same way.
  fs.writeFileSync(snapshotFile(dir), '{ not json');
  assert.equal(readSnapshot(dir), undefined);
});
