// The official SARIF 2.1.0 JSON schema, compiled with ajv, for tests that validate our SARIF output.
//
// The schema comes from an npm package so that nothing fetched from the web is committed:
// `@microsoft/jest-sarif` ships the OASIS 2.1.0 schema (rtm.5) as lib/schemas/sarif-2.1.0-rtm.5.json.
// To take it from elsewhere, change SCHEMA_MODULE_PATH (or set PRIVACY_LENS_SARIF_SCHEMA to a file).

import * as fs from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA_MODULE_PATH = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

export interface SarifValidator {
  file: string;
  /** Schema errors as readable lines (`/runs/0/results/0/level: must be equal to one of the allowed values`), empty when valid. */
  validate(log: unknown): string[];
}

/** The schema file, or undefined when the package that ships it is not installed. */
export function sarifSchemaFile(): string | undefined {
  if (process.env.PRIVACY_LENS_SARIF_SCHEMA) return process.env.PRIVACY_LENS_SARIF_SCHEMA;
  try {
    return require.resolve(SCHEMA_MODULE_PATH);
  } catch {
    return undefined;
  }
}

export function loadSarifValidator(): SarifValidator | undefined {
  const file = sarifSchemaFile();
  if (file === undefined) return undefined;
  const schema = fromDraft04(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only the `u` flag rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return {
    file,
    validate(log) {
      if (validate(log)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    },
  };
}

/**
 * The SARIF schema is written in JSON Schema draft-04, which ajv 8 does not load as such. The only
 * draft-04 keyword it uses whose meaning changed later is `id` (now `$id`); boolean
 * `exclusiveMinimum`/`exclusiveMaximum` would be the other, so their absence is checked rather than assumed.
 */
function fromDraft04(schema: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(schema);
  if (/"exclusive(Minimum|Maximum)"\s*:\s*(true|false)/.test(text)) {
    throw new Error('the SARIF schema uses draft-04 boolean exclusiveMinimum/Maximum: load it with ajv-draft-04 instead');
  }
  const { $schema: _ignored, id, ...rest } = schema;
  return { ...rest, $id: id };
}
