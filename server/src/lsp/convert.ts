// Conversions between the engine's plain data (absolute forward-slash paths, 0-based ranges, 1-based
// config positions) and LSP's (URIs, ranges, severities). Nothing else in lsp/ builds URIs by hand.

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Range as LspRange, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Range, TextEdit } from '../analysis/types';
import type { ConfigError, Severity } from '../policy/types';

/**
 * The engine's form of a path: absolute, forward slashes, and on Windows a lower-case drive letter,
 * so that the same file always has the same key whatever URI spelling the client used.
 */
export function normalisePath(p: string): string {
  let out = path.resolve(p).replace(/\\/g, '/');
  if (/^[A-Z]:/.test(out)) out = out[0].toLowerCase() + out.slice(1);
  return out;
}

/** A `file:` URI's path in the engine's form, or undefined for other schemes (untitled, git …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return normalisePath(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * A path as VS Code spells its URI (`URI.file(p).toString()`): every character outside the
 * unreserved set is percent-encoded, including `@`, `+` and the drive colon. Matching the client's
 * spelling matters because some clients key diagnostics by the URI string.
 */
export function pathToUri(p: string): string {
  let forward = p.replace(/\\/g, '/');
  if (!forward.startsWith('/')) forward = '/' + forward;
  const encoded = forward
    .split('/')
    .map((segment) => encodeSegment(segment))
    .join('/');
  return 'file://' + encoded;
}

function encodeSegment(segment: string): string {
  let out = '';
  for (const ch of segment) {
    if (/^[A-Za-z0-9\-._~]$/.test(ch)) out += ch;
    else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }
  return out;
}

/** The engine's ranges are already LSP-shaped (0-based, UTF-16); copy so callers can't alias. */
export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

export function toLspTextEdit(edit: TextEdit): LspTextEdit {
  return { range: toLspRange(edit.range), newText: edit.newText };
}

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'note':
      return DiagnosticSeverity.Information;
  }
}

/**
 * A config error's range: from its 1-based line:column to the end of the token there, so that the
 * squiggle sits under the offending key or value rather than one character or the whole line.
 */
export function configErrorRange(error: ConfigError, text: string | undefined): LspRange {
  const line = Math.max(0, error.line - 1);
  const character = Math.max(0, error.column - 1);
  const lineText = text?.split(/\r?\n/)[line];
  if (lineText === undefined) return { start: { line, character }, end: { line, character: character + 1 } };
  const rest = lineText.slice(character);
  const token = /^\S.*?(?=\s+#|\s*$)/.exec(rest);
  const length = token ? token[0].length : Math.max(1, rest.trimEnd().length);
  return { start: { line, character }, end: { line, character: character + Math.max(1, length) } };
}

export function rangeContains(range: LspRange | Range, position: { line: number; character: number }): boolean {
  const { start, end } = range;
  if (position.line < start.line || position.line > end.line) return false;
  if (position.line === start.line && position.character < start.character) return false;
  if (position.line === end.line && position.character > end.character) return false;
  return true;
}
