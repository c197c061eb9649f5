// Validates parsed pack and config files against their JSON Schemas (rules/schemas/*.schema.json)
// with ajv in strict mode, compiling each schema once per process, or loading the validator the build
// compiled to code (`npm run build`).

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import type { ConfigError } from './types';
import { schemaErrorsToConfigErrors } from './yaml-source';
import type { YamlSource } from './yaml-source';

const compiled = new Map<string, ValidateFunction | ConfigError>();

/**
 * Schema errors of `source.value` against the schema file, each at its node's line:col. A schema
 * that cannot be read or compiled is itself reported (a broken installation, not a user mistake).
 */
export function validateWithSchema(source: YamlSource, schemaFile: string): ConfigError[] {
  const validate = compileSchema(path.resolve(schemaFile));
  if (!(typeof validate === 'function')) return [{ ...validate }];
  if (validate(source.value)) return [];
  return schemaErrorsToConfigErrors(validate.errors, source);
}

function compileSchema(schemaFile: string): ValidateFunction | ConfigError {
  const cached = compiled.get(schemaFile);
  if (cached) return cached;
  let result: ValidateFunction | ConfigError;
  try {
    const text = fs.readFileSync(schemaFile, 'utf8');
    result = precompiled(schemaFile, text) ?? newAjv(false).compile(JSON.parse(text) as object);
  } catch (e) {
    result = { file: schemaFile, line: 1, column: 1, message: `cannot load the JSON Schema: ${(e as Error).message}` };
  }
  compiled.set(schemaFile, result);
  return result;
}

/** A fresh ajv per schema: the schemas carry their own `$id`s and definitions. */
function newAjv(source: boolean): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, code: { source } });
  addFormats(ajv);
  return ajv;
}

/**
 * Where the build puts a schema's validator as plain code (ajv's standalone output), named by a hash
 * of the schema's text, so that a changed schema never meets a stale validator.
 */
export function compiledValidatorFile(schemaFile: string, text: string): string {
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  return path.join(path.dirname(schemaFile), '.compiled', `${path.basename(schemaFile, '.json')}.${hash}.js`);
}

/** Writes the schema's standalone validator (build time); compiling a schema costs ~0.2 s a process. */
export function writeCompiledValidator(schemaFile: string): string {
  const text = fs.readFileSync(schemaFile, 'utf8');
  const ajv = newAjv(true);
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(text) as object));
  const file = compiledValidatorFile(schemaFile, text);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  return file;
}

function precompiled(schemaFile: string, text: string): ValidateFunction | undefined {
  const file = compiledValidatorFile(schemaFile, text);
  if (!fs.existsSync(file)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as ValidateFunction | { default?: ValidateFunction };
    return typeof loaded === 'function' ? loaded : loaded.default;
  } catch {
    // Its runtime helpers are not installed here (a packaged extension): compile instead.
    return undefined;
  }
}
