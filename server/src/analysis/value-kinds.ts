// Syntactic and type-level judgements about values: which expressions are constants written in the
// code, and which parameter types stand for "whatever the caller passes".

import * as ts from 'typescript';

/** Literals and templates of literals: values written in the code, not data from outside. */
export function isConstant(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return isConstant(e.expression);
  if (ts.isLiteralExpression(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
  const k = e.kind;
  if (k === ts.SyntaxKind.TrueKeyword || k === ts.SyntaxKind.FalseKeyword || k === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(e) && e.text === 'undefined') return true;
  if (ts.isPrefixUnaryExpression(e)) return isConstant(e.operand);
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isConstant(s.expression));
  if (ts.isArrayLiteralExpression(e)) return e.elements.every(isConstant);
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && isConstant(p.initializer));
  if (ts.isBinaryExpression(e)) return isConstant(e.left) && isConstant(e.right);
  if (ts.isConditionalExpression(e)) return isConstant(e.whenTrue) && isConstant(e.whenFalse);
  // Arrays and objects built empty (`[]`, `{}`, `new Map()`) are filled later, by flow.
  if (ts.isNewExpression(e) && !e.arguments?.length) return true;
  return false;
}

/** A parameter type that stands for whatever callers pass: strings, `any`, generics, records. */
export function isOpenType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.StringLike | ts.TypeFlags.TypeParameter)) return true;
  if (f & (ts.TypeFlags.BooleanLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return false;
  if (type.isUnion()) return type.types.some((t) => isOpenType(checker, t));
  if (checker.isArrayType(type)) return (checker.getTypeArguments(type as ts.TypeReference) ?? []).some((t) => isOpenType(checker, t));
  if (f & ts.TypeFlags.Object) {
    if (type.getCallSignatures().length) return false;
    return !!type.getStringIndexType() || type.getProperties().length === 0;
  }
  return false;
}
