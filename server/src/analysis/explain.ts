// Hovers: what personal data the value under the cursor carries and why, and the flows of the sink
// call under it.

import ts = require('typescript');
import type { Explanation } from './api';
import type { EngineContext } from './context';
import type { Flow, Position } from './types';
import { nodeAt, probe } from './probe';
import { flatten } from './taint';
import { rangeOf } from './locations';
import { observe } from './type-data';
import { FunctionAnalyzer } from './interpreter';

export function explainAt(ctx: EngineContext, sf: ts.SourceFile, position: Position, flows: readonly Flow[]): Explanation | undefined {
  let offset: number;
  try {
    offset = sf.getPositionOfLineAndCharacter(position.line, position.character);
  } catch {
    return undefined;
  }
  const here = flows.filter((f) => contains(f.location.range, position));
  let node = nodeAt(sf, offset);
  while (node && !(ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node))) node = node.parent;
  // Prefer the whole property read `customer.email` over its last name.
  if (node && ts.isIdentifier(node) && node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) node = node.parent;
  if (!node || !ts.isExpression(node) || (ts.isIdentifier(node) && isDeclarationName(node))) {
    return here.length ? { range: here[0].location.range, data: [], flows: here } : undefined;
  }
  const expr = node;
  const t = probe(ctx, [expr]).get(expr);
  const observed = t ? flatten(observe(new FunctionAnalyzer(ctx, sf), expr, t)) : [];
  const data = observed.filter((l) => l.param === undefined).map((l) => ({ category: l.category, reason: l.reason, derivedBy: l.derivedBy }));
  if (!data.length && !here.length) return undefined;
  return { range: rangeOf(expr, sf), data, flows: here };
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return !!p && (ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isMethodDeclaration(p)) && (p as ts.NamedDeclaration).name === id;
}

function contains(r: Flow['location']['range'], p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}
