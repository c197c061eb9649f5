// Converting compiler nodes to the engine's plain locations, and declaration keys that identify a
// declaration by file and offset rather than by object identity (a new program has new objects).

import ts = require('typescript');
import type { Location, Range } from './types';

export function rangeOf(node: ts.Node, sf: ts.SourceFile = node.getSourceFile()): Range {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { start, end };
}

/**
 * Where a sink call is reported: its callee, or, when a chain spans lines
 * (`client.verify.v2⏎.services(sid)⏎.verifications.create({ to })`), the called method's own name on
 * to the callee's end, the line a reader looks at.
 */
export function calleeRange(callee: ts.Expression): Range {
  const sf = callee.getSourceFile();
  const range = rangeOf(callee, sf);
  if (range.start.line === range.end.line || !ts.isPropertyAccessExpression(callee)) return range;
  return { start: sf.getLineAndCharacterOfPosition(callee.name.getStart(sf)), end: range.end };
}

export function locationOf(node: ts.Node): Location {
  const sf = node.getSourceFile();
  return { file: sf.fileName, range: rangeOf(node, sf) };
}

export function declKey(node: ts.Node): string {
  return `${node.getSourceFile().fileName}:${node.pos}`;
}

const MAX_TEXT = 60;

/** The node's source text, shortened for messages. */
export function textOf(node: ts.Node): string {
  // A chain broken over lines (`client.messages\n  .create`) reads as written on one.
  const raw = node.getText().replace(/\s*\n\s*(?=\??\.)/g, '').replace(/\s+/g, ' ');
  return raw.length > MAX_TEXT ? `${raw.slice(0, MAX_TEXT - 1)}…` : raw;
}

/** A declaration's name as people write it, if it has a simple one. */
export function nameOf(node: ts.Node): string | undefined {
  const name = (node as ts.NamedDeclaration).name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
