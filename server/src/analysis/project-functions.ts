// The project function a declaration names, when it has a body the analysis can read: a function
// or method, a variable or property holding one, a helper gathered into an object, or a CommonJS
// export of one.

import ts = require('typescript');

/**
 * The function a declaration names: itself, its initialiser, or, for a helper gathered into an
 * object (`export default { rawQuery }`, then `db.rawQuery(…)` or `const { rawQuery } = db`), the
 * function that property holds.
 */
export function functionOf(checker: ts.TypeChecker, isProjectFile: (fileName: string) => boolean, decl: ts.Declaration, depth: number): ts.SignatureDeclaration | undefined {
  if (depth > 4 || !isProjectFile(decl.getSourceFile().fileName)) return undefined;
  if (ts.isShorthandPropertyAssignment(decl)) {
    const value = checker.getShorthandAssignmentValueSymbol(decl);
    const d = value?.valueDeclaration ?? value?.declarations?.[0];
    return d && functionOf(checker, isProjectFile, d, depth + 1);
  }
  if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent) && decl.parent.parent.initializer) {
    const key = decl.propertyName ?? decl.name;
    const member = ts.isIdentifier(key) ? checker.getTypeAtLocation(decl.parent.parent.initializer).getProperty(key.text) : undefined;
    const d = member?.valueDeclaration ?? member?.declarations?.[0];
    return d && functionOf(checker, isProjectFile, d, depth + 1);
  }
  if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl;
  // `export default (message) => …`, `export default format;`
  if (ts.isExportAssignment(decl)) {
    const value = decl.expression;
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    const symbol = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
    const d = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return d && d !== decl ? functionOf(checker, isProjectFile, d, depth + 1) : undefined;
  }
  // CommonJS: `exports.notify = function (…) {…}`, `module.exports.track = track`.
  const assigned = ts.isBinaryExpression(decl) ? decl : ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent) && decl.parent.left === decl ? decl.parent : undefined;
  if (assigned && assigned.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const value = assigned.right;
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    const symbol = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
    const d = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return d && d !== decl ? functionOf(checker, isProjectFile, d, depth + 1) : undefined;
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  if (ts.isPropertyAssignment(decl) && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  // `module.exports = { track: track }`: the function the property names.
  if (ts.isPropertyAssignment(decl) && ts.isIdentifier(decl.initializer)) {
    const value = checker.getSymbolAtLocation(decl.initializer);
    const d = value?.valueDeclaration ?? value?.declarations?.[0];
    return d && d !== decl ? functionOf(checker, isProjectFile, d, depth + 1) : undefined;
  }
  if (ts.isPropertyDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  return undefined;
}
