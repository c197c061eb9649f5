// The project function a declaration names, when it has a body the analysis can read: a function
// or method, a variable or property holding one, a helper gathered into an object, or a CommonJS
// export of one.

import ts = require('typescript');
import { isAbstract } from './origin-syntax';

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
  // An abstract method stands for its subclasses' implementations (see implementationsOf).
  if (isAbstract(decl)) return decl;
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

const subclassIndex = new WeakMap<ts.Program, Map<string, ts.ClassLikeDeclaration[]>>();

/**
 * The methods that implement an abstract one (`abstract handle(…)`) in the project's subclasses of its
 * class, however deep: what a call of the abstract method may run.
 */
export function implementationsOf(program: ts.Program, isProjectFile: (fileName: string) => boolean, method: ts.MethodDeclaration): ts.MethodDeclaration[] {
  const name = method.name.getText();
  const checker = program.getTypeChecker();
  const out: ts.MethodDeclaration[] = [];
  const seen = new Set<ts.ClassLikeDeclaration>();
  const visit = (base: ts.ClassLikeDeclaration, depth: number): void => {
    if (depth > 4 || seen.has(base) || !base.name) return;
    seen.add(base);
    const baseSymbol = checker.getSymbolAtLocation(base.name);
    for (const sub of subclassesNamed(program, isProjectFile, base.name.text)) {
      const heritage = sub.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      let symbol = heritage && checker.getSymbolAtLocation(heritage.expression);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      if (!symbol || symbol !== baseSymbol) continue;
      const own = sub.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && m.name.getText() === name);
      if (own) out.push(own);
      visit(sub, depth + 1);
    }
  };
  visit(method.parent as ts.ClassLikeDeclaration, 0);
  return out;
}

function subclassesNamed(program: ts.Program, isProjectFile: (fileName: string) => boolean, baseName: string): readonly ts.ClassLikeDeclaration[] {
  let index = subclassIndex.get(program);
  if (!index) {
    const built = new Map<string, ts.ClassLikeDeclaration[]>();
    const collect = (n: ts.Node): void => {
      if (ts.isClassLike(n)) {
        const e = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const key = e && (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined);
        if (key) built.set(key, [...(built.get(key) ?? []), n]);
      }
      ts.forEachChild(n, collect);
    };
    for (const sf of program.getSourceFiles()) if (!sf.isDeclarationFile && isProjectFile(sf.fileName)) collect(sf);
    subclassIndex.set(program, (index = built));
  }
  return index.get(baseName) ?? [];
}
