// What a value carries by its type, where it leaves: a `Customer` carries its e-mail; a literal what its
// values' types carry; a `const` object also what is written into it later; an untyped value what its
// function reads from it.

import ts = require('typescript');
import type { SourceHit } from './sources';
import { CLEAN, type Taint, union, unionAll, whole, withoutTypeFields } from './taint';
import type { FunctionAnalyzer } from './interpreter';
import { localDeclaration, safeAliased } from './origin-syntax';
import { assignmentTo, fieldsRead } from './field-reads';

/** Personal data a value carries by its type (a `Customer` carries its e-mail): used where values leave. */
export function typeData(a: FunctionAnalyzer, e: ts.Expression, depth = 0): Taint {
  // Strings built in place have no fields: no need to ask the checker for their type.
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isNumericLiteral(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)) return CLEAN;
  // `{ ...info, userId } satisfies ApiLog`, or `const info: ApiLog = { path, auth }`: a literal
  // carries what its values' types carry; the fields its own type declares but it leaves out are empty.
  const literal = skipTypeAssertions(e);
  if (ts.isObjectLiteralExpression(literal)) return depth < 8 ? literalTypeData(a, literal, depth + 1) : CLEAN;
  if (ts.isIdentifier(e)) {
    const decl = localDeclaration(e);
    const writes = decl && isConstObjectLiteral(decl) ? laterWrites(decl) : undefined;
    if (writes) return depth < 8 ? unionAll([(decl as ts.VariableDeclaration).initializer!, ...writes].map((w) => typeData(a, w, depth + 1))) : CLEAN;
  }
  const checker = a.ctx.checker();
  const type = checker.getTypeAtLocation(e);
  // Untyped: what its zod schema declares, or what the function reads from it.
  if (type.flags & ts.TypeFlags.Any) return union(union(schemaData(a, e), formData(a, e)), fieldsRead(a, e));
  if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Union | ts.TypeFlags.Intersection))) return CLEAN;
  const hits = a.ctx.sources.ofType(type);
  if (!hits.length) return CLEAN;
  return a.sourceTaint(hits, e);
}

/** What leaves when a value is sent somewhere: everything it holds, its type's fields included. */
export function observe(a: FunctionAnalyzer, e: ts.Expression, t: Taint): Taint {
  const flat = whole(t);
  const byType = typeData(a, e);
  return byType.labels.length ? union(flat, byType) : flat;
}

function literalTypeData(a: FunctionAnalyzer, o: ts.ObjectLiteralExpression, depth: number): Taint {
  let out: Taint = CLEAN;
  const spreads: Taint[] = [];
  const written = new Set<string>();
  for (const p of o.properties) {
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isSpreadAssignment(p) ? p.expression : undefined;
    if (!value) continue;
    if (ts.isSpreadAssignment(p)) spreads.push(typeData(a, value, depth));
    else {
      out = union(out, typeData(a, value, depth));
      if (spreads.length && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))) written.add(p.name.text);
    }
  }
  // `{ ...customer, phoneNumber: undefined }`: what a spread's type held in a field written after it is gone.
  for (const t of spreads) out = union(out, { labels: withoutTypeFields(t.labels, written) });
  return out;
}

function isConstObjectLiteral(decl: ts.Declaration): decl is ts.VariableDeclaration & { initializer: ts.Expression } {
  if (!ts.isVariableDeclaration(decl) || !decl.initializer || !(decl.parent.flags & ts.NodeFlags.Const)) return false;
  return ts.isObjectLiteralExpression(skipTypeAssertions(decl.initializer));
}

const writesOf = new WeakMap<ts.VariableDeclaration, readonly ts.Expression[]>();

/**
 * The values a const object's fields are set to after its literal: `payload.subscriber = s`,
 * `Object.assign(payload, extra)`, lodash's `merge`/`set`.
 */
function laterWrites(decl: ts.VariableDeclaration): readonly ts.Expression[] {
  let known = writesOf.get(decl);
  if (known) return known;
  const name = decl.name.getText();
  let scope: ts.Node = decl.parent;
  while (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope) && !ts.isCaseClause(scope) && scope.parent) scope = scope.parent;
  const values: ts.Expression[] = [];
  const collect = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name && n.parent !== decl) {
      const p = n.parent;
      const assignment = (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === n ? assignmentTo(p) : undefined;
      if (assignment) values.push(assignment.right);
      if (ts.isCallExpression(p) && p.arguments[0] === n && isMerge(p.expression)) values.push(...p.arguments.slice(1));
    }
    ts.forEachChild(n, collect);
  };
  collect(scope);
  known = values;
  writesOf.set(decl, known);
  return known;
}

const MERGES = new Set(['assign', 'merge', 'mergeWith', 'set', 'defaults', 'defaultsDeep', 'defineProperty', 'defineProperties']);

function isMerge(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) ? MERGES.has(callee.name.text) : ts.isIdentifier(callee) && MERGES.has(callee.text);
}

