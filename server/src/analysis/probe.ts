// Re-analyses the function around some expressions to learn what each carries: hovers and fixes
// ask this on demand instead of the analysis keeping every expression's taint in memory.

import ts = require('typescript');
import type { EngineContext } from './context';
import { FunctionAnalyzer } from './interpreter';
import { CLEAN, type Taint } from './taint';

export function probe(ctx: EngineContext, nodes: readonly ts.Expression[]): Map<ts.Node, Taint> {
  const probes = new Map<ts.Node, Taint>(nodes.map((n) => [n, CLEAN]));
  if (!nodes.length) return probes;
  let fn: ts.Node | undefined = nodes[0].parent;
  while (fn && !ts.isSourceFile(fn) && !(ts.isFunctionLike(fn) && (fn as ts.FunctionLikeDeclaration).body && !isInlineCallback(fn))) fn = fn.parent;
  if (!fn) return probes;
  const a = new FunctionAnalyzer(ctx, fn as ts.SignatureDeclaration | ts.SourceFile);
  a.probes = probes;
  try {
    a.summarise();
  } catch {
    /* a hover never fails: what was learnt so far stands */
  }
  return probes;
}

function isInlineCallback(n: ts.Node): boolean {
  return (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && !!n.parent && (ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent)) && !!n.parent.arguments?.includes(n as ts.Expression);
}

/** The innermost node of a kind that contains an offset. */
export function nodeAt(sf: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (offset < n.getStart(sf) || offset > n.getEnd()) return;
    found = n;
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}
