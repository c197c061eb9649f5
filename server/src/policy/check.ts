// `privacy-lens policy check <pack>`: every error a pack file has — YAML, JSON Schema and meaning
// against the catalogue — each with file:line:col, for a pack author to fix before shipping it.

import type { Catalogue } from '../analysis/types';
import { loadPack } from './pack';
import type { ConfigError } from './types';

/** An empty list means the pack is ready to use. */
export function checkPackFile(file: string, catalogue: Catalogue, rulesDir?: string): ConfigError[] {
  return loadPack(file, { catalogue, rulesDir }).errors;
}
