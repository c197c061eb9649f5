// The pack and config JSON Schemas: they compile in ajv's strict mode, document every property
// (editors show descriptions as completion docs), close every object, and accept/reject real files.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** test/out/unit → rules/. */
const RULES = path.join(__dirname, '..', '..', '..', 'rules');

type Schema = { [key: string]: unknown };

function readSchema(name: string): Schema {
  return JSON.parse(fs.readFileSync(path.join(RULES, 'schemas', name), 'utf8')) as Schema;
}

function compile(name: string) {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(readSchema(name));
}

/**
 * Every object schema with `properties`, with a JSON-pointer-ish name, found anywhere in the schema
 * except inside `anyOf` branches, which only state which properties are required together.
 */
function objectSchemas(node: unknown, where: string, out: Array<[string, Schema]> = []): Array<[string, Schema]> {
  if (Array.isArray(node)) node.forEach((n, i) => objectSchemas(n, `${where}/${i}`, out));
  else if (node && typeof node === 'object') {
    const schema = node as Schema;
    if (schema.properties) out.push([where, schema]);
    for (const [k, v] of Object.entries(schema)) if (k !== 'anyOf') objectSchemas(v, `${where}/${k}`, out);
  }
  return out;
}

function describedSomewhere(root: Schema, property: Schema): boolean {
  if (typeof property.description === 'string' && property.description.length > 0) return true;
  const ref = property.$ref;
  if (typeof ref !== 'string') return false;
  const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((n, k) => (n as Schema)[k], root) as Schema;
  return describedSomewhere(root, target);
}

for (const name of ['pack.schema.json', 'config.schema.json']) {
  test(`${name} compiles in strict mode, documents every property and closes every object`, () => {
    assert.doesNotThrow(() => compile(name));
    const root = readSchema(name);
    const objects = objectSchemas(root, '#');
    assert.ok(objects.length >= 4, 'the schema has nested objects');
    for (const [where, schema] of objects) {
      assert.equal(schema.additionalProperties, false, `${where} is closed`);
      for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) {
        assert.ok(describedSomewhere(root, property), `${where}/properties/${key} has a description`);
      }
    }
  });
}

