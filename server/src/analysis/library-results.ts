// What a library's call gives when the library is not installed and the checker sees `any`: the
// type argument the code wrote (`db<Donor>('donors')`, `useQuery<T>()`), or the project's model class
// whose inherited finder was called (`Lead.query().findById(id)`, `Candidate.findByPk(id)`).

import ts = require('typescript');
import type { FunctionAnalyzer } from './interpreter';
import { localDeclaration } from './origin-syntax';

/** Calls whose result is a text, a number or a count (`prisma.customer.deleteMany(…)` gives `{ count }`). */
export const COUNT_RESULT = /^(?:String|Number|Boolean|encodeURIComponent|decodeURIComponent|deleteMany|updateMany|createMany|count|resultSize|countDocuments|estimatedDocumentCount|aggregate|groupBy|exists|distinct)$/;

/** Members through which a library's generic result is read: `res.data`, `const { data } = useQuery<T>()`. */
const RESULT_MEMBERS = /^(?:data|body|rows|result|results|records|items|value)$/;
/** A query builder's methods that narrow what it gives to named columns or a count. */
const NARROWING = /^(?:select|pluck|column|columns|first|count|countDistinct|sum|avg|min|max)$/;
/** Methods whose result is something else made from the value (`rows.map(…)`, `.join(',')`). */
const REMADE = /^(?:map|flatMap|join|reduce|reduceRight|toString|keys|entries|some|every|includes|indexOf|findIndex|then)$/;

/**
 * `const { data } = useQuery<ClientView>(…)`, `const [donor] = await db<Donor>('donors').where(…)`,
 * `(await axios.get<User>(url)).data`: without the library installed the checker sees `any`, but the
 * type argument the code wrote says what the call gives, through the builder's chain.
 */
export function typeArgumentType(a: FunctionAnalyzer, e: ts.Expression): ts.Type | undefined {
  return resultType(a, e, true, (call) => {
    const checker = a.ctx.checker();
    if (!(checker.getTypeAtLocation(call.expression).flags & ts.TypeFlags.Any)) return undefined;
    if (call.typeArguments?.length) return checker.getTypeFromTypeNode(call.typeArguments[0]);
    return kyselyTable(a, call) ?? 'chain';
  });
}

/**
 * `db.selectFrom('person')` where `db = new Kysely<Database>(…)` and kysely is not installed: the
 * row type the project's `Database` interface gives that table (`person: PersonTable`).
 */
function kyselyTable(a: FunctionAnalyzer, call: ts.CallExpression): ts.Type | undefined {
  if (!ts.isPropertyAccessExpression(call.expression) || !/^(?:selectFrom|updateTable|deleteFrom|insertInto)$/.test(call.expression.name.text)) return undefined;
  const table = call.arguments[0];
  if (!table || !ts.isStringLiteralLike(table)) return undefined;
  const receiver = skipTypeAssertions(call.expression.expression);
  const id = ts.isPropertyAccessExpression(receiver) ? receiver.name : receiver;
  if (!ts.isIdentifier(id)) return undefined;
  const checker = a.ctx.checker();
  let symbol = checker.getSymbolAtLocation(id);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  if (!decl || !(ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isPropertyDeclaration(decl))) return undefined;
  const init = ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) ? decl.initializer : undefined;
  const written = decl.type && ts.isTypeReferenceNode(decl.type) ? decl.type : init && ts.isNewExpression(init) ? init : undefined;
  const name = written && (ts.isTypeReferenceNode(written) ? written.typeName.getText() : written.expression.getText());
  const db = name && /(?:^|\.)Kysely$/.test(name) ? written!.typeArguments?.[0] : undefined;
  // (`selectFrom('person as p')`: the table before its alias.)
  const field = db && checker.getTypeFromTypeNode(db).getProperty(table.text.split(/\s+as\s+/i)[0].trim());
  return field && checker.getTypeOfSymbol(field);
}

/**
 * `await Lead.query().patchAndFetchById(id, patch)` (Objection), `Candidate.findByPk(id)` (Sequelize),
 * `User.findOneBy({ id })` (TypeORM's BaseEntity), where the project's class extends a model base the
 * checker cannot see: the finder is inherited, and it gives the class's records (also as
 * `candidate.toJSON()`).
 */
