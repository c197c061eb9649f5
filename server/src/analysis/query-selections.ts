// What a database query loads when it names its columns: Prisma's and TypeORM's `select: { id: true }`,
// Drizzle's `columns`, Sequelize's `attributes`, Mongoose's `.select('email tier')` and projections,
// Knex's `first('id', 'created_at')`, Kysely's `.select(['id', 'name'])`. The row holds those fields
// only, whatever its declared type or its holder's name says.

import ts = require('typescript');
import { localDeclaration, skipOuterExpressions } from './origin-syntax';

/** Option keys that list the columns a finder loads. */
const SELECTING_OPTIONS = new Set(['select', 'columns', 'attributes', 'projection', 'fields']);
/** Builder methods that name the columns of what the query gives. */
const SELECTING_METHODS = new Set(['select', 'first', 'pluck', 'returning']);

/** The columns the query a local was initialised with loads, when it names them all; else undefined. */
export function selectedColumns(e: ts.Expression): string[] | undefined {
  const init = ts.isIdentifier(e) ? rowQuery(e) : undefined;
  return init && queryColumns(init);
}

/** The query a local holds a row (or the rows) of: `const user = await …`, `const [row] = await …`. */
export function rowQuery(id: ts.Identifier): ts.Expression | undefined {
  const decl = localDeclaration(id);
  if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) return decl.initializer;
  // (The first row of the list: `const [row] = await db.select(…).from(…)`.)
  if (decl && ts.isBindingElement(decl) && ts.isArrayBindingPattern(decl.parent) && decl.parent.elements[0] === decl && !decl.dotDotDotToken && ts.isVariableDeclaration(decl.parent.parent)) return decl.parent.parent.initializer;
  return undefined;
}

export function queryColumns(init: ts.Expression): string[] | undefined {
  let e = unwrap(init);
  // The chain of calls from the last one back: `Member.findById(id).select('email tier').lean()`.
  for (let depth = 0; ts.isCallExpression(e) && depth < 12; depth++) {
    const callee = e.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method && SELECTING_METHODS.has(method)) {
      const listed = columnArguments(e.arguments);
      if (listed) return listed;
    }
    for (const arg of e.arguments) {
      const o = skipOuterExpressions(arg);
      if (!ts.isObjectLiteralExpression(o)) continue;
      // (A Mongo projection given as the finder's second argument: `findById(id, { tier: 1 })`.)
      // (Not the finder's options: Sequelize's `findByPk(id, { raw: true, rejectOnEmpty: true })`.)
      // (Not an entity manager's filter: MikroORM's and TypeORM's `em.findOne(Subscriber, { msisdn })`.)
      const own = arg !== e.arguments[0] && method && /^find/.test(method) && !namesEntity(e.arguments[0]) && !o.properties.some((p) => p.name && ts.isIdentifier(p.name) && QUERY_OPTIONS.has(p.name.text)) ? columnObject(o) : undefined;
      if (own) return own;
      for (const p of o.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || !SELECTING_OPTIONS.has(p.name.text)) continue;
        const listed = columnList(skipOuterExpressions(p.initializer));
        if (listed) return listed;
      }
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    e = unwrap(callee.expression);
  }
  return undefined;
}

function unwrap(e: ts.Expression): ts.Expression {
  let x = skipOuterExpressions(e);
  while (ts.isAwaitExpression(x) || ts.isNonNullExpression(x) || ts.isParenthesizedExpression(x)) x = skipOuterExpressions(x.expression);
  return x;
}

/** `select('email tier')`, `first('id', 'created_at')`, `select(['id', 'name'])`, `select({ id: true })`. */
function columnArguments(args: readonly ts.Expression[]): string[] | undefined {
  if (!args.length) return undefined;
  if (args.length === 1) return columnList(skipOuterExpressions(args[0]));
  // (`'*'`, `'users.*'`: every column.)
  return args.every((x) => ts.isStringLiteralLike(x) && !x.text.endsWith('*')) ? args.map((x) => columnName((x as ts.StringLiteralLike).text)) : undefined;
}

function columnList(v: ts.Expression): string[] | undefined {
  // A Mongoose field string: `'email tier'` (an exclusion, `-password`, loads the rest: not a list).
  if (ts.isStringLiteralLike(v)) {
    const words = v.text.split(/[\s,]+/).filter(Boolean);
    return words.length && !words.some((w) => w.startsWith('-') || w.endsWith('*')) ? words.map(columnName) : undefined;
  }
  if (ts.isArrayLiteralExpression(v)) {
    const out: string[] = [];
    for (const el of v.elements) {
      const x = skipOuterExpressions(el);
      if (ts.isStringLiteralLike(x) && !x.text.endsWith('*')) out.push(columnName(x.text));
      // (Sequelize's `[column, alias]`: the row has the alias.)
      else if (ts.isArrayLiteralExpression(x) && x.elements.length === 2 && ts.isStringLiteralLike(x.elements[1])) out.push(x.elements[1].text);
      else return undefined;
    }
    return out.length ? out : undefined;
  }
  return ts.isObjectLiteralExpression(v) ? columnObject(v) : undefined;
}