test('the pack schema accepts the bundled default pack and rejects a broken one', () => {
  const validate = compile('pack.schema.json');
  const pack = parse(fs.readFileSync(path.join(RULES, 'policies', 'default.yaml'), 'utf8')) as Schema;
  assert.equal(validate(pack), true, JSON.stringify(validate.errors));

  const broken = structuredClone(pack) as { rules: Array<Schema & { when: Schema }> };
  broken.rules[0].severity = 'fatal';
  broken.rules[0].when.sinkKinds = ['database'];
  broken.rules[0].when.derived = 'sometimes';
  broken.rules[0].when.regionIn = ['$elsewhere'];
  broken.rules[0].colour = 'red';
  assert.equal(validate(broken), false);
  const failed = new Set((validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`));
  for (const expected of [
    '/rules/0/severity enum',
    '/rules/0/when/sinkKinds/0 enum',
    '/rules/0/when/derived enum',
    '/rules/0/when/regionIn/0 pattern',
    '/rules/0 additionalProperties',
  ]) {
    assert.ok(failed.has(expected), `expected ${expected} among ${[...failed].join(', ')}`);
  }
});

test('the pack schema accepts the draft flags and rejects an empty condition', () => {
  const validate = compile('pack.schema.json');
  const pack = {
    policy: { id: 'drafted', company: 'X', title: 'Privacy', url: 'https://x.test/p', version: '2024' },
    draft: true,
    clauses: [{ id: 'c', title: 'T', quote: 'Q.', url: 'https://x.test/p#c' }],
    rules: [{ id: 'r', clause: 'c', severity: 'note', message: 'M.', draft: true, when: { purposes: ['advertising'] } }],
  };
  assert.equal(validate(pack), true, JSON.stringify(validate.errors));
  pack.rules[0].when = {} as typeof pack.rules[0]['when'];
  assert.equal(validate(pack), false);
});

test('the config schema accepts a full config and rejects wrong shapes', () => {
  const validate = compile('config.schema.json');
  const config = {
    packs: ['sonarcx', './packs/ours.yaml'],
    include: ['src/**'],
    exclude: ['**/*.spec.ts'],
    homeRegions: ['US', 'EU'],
    hosts: { '*.internal.example.com': 'DE' },
    sources: [{ field: 'Lead.contactInfo', category: 'user.contact' }, { name: '^lead_.*', category: 'user' }],
    sinks: [{ id: 'acme-log', kind: 'log', module: '@acme/log', calls: ['**/write'], name: 'acme log' }],
    sanitisers: [{ names: ['scrub'], effect: 'redact' }, { module: 'crypto', calls: ['createHash/()/update/()/digest'], effect: 'hash' }],
    severity: { 'sonarcx/no-logs': 'off', 'default/pii-to-log': 'error' },
    failOn: 'warning',
    fix: { sanitiser: 'scrub', import: './lib/scrub' },
  };
  assert.equal(validate(config), true, JSON.stringify(validate.errors));
  assert.equal(validate({}), true, 'an empty config is valid');

  const bad = (patch: Schema) => validate({ ...config, ...patch });
  assert.equal(bad({ failOn: 'off' }), false, 'failOn cannot be off');
  assert.equal(bad({ severity: { x: 'fatal' } }), false);
  assert.equal(bad({ homeRegions: ['us'] }), false, 'region codes are upper case');
  assert.equal(bad({ sinks: [{ id: 'x', kind: 'log', calls: ['info'], name: 'x' }] }), false, 'a sink needs a module or a global');
  assert.equal(bad({ sinks: [{ id: 'x', kind: 'queue', global: 'q', calls: ['send'], name: 'x' }] }), false);
  assert.equal(bad({ sanitisers: [{ effect: 'hash' }] }), false, 'a sanitiser needs names or module + calls');
  assert.equal(bad({ include: [] }), false);
  assert.equal(bad({ colour: 'red' }), false);
});

test('a schema compiled to code at build time reports exactly what ajv reports, and is retired when the schema changes', () => {
  const { serverModule } = require('../support/server-module') as typeof import('../support/server-module');
  const { validateWithSchema, writeCompiledValidator, compiledValidatorFile } = serverModule<typeof import('../../server/src/policy/schema-validator')>('policy/schema-validator');
  const { parseYamlWithPositions } = serverModule<typeof import('../../server/src/policy/yaml-source')>('policy/yaml-source');
  // Inside the repository (test/artifacts is git-ignored): the generated code requires ajv's runtime.
  fs.mkdirSync(path.join(RULES, '..', 'test', 'artifacts'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(RULES, '..', 'test', 'artifacts', 'pl-schemas-'));
  try {
    const bad = parseYamlWithPositions('pack.yaml', 'id: Not_An_Id\nversion: 1\nclauses: []\nrules:\n  - id: r\n');
    // Two copies of the schema: one is compiled by ajv at run time, the other loads the build's code.
    const plain = path.join(dir, 'plain', 'pack.schema.json');
    const built = path.join(dir, 'built', 'pack.schema.json');
    for (const f of [plain, built]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.copyFileSync(path.join(RULES, 'schemas', 'pack.schema.json'), f);
    }
    const code = writeCompiledValidator(built);
    assert.ok(fs.existsSync(code));
    const expected = validateWithSchema(bad, plain);
    assert.ok(expected.length > 0);
    assert.deepEqual(validateWithSchema(bad, built), expected);
    assert.ok(require.cache[code], 'the compiled code was loaded, not ajv run again');
    // The file name carries the schema's hash: an edited schema does not find the old code.
    const edited = `${fs.readFileSync(built, 'utf8')}\n`;
    assert.notEqual(compiledValidatorFile(built, edited), code);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