export function modelResultType(a: FunctionAnalyzer, e: ts.Expression): ts.Type | undefined {
  return resultType(a, e, false, (call) => {
    if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
    // `{ attributes: ['id'] }`: Sequelize's finder asked for some columns only.
    if (call.arguments.some((arg) => ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => p.name && ts.isIdentifier(p.name) && (p.name.text === 'attributes' || p.name.text === 'select')))) return undefined;
    const checker = a.ctx.checker();
    if (!(checker.getTypeAtLocation(call.expression).flags & ts.TypeFlags.Any)) return undefined;
    const receiver = skipTypeAssertions(call.expression.expression);
    const cls = ts.isIdentifier(receiver) ? modelClass(a, receiver) : undefined;
    return cls ? checker.getDeclaredTypeOfSymbol(cls) : 'chain';
  });
}

/**
 * The type a library call gives a value, following it back through locals, awaits, the first element
 * of a list (`findOrCreate` gives `[record, created]`), the result members of a response (`data`,
 * with `members`), and a builder's chain of calls; not past a call that remakes the value (`map`,
 * `join`), counts it, or selects columns by name. `atCall` says what a call gives, or to go on to its
 * receiver (`'chain'`).
 */
function resultType(a: FunctionAnalyzer, e: ts.Expression, members: boolean, atCall: (call: ts.CallExpression) => ts.Type | 'chain' | undefined, depth = 0): ts.Type | undefined {
  if (depth > 6) return undefined;
  const next = (x: ts.Expression): ts.Type | undefined => resultType(a, x, members, atCall, depth + 1);
  let x = skipTypeAssertions(e);
  while (ts.isAwaitExpression(x) || ts.isParenthesizedExpression(x)) x = skipTypeAssertions(x.expression);
  if (ts.isIdentifier(x)) {
    const decl = localDeclaration(x);
    if (decl && ts.isVariableDeclaration(decl)) return ts.isIdentifier(decl.name) && decl.initializer ? next(decl.initializer) : undefined;
    if (!decl || !ts.isBindingElement(decl) || decl.dotDotDotToken || !ts.isVariableDeclaration(decl.parent.parent) || !decl.parent.parent.initializer) return undefined;
    if (ts.isObjectBindingPattern(decl.parent)) {
      const key = decl.propertyName ?? decl.name;
      if (!members || !ts.isIdentifier(key) || !RESULT_MEMBERS.test(key.text)) return undefined;
    } else if (decl.parent.elements[0] !== decl) return undefined;
    return next(decl.parent.parent.initializer);
  }
  if (ts.isPropertyAccessExpression(x)) return members && RESULT_MEMBERS.test(x.name.text) ? next(x.expression) : undefined;
  if (ts.isElementAccessExpression(x)) return ts.isNumericLiteral(x.argumentExpression) ? next(x.expression) : undefined;
  // `await sql<Visit[]>\`select …\`` (postgres, slonik): a library's tagged query gives its type argument.
  if (ts.isTaggedTemplateExpression(x)) return members && x.typeArguments?.length && a.ctx.checker().getTypeAtLocation(x.tag).flags & ts.TypeFlags.Any ? a.ctx.checker().getTypeFromTypeNode(x.typeArguments[0]) : undefined;
  if (!ts.isCallExpression(x)) return undefined;
  const method = ts.isPropertyAccessExpression(x.expression) ? x.expression.name.text : undefined;
  if (method && (COUNT_RESULT.test(method) || REMADE.test(method))) return undefined;
  if (method && NARROWING.test(method) && x.arguments.some((arg) => !(ts.isStringLiteralLike(arg) && arg.text === '*'))) return undefined;
  const given = atCall(x);
  if (given !== 'chain') return given;
  return method ? next((x.expression as ts.PropertyAccessExpression).expression) : undefined;
}

/** A project class whose base the checker cannot resolve (`class Lead extends Model`, with objection not installed). */
function modelClass(a: FunctionAnalyzer, id: ts.Identifier): ts.Symbol | undefined {
  const checker = a.ctx.checker();
  let symbol = checker.getSymbolAtLocation(id);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !ts.isClassDeclaration(decl) || !a.ctx.isProjectFile(decl.getSourceFile().fileName)) return undefined;
  const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!base) return undefined;
  const baseType = checker.getTypeAtLocation(base.expression);
  return baseType.flags & ts.TypeFlags.Any || !baseType.getSymbol() ? symbol : undefined;
}

export function skipTypeAssertions(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}
