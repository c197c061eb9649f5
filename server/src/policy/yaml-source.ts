// YAML files as data with positions: parses a catalogue, pack or config file, keeps the syntax tree
// so that a JSON-pointer path (from a schema error or a meaning check) maps back to a 1-based
// line:column, and turns JSON Schema errors into ConfigErrors that a user can act on.

import * as fs from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigError } from './types';

export type PointerPath = ReadonlyArray<string | number>;

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface YamlSource {
  file: string;
  /** The plain value; undefined when the text does not parse (then `errors` says why). */
  value: unknown;
  /** Syntax errors, each with file, line and column. */
  errors: ConfigError[];
  /**
   * Where the node at `path` starts (`['sinks', 3, 'calls', 0]`). With `key`, where its key starts
   * instead (for "unknown property" errors). A path that does not exist in the file maps to its
   * deepest existing ancestor, so a missing property is reported at the object that lacks it.
   */
  positionOf(path: PointerPath, options?: { key?: boolean }): SourcePosition;
  /** A ConfigError at the node at `path`. */
  errorAt(path: PointerPath, message: string, options?: { key?: boolean }): ConfigError;
}

/**
 * Alias expansion is capped: a small file must not expand into gigabytes ("billion laughs"). Real
 * catalogues and packs use few or no aliases.
 */
const MAX_ALIAS_COUNT = 100;

export function parseYamlWithPositions(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line, column: col };
  };
  const errors: ConfigError[] = doc.errors.map((e) => ({ file, ...at(e.pos[0]), message: cleanYamlMessage(e.message) }));

  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // toJS throws only for excessive alias expansion (and similar resource limits).
      errors.push({ file, line: 1, column: 1, message: `cannot read the YAML: ${(e as Error).message}` });
    }
  }

  const positionOf = (path: PointerPath, options?: { key?: boolean }): SourcePosition => {
    const found = findNode(doc, path);
    const range = options?.key && found.keyNode && found.complete ? found.keyNode.range : found.node?.range;
    return range ? at(range[0]) : { line: 1, column: 1 };
  };
  return {
    file,
    value,
    errors,
    positionOf,
    errorAt: (path, message, options) => ({ file, ...positionOf(path, options), message }),
  };
}

/** Reads and parses a YAML file; an unreadable file is an error at 1:1, never an exception. */
export function readYamlFile(file: string): YamlSource {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : (e as Error).message;
    const failed = parseYamlWithPositions('', file);
    return { ...failed, value: undefined, errors: [{ file, line: 1, column: 1, message: `cannot read ${file}: ${why}` }] };
  }
  // A byte-order mark is not part of the YAML.
  return parseYamlWithPositions(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
}

/** `/rules/0/when` → `['rules', 0, 'when']` (JSON Pointer, RFC 6901, as ajv's `instancePath`). */
export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** `['sinks', 3, 'calls']` → `sinks[3].calls`: how messages name a place in the file. */
export function describePath(path: PointerPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out || '(top level)';
}

/** The subset of an ajv `ErrorObject` that we read, so that this file does not depend on ajv. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * JSON Schema errors as ConfigErrors at the offending node. Messages name the place and say what is
 * expected; duplicates (ajv repeats itself across `anyOf` branches) are dropped.
 */
export function schemaErrorsToConfigErrors(errors: readonly SchemaError[] | null | undefined, source: YamlSource): ConfigError[] {
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const path = pointerToPath(e.instancePath);
    const where = describePath(path);
    let error: ConfigError;
    if (e.keyword === 'required') {
      error = source.errorAt(path, `${where}: missing required property '${String(e.params.missingProperty)}'`);
    } else if (e.keyword === 'additionalProperties') {
      const extra = String(e.params.additionalProperty);
      error = source.errorAt([...path, extra], `${where === '(top level)' ? '' : where + ': '}unknown property '${extra}'`, { key: true });
    } else if (e.keyword === 'enum') {
      const allowed = (e.params.allowedValues as unknown[] | undefined) ?? [];
      error = source.errorAt(path, `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    } else if (e.keyword === 'pattern') {
      error = source.errorAt(path, `${where}: does not have the expected form (${String(e.params.pattern)})`);
    } else if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      // The specific branch errors are reported too; these summaries add nothing a user can act on.
      continue;
    } else {
      error = source.errorAt(path, `${where}: ${e.message ?? e.keyword}`);
    }
    const id = `${error.line}:${error.column}:${error.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(error);
    }
  }
  return out;
}

/** Sorts errors by file, line and column, for stable output. */
export function sortErrors(errors: ConfigError[]): ConfigError[] {
  return errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

interface Found {
  node: Node | null | undefined;
  keyNode?: Node;
  /** Whether every segment of the path was found. */
  complete: boolean;
}

function findNode(doc: Document, path: PointerPath): Found {
  let node = doc.contents as Node | null | undefined;
  let keyNode: Node | undefined;
  for (const seg of path) {
    const next = resolve(doc, node);
    let child: Node | undefined;
    let childKey: Node | undefined;
    if (isMap(next)) {
      for (const pair of next.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const name = isScalar(k) ? k.value : k;
        if (String(name) === String(seg)) {
          child = (pair.value as Node | null) ?? (k as Node);
          childKey = k as Node;
          break;
        }
      }
    } else if (isSeq(next) && typeof seg === 'number') {
      child = next.items[seg] as Node | undefined;
    }
    if (!child) return { node: next ?? node, keyNode: undefined, complete: false };
    node = child;
    keyNode = childKey;
  }
  return { node, keyNode, complete: true };
}

function resolve(doc: Document, node: Node | null | undefined): Node | null | undefined {
  // Follow aliases a bounded number of times: an alias to an alias is legal, a cycle is not.
  for (let i = 0; i < 10 && isAlias(node); i++) node = node.resolve(doc) as Node | undefined;
  return node;
}

/** yaml's messages end with " at line L, column C" when pretty; keep just the first sentence. */
function cleanYamlMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