function skipTypeAssertions(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/**
 * `subscriber: Subscriber` where `type Subscriber = z.infer<typeof subscriberSchema>`: without zod's
 * types installed the checker sees `any`, but the schema's `z.object({ firstName: z.string(), … })`
 * still names the fields, and each is personal data as its name says.
 */
function schemaData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const written = writtenType(a.ctx.checker(), e);
  const schema = written && inferredSchema(a.ctx.checker(), written);
  if (!schema) return CLEAN;
  const container = schema.name.replace(/Schema$/i, '');
  const hits = schema.keys.flatMap((k) => (a.mayBePersonal(k.text) ? a.ctx.sources.ofName(k.text, container, 'any', k).map((h) => ({ ...h, fields: [k.text] })) : []));
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/**
 * An Angular form's value (`this.form.value`, `form.getRawValue()`) where the form was built as
 * `fb.group({ firstName: [''], email: [''] })` or `new FormGroup({ … })`: it holds the keys the
 * group names (without @angular/forms installed, the value is `any`).
 */
function formData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const form = ts.isPropertyAccessExpression(e) && e.name.text === 'value' ? e.expression : ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'getRawValue' ? e.expression.expression : undefined;
  const built = form && formInitializer(form);
  const group = built && (ts.isCallExpression(built) || ts.isNewExpression(built)) ? built.arguments?.[0] : undefined;
  if (!group || !ts.isObjectLiteralExpression(group)) return CLEAN;
  const container = ts.isPropertyAccessExpression(form!) ? form.name.text : (form as ts.Identifier).text;
  const hits = groupKeys(a, group, container, 0);
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/** The personal keys a form group names, nested groups (`address: fb.group({ street: [''] })`) included. */
function groupKeys(a: FunctionAnalyzer, group: ts.ObjectLiteralExpression, container: string | undefined, depth: number): SourceHit[] {
  return group.properties.flatMap((p) => {
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name : undefined;
    if (!key) return [];
    const inner = ts.isPropertyAssignment(p) && isFormGroup(p.initializer) ? (p.initializer as ts.CallExpression).arguments?.[0] : undefined;
    if (inner && ts.isObjectLiteralExpression(inner) && depth < 3) return groupKeys(a, inner, key.text, depth + 1).map((h) => ({ ...h, fields: [key.text] }));
    return a.mayBePersonal(key.text) ? a.ctx.sources.ofName(key.text, container, 'any', key).map((h) => ({ ...h, fields: [key.text] })) : [];
  });
}

function isFormGroup(x: ts.Expression | undefined): x is ts.CallExpression | ts.NewExpression {
  return !!x && ((ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'group') || (ts.isNewExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'FormGroup'));
}

/** `form = this.fb.group({ … })` as a class field, a `this.form = …` in the class, or a local's initializer. */
function formInitializer(form: ts.Expression): ts.Expression | undefined {
  if (ts.isIdentifier(form)) {
    const decl = localDeclaration(form);
    const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
    return isFormGroup(init) ? init : undefined;
  }
  if (!ts.isPropertyAccessExpression(form) || form.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const cls = ts.findAncestor(form, ts.isClassLike);
  const name = form.name.text;
  for (const m of cls?.members ?? []) if (ts.isPropertyDeclaration(m) && m.name.getText() === name && isFormGroup(m.initializer)) return m.initializer;
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === name && isFormGroup(n.right)) found = n.right;
    else ts.forEachChild(n, visit);
  };
  if (cls) visit(cls);
  return found;
}

/** The type the code writes for a value: a parameter's or variable's annotation, a method's return type. */
function writtenType(checker: ts.TypeChecker, e: ts.Expression): ts.TypeNode | undefined {
  if (ts.isIdentifier(e)) {
    const decl = localDeclaration(e);
    return decl && (ts.isParameter(decl) || ts.isVariableDeclaration(decl)) ? decl.type : undefined;
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const symbol = checker.getSymbolAtLocation(e.expression.name);
    const d = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return d && (ts.isMethodSignature(d) || ts.isMethodDeclaration(d)) ? d.type : undefined;
  }
  return undefined;
}

const INFER = new Set(['infer', 'input', 'output', 'Infer', 'TypeOf']);
const SCHEMA_BUILDERS = new Set(['object', 'strictObject', 'looseObject', 'extend', 'merge', 'safeExtend']);

/** The schema a `z.infer<typeof S>` names (through a type alias), with the keys its object literals declare. */
function inferredSchema(checker: ts.TypeChecker, type: ts.TypeNode, depth = 0): { name: string; keys: ts.Identifier[] } | undefined {
  if (depth > 3 || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isQualifiedName(type.typeName) ? type.typeName.right.text : type.typeName.text;
  const query = type.typeArguments?.[0];
  if (INFER.has(name) && query && ts.isTypeQueryNode(query) && ts.isIdentifier(query.exprName)) {
    let symbol = checker.getSymbolAtLocation(query.exprName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
    const d = symbol?.valueDeclaration;
    if (!d || !ts.isVariableDeclaration(d) || !d.initializer) return undefined;
    const keys: ts.Identifier[] = [];
    for (let n: ts.Expression = d.initializer; ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression); n = n.expression.expression) {
      if (!SCHEMA_BUILDERS.has(n.expression.name.text)) continue;
      for (const arg of n.arguments) if (ts.isObjectLiteralExpression(arg)) for (const p of arg.properties) if (p.name && ts.isIdentifier(p.name)) keys.push(p.name);
    }
    return keys.length ? { name: query.exprName.text, keys } : undefined;
  }
  // `type Subscriber = z.infer<typeof subscriberSchema>`, imported or local.
  let symbol = checker.getSymbolAtLocation(type.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
  const alias = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
  return alias ? inferredSchema(checker, alias.type, depth + 1) : undefined;
}
