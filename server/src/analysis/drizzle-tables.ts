// A Drizzle row holds the columns its table declares: `export const users = pgTable('users', { email:
// text('email'), … })`, read by `db.select().from(users)`, `db.query.users.findFirst()`,
// `db.insert(users).values(…).returning()`, or typed `typeof users.$inferSelect`. Without drizzle-orm
// installed every one of these is `any`; the schema in the project still says what the row holds.

import ts = require('typescript');
import { CLEAN, type Taint } from './taint';
import type { FunctionAnalyzer } from './interpreter';
import type { SourceHit } from './sources';
import { localDeclaration, skipOuterExpressions } from './origin-syntax';
import { rowQuery } from './query-selections';

const TABLE_FACTORIES = ['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable'];
/** Column builders whose values are never a person's data by their column's name. */
const NOT_PERSONAL = /^(?:boolean|integer|smallint|bigint|serial|smallserial|bigserial|real|doublePrecision|numeric|decimal|int|tinyint|mediumint|float|double|timestamp|interval|uuid|cuid)$/;

/** What a Drizzle row a value is (or holds a list of) has, by its table's columns. */
export function tableData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  if (!ts.isIdentifier(e)) return CLEAN;
  const table = rowTable(a, e);
  if (!table) return CLEAN;
  const hits = columnHits(a, table);
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

interface Table {
  name: string;
  columns: ts.ObjectLiteralExpression;
}

function rowTable(a: FunctionAnalyzer, id: ts.Identifier): Table | undefined {
  const decl = localDeclaration(id);
  // `(user: User)` where `type User = typeof users.$inferSelect`, `input: InferInsertModel<typeof users>`.
  const written = decl && (ts.isParameter(decl) || ts.isVariableDeclaration(decl)) ? decl.type : undefined;
  if (written) return typeTable(a, written, 0);
  const query = rowQuery(id);
  return query ? queryTable(a, query) : undefined;
}

function typeTable(a: FunctionAnalyzer, t: ts.TypeNode, depth: number): Table | undefined {
  if (depth > 3) return undefined;
  if (ts.isArrayTypeNode(t)) return typeTable(a, t.elementType, depth + 1);
  if (ts.isUnionTypeNode(t)) return t.types.map((x) => typeTable(a, x, depth + 1)).find(Boolean);
  // `typeof users.$inferSelect`, `(typeof users)['$inferSelect']`.
  if (ts.isTypeQueryNode(t) && ts.isQualifiedName(t.exprName) && /^\$infer(?:Select|Insert)$/.test(t.exprName.right.text) && ts.isIdentifier(t.exprName.left)) return tableNamed(a, t.exprName.left);
  if (!ts.isTypeReferenceNode(t)) return undefined;
  const name = ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.right.text;
  // `InferSelectModel<typeof users>`, `Array<User>`.
  const arg = t.typeArguments?.[0];
  if (arg && /^(?:Infer(?:Select|Insert)Model|InferModel|Array|ReadonlyArray|Partial|Promise)$/.test(name)) {
    if (ts.isTypeQueryNode(arg) && ts.isIdentifier(arg.exprName)) return tableNamed(a, arg.exprName);
    return typeTable(a, arg, depth + 1);
  }
  // A project alias of one of those.
  const symbol = a.ctx.checker().getSymbolAtLocation(ts.isIdentifier(t.typeName) ? t.typeName : t.typeName.right);
  const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? a.ctx.checker().getAliasedSymbol(symbol) : symbol;
  const alias = target?.declarations?.find(ts.isTypeAliasDeclaration);
  return alias && a.ctx.isProjectFile(alias.getSourceFile().fileName) ? typeTable(a, alias.type, depth + 1) : undefined;
}

/** `db.select().from(users)`, `db.query.users.findMany()`, `db.insert(users).values(v).returning()`. */
function queryTable(a: FunctionAnalyzer, init: ts.Expression): Table | undefined {
  let e = skipOuterExpressions(init);
  while (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  for (let depth = 0; ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && depth < 12; depth++) {
    const method = e.expression.name.text;
    const receiver = skipOuterExpressions(e.expression.expression);
    if ((method === 'from' || method === 'insert' || method === 'update') && e.arguments.length === 1 && ts.isIdentifier(e.arguments[0])) return tableNamed(a, e.arguments[0]);
    // (`db.query.users.findFirst(…)`: the schema's table of that name.)
    if (/^find(?:First|Many)$/.test(method) && ts.isPropertyAccessExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'query') return tables(a).get(receiver.name.text);
    e = receiver;
  }
  return undefined;
}

function tableNamed(a: FunctionAnalyzer, id: ts.Identifier): Table | undefined {
  const decl = a.ctx.origins.declarationOf(id);
  const made = decl && ts.isVariableDeclaration(decl) && decl.initializer ? tableOf(decl.initializer) : undefined;
  return made ? { name: id.text, columns: made } : tables(a).get(id.text);
}

/** The columns of `pgTable('users', { … })` or of `pgTable('users', (t) => ({ … }))`. */
function tableOf(e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const call = skipOuterExpressions(e);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !TABLE_FACTORIES.includes(call.expression.text)) return undefined;
  let cols = call.arguments[1] && skipOuterExpressions(call.arguments[1]);
  if (cols && (ts.isArrowFunction(cols) || ts.isFunctionExpression(cols)) && !ts.isBlock(cols.body)) cols = skipOuterExpressions(cols.body);
  return cols && ts.isObjectLiteralExpression(cols) ? cols : undefined;
}

const tablesByContext = new WeakMap<object, { generation: number; byName: Map<string, Table> }>();

/** The project's tables by the name of the `const` holding each (found once per version of the origins). */
function tables(a: FunctionAnalyzer): Map<string, Table> {
  const o = a.ctx.origins;
  const known = tablesByContext.get(o);
  if (known && known.generation === o.generation) return known.byName;
  const byName = new Map<string, Table>();
  for (const f of TABLE_FACTORIES) {
    for (const call of o.callsNamed(f)) {
      const holder = call.parent;
      const columns = tableOf(call);
      if (columns && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) byName.set(holder.name.text, { name: holder.name.text, columns });
    }
  }
  tablesByContext.set(o, { generation: o.generation, byName });
  return byName;
}

function columnHits(a: FunctionAnalyzer, table: Table): SourceHit[] {
  return table.columns.properties.flatMap((p) => {
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
    if (!key || !ts.isPropertyAssignment(p) || !a.mayBePersonal(key) || NOT_PERSONAL.test(builderOf(p.initializer) ?? '')) return [];
    return a.ctx.sources.ofName(key, table.name, 'any', p.name).map((h) => ({ ...h, fields: [key] }));
  });
}

/** `text('email').notNull().unique()` → `text`. */
function builderOf(e: ts.Expression): string | undefined {
  let x = skipOuterExpressions(e);
  while (ts.isCallExpression(x)) {
    if (ts.isIdentifier(x.expression)) return x.expression.text;
    if (ts.isPropertyAccessExpression(x.expression) && ts.isCallExpression(x.expression.expression)) x = x.expression.expression;
    else return ts.isPropertyAccessExpression(x.expression) ? x.expression.name.text : undefined;
  }
  return undefined;
}
