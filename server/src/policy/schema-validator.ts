// Validates parsed pack and config files against their JSON Schemas (rules/schemas/*.schema.json)
// with ajv in strict mode, compiling each schema once per process.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
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
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object;
    // A fresh ajv per schema: both schemas carry their own `$id`s and definitions.
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    result = ajv.compile(schema);
  } catch (e) {
    result = { file: schemaFile, line: 1, column: 1, message: `cannot load the JSON Schema: ${(e as Error).message}` };
  }
  compiled.set(schemaFile, result);
  return result;
}
