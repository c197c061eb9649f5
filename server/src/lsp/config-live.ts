// Checks a `privacy-lens.yaml` buffer as it is typed: YAML syntax and the config schema, reported at
// their line:col before the file is even saved. Saving rebuilds the rule set, whose errors (which
// also cover meaning: unknown categories, packs that do not exist) then replace these.

import * as path from 'node:path';
import { validateWithSchema } from '../policy/schema-validator';
import type { ConfigError } from '../policy/types';
import { parseYamlWithPositions } from '../policy/yaml-source';
import { rulesDir } from './bundled-packs';

export const configFilePattern = /(^|\/)privacy-lens\.ya?ml$/;

export function checkConfigText(file: string, text: string): ConfigError[] {
  const source = parseYamlWithPositions(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  if (source.errors.length > 0) return source.errors;
  const dir = rulesDir();
  if (!dir) return [];
  // An empty file is an empty config, as loadConfig treats it.
  const value = source.value === null || source.value === undefined ? { ...source, value: {} } : source;
  return validateWithSchema(value, path.join(dir, 'schemas', 'config.schema.json'));
}