/** `{ id: true, email: true }`, `{ _id: 1, tier: 1 }`; a relation selected (`{ customer: { select: … } }`) is a field too. */
function columnObject(o: ts.ObjectLiteralExpression): string[] | undefined {
  const out: string[] = [];
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))) return undefined;
    const v = skipOuterExpressions(p.initializer);
    if (v.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(v) && v.text === '0')) return undefined;
    out.push(p.name.text);
  }
  return out.length ? out : undefined;
}

/** Options of a finder, never columns of a projection (Sequelize's and Mongoose's). */
const QUERY_OPTIONS = new Set(['raw', 'rejectOnEmpty', 'transaction', 'lock', 'paranoid', 'plain', 'nest', 'logging', 'benchmark', 'useMaster', 'skipLocked', 'lean', 'session', 'new', 'upsert', 'runValidators', 'populate', 'sort', 'limit', 'skip', 'strict', 'returnDocument', 'includeResultMetadata', 'rawResult', 'timestamps', 'overwrite']);

/** `'users.email as contact'` is `contact`; `'users.email'` is `email`. */
function columnName(text: string): string {
  const alias = /\s+as\s+(\S+)\s*$/i.exec(text);
  if (alias) return alias[1];
  const dot = text.lastIndexOf('.');
  return dot >= 0 ? text.slice(dot + 1) : text;
}

/** Option keys that load a row's relations with it: Prisma's `include`, TypeORM's `relations`. */
const INCLUDING_OPTIONS = new Set(['include', 'relations']);

/** A relation a query loads with its row, and the columns of it the query names, if it names them. */
export interface IncludedRelation {
  key: ts.Identifier | ts.StringLiteralLike;
  /** `include: { customer: { select: { id: true, plan: true } } }`: only these; undefined for the whole record. */
  columns?: string[];
}

/**
 * The relations a local's query loads along with the row: `include: { customer: true }`,
 * `relations: ['customer']`, `relations: { customer: true }`, and Prisma's nested selections
 * (`include: { customer: { select: { id: true } } }`, `select: { id: true, customer: { select: … } }`).
 * Each key names the records it holds.
 */
export function includedRelations(e: ts.Expression): IncludedRelation[] {
  const init = ts.isIdentifier(e) ? rowQuery(e) : undefined;
  const call = init && unwrap(init);
  if (!call || !ts.isCallExpression(call)) return [];
  const out: IncludedRelation[] = [];
  for (const arg of call.arguments) {
    const o = skipOuterExpressions(arg);
    if (!ts.isObjectLiteralExpression(o)) continue;
    for (const p of o.properties) {
      if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
      const v = skipOuterExpressions(p.initializer);
      const including = INCLUDING_OPTIONS.has(p.name.text);
      if (!including && p.name.text !== 'select') continue;
      if (including && ts.isArrayLiteralExpression(v)) out.push(...v.elements.filter(ts.isStringLiteralLike).map((key) => ({ key })));
      else if (ts.isObjectLiteralExpression(v)) {
        for (const r of v.properties) {
          if (!ts.isPropertyAssignment(r) || !(ts.isIdentifier(r.name) || ts.isStringLiteralLike(r.name))) continue;
          const nested = skipOuterExpressions(r.initializer);
          // (A plain column of a selection, `select: { id: true }`, is no relation.)
          if (!including && !ts.isObjectLiteralExpression(nested)) continue;
          if (nested.kind !== ts.SyntaxKind.FalseKeyword) out.push({ key: r.name, columns: ts.isObjectLiteralExpression(nested) ? nestedColumns(nested, !including) : undefined });
        }
      }
    }
  }
  return out;
}

/**
 * `{ select: { id: true, plan: true } }` of a relation: those columns (and its own relations by name).
 * Within a selection, TypeORM names a relation's columns directly (`select: { customer: { email: true } }`).
 */
function nestedColumns(o: ts.ObjectLiteralExpression, inSelection: boolean): string[] | undefined {
  const option = (name: string) => o.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
  const select = option('select');
  const v = select && skipOuterExpressions(select.initializer);
  if (v) return ts.isObjectLiteralExpression(v) ? columnObject(v) : undefined;
  return inSelection && !option('include') ? columnObject(o) : undefined;
}

/** `Subscriber` in `em.findOne(Subscriber, …)`: an entity class (by its capital), not a filter or an id. */
function namesEntity(first: ts.Expression | undefined): boolean {
  return !!first && ts.isIdentifier(first) && /^[A-Z][A-Za-z0-9]*$/.test(first.text) && !/^[A-Z0-9_]+$/.test(first.text);
}
