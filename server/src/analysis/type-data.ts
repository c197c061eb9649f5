// What a value carries by its type, where it leaves: a `Customer` carries its e-mail; a literal what its
// values' types carry; a `const` object also what is written into it later; an untyped value what its
// function reads from it.

import ts = require('typescript');
import type { SourceHit, TypeKind } from './sources';
import { CLEAN, type Taint, union, unionAll, whole, withoutFields, withoutTypeFields } from './taint';
import type { FunctionAnalyzer } from './interpreter';
import { localDeclaration, safeAliased, declarationOf, isPlainRead, isScript, precedingStatements, returnedExpressions, skipOuterExpressions } from './origin-syntax';
import { assignmentTo, fieldNamesRead, fieldsRead } from './field-reads';
import { modelData, recordBase } from './mongoose-models';
import { COUNT_RESULT, modelResultType, skipTypeAssertions, typeArgumentType } from './library-results';
import { iteratedBy } from './containers';
import { routeDataType } from './route-modules';
import { namesRecordId } from './expressions';
import { includedRelations, queryColumns, rowQuery, selectedColumns, type IncludedRelation } from './query-selections';
import { tableData } from './drizzle-tables';
import { picked } from './value-calls';

/** Personal data a value carries by its type (a `Customer` carries its e-mail): used where values leave. */
export function typeData(a: FunctionAnalyzer, e: ts.Expression, depth = 0, guess = true): Taint {
  // `const info: ApiLog = { path, auth }` (and what is written into it later), less what is deleted or written over before.
  const decl = ts.isIdentifier(e) ? localDeclaration(e) : undefined;
  if (decl && isConstObjectLiteral(decl)) return depth < 8 ? objectTypeData(a, decl, depth + 1, guess, removedBefore(e as ts.Identifier)) : CLEAN;
  let t = declaredData(a, e, depth, guess);
  // (A row of a query that names its columns, `findUnique({ select: { id: true } })`: those only.)
  const columns = ts.isIdentifier(e) ? selectedColumns(e) : undefined;
  if (columns) t = columnData(a, t, columns, e, (e as ts.Identifier).text);
  // (`delete copy.email` or `copy.email = 'erased'` before: what its type says it holds there is gone.)
  const removed = ts.isIdentifier(e) && t.labels.length ? removedBefore(e) : undefined;
  return removed?.size ? { labels: withoutTypeFields(t.labels, removed) } : t;
}

/** What a row of these columns holds: what its type says of each, else what each column's name says. */
function columnData(a: FunctionAnalyzer, t: Taint, columns: readonly string[], at: ts.Expression, holder?: string): Taint {
  let out = picked(t, columns);
  // (A relation selected with its own columns, `select: { customer: { email: true } }`: those.)
  const relations = ts.isIdentifier(at) ? includedRelations(at).filter((r) => r.columns) : [];
  for (const c of columns) {
    if (out.labels.some((l) => l.param === undefined && l.typeFields?.includes(c))) continue;
    // (Each held in its column, so that reading another leaves it behind; the row's holder names whose
    // it is: `user`'s `name` is a person's.)
    const relation = relations.find((r) => r.key.text === c);
    const hits = relation ? relationHits(a, relation).map((h) => ({ ...h, fields: [c] })) : a.mayBePersonal(c) ? a.ctx.sources.ofName(c, holder, 'any', at).map((h) => ({ ...h, fields: [c] })) : [];
    if (hits.length) out = union(out, a.sourceTaint(hits, at));
  }
  return out;
}

/**
 * The fields `delete x.f` and `x.f = …` statements remove or write over in a local before this read
 * of it, on every path to it: statements earlier in a block the read is in.
 */
function removedBefore(e: ts.Identifier): Set<string> | undefined {
  const decl = localDeclaration(e);
  if (!decl) return undefined;
  let out: Set<string> | undefined;
  for (const s of precedingStatements(e)) {
    // (Written over, `copy.email = 'erased@invalid'`, the field holds what was written, which the
    // value's own taint has: nothing of what its type says is left there.)
    const x = ts.isExpressionStatement(s) ? skipOuterExpressions(s.expression) : undefined;
    // (Not a value read from elsewhere, `viewing.notes = req.body.notes`: that is of the field's
    // declared kind, as what it replaced was.)
    const d = x && ts.isDeleteExpression(x) ? x.expression : x && ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken && !isPlainRead(x.right) ? x.left : undefined;
    const target = d && (ts.isPropertyAccessExpression(d) ? d.name.text : ts.isElementAccessExpression(d) && ts.isStringLiteralLike(d.argumentExpression) ? d.argumentExpression.text : undefined);
    const holder = d && (ts.isPropertyAccessExpression(d) || ts.isElementAccessExpression(d)) ? d.expression : undefined;
    if (target && holder && ts.isIdentifier(holder) && holder.text === e.text && localDeclaration(holder) === decl) (out ??= new Set()).add(target);
  }
  return out;
}

function declaredData(a: FunctionAnalyzer, e: ts.Expression, depth: number, guess: boolean): Taint {
  // `user ?? {}`, `row || fallback`: what either side holds.
  const x = skipTypeAssertions(e);
  if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || x.operatorToken.kind === ts.SyntaxKind.BarBarToken) && depth < 8) return union(typeData(a, x.left, depth + 1, guess), typeData(a, x.right, depth + 1, guess));
  // Strings built in place have no fields: no need to ask the checker for their type.
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isNumericLiteral(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)) return CLEAN;
  // `{ ...info, userId } satisfies ApiLog`, or `const info: ApiLog = { path, auth }`: a literal
  // carries what its values' types carry; the fields its own type declares but it leaves out are empty.
  const literal = skipTypeAssertions(e);
  if (ts.isObjectLiteralExpression(literal)) return depth < 8 ? literalTypeData(a, literal, depth + 1, guess) : CLEAN;
  const checker = a.ctx.checker();
  const type = ts.isIdentifier(e) ? scriptGlobalType(checker, e) : checker.getTypeAtLocation(e);
  // Untyped: what its zod schema declares, or what the function reads from it. (The rest of an
  // untyped callback's destructured element, `rows.map(({ id, ...rest }) => …)`, is typed `{}`.)
  if (type.flags & ts.TypeFlags.Any || (ts.isIdentifier(e) && isEmptyObjectType(type) && restOf(e))) {
    // `const { email, ...rest } = customer` of a row only the code says the type of: the rest of it.
    // (What a query that names its columns loads, where the row is not kept: `= await prisma.user.findUnique({ select })`.)
    const rest = ts.isIdentifier(e) && depth < 8 ? restOf(e) : undefined;
    const columns = rest && !ts.isIdentifier(skipOuterExpressions(rest.of)) ? queryColumns(rest.of) : undefined;
    const of = rest && (columns ? columnData(a, CLEAN, columns, rest.of, (e as ts.Identifier).text) : typeData(a, rest.of, depth + 1, false));
    if (of?.labels.length || of?.fields?.size) return withoutFields(of, rest!.taken);
    // What the code states its type is, and what it reads from it (a stated type may name fewer).
    const stated = statedType(a, e);
    const hits = stated ? withoutUnloadedRelations(stated, a.ctx.sources.ofType(stated), e) : [];
    const known = unionAll([hits.length ? a.sourceTaint(hits, e) : CLEAN, schemaData(a, e), formData(a, e), fieldsRead(a, e), modelData(a, e), tableData(a, e), initialStateData(a, e), selectedRelationData(a, e), depth < 8 ? elementData(a, e, depth) : CLEAN]);
    if (!guess) return known;
    // (Of a stated type, its relations' types say what they hold.)
    return union(known.labels.length ? known : recordData(a, e), stated ? CLEAN : includedRecords(a, e, known));
  }
  if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Union | ts.TypeFlags.Intersection))) return CLEAN;
  // A bag of any keys (`Object.fromEntries(formData)`, `Record<string, unknown>`) says no more than `any`
  // of what it holds: what the function reads from it does.
  if (isKeyBag(checker, type)) return fieldsRead(a, e);
  const hits = a.ctx.sources.ofType(type);
  // (With React's types installed, `useState({ email: '' })` is typed by its blank initial object.)
  if (!hits.length) return ts.isIdentifier(e) ? initialStateData(a, e) : CLEAN;
  return a.sourceTaint(hits, e);
}

/**
 * A TypeORM row holds its relations (`@ManyToOne(() => Passenger) passenger`) only where its query
 * names them (`relations: { passenger: true }`) or the entity loads them eagerly: what the entity
 * type says they hold is left out of a row loaded without them.
 */
function withoutUnloadedRelations(type: ts.Type, hits: readonly SourceHit[], e: ts.Expression): readonly SourceHit[] {
  if (!ts.isIdentifier(e) || !rowQuery(e)) return hits;
  const relations = new Set<string>();
  for (const p of type.getProperties()) {
    const d = p.valueDeclaration;
    if (d && ts.isPropertyDeclaration(d) && lazyRelation(d)) relations.add(p.name);
  }
  if (!relations.size) return hits;
  for (const { key } of includedRelations(e)) relations.delete(key.text);
  return hits.flatMap((h) => {
    if (!h.fields) return [h];
    const kept = h.fields.filter((f) => !relations.has(f));
    return kept.length === h.fields.length ? [h] : kept.length ? [{ ...h, fields: kept }] : [];
  });
}

const RELATION_DECORATORS = /^(?:ManyToOne|OneToMany|OneToOne|ManyToMany)$/;

/** A TypeORM relation not loaded with every row (no `{ eager: true }`). */
function lazyRelation(d: ts.PropertyDeclaration): boolean {
  return (ts.getDecorators(d) ?? []).some((dec) => {
    const call = dec.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !RELATION_DECORATORS.test(call.expression.text)) return false;
    return !call.arguments.some((arg) => ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'eager' && p.initializer.kind === ts.SyntaxKind.TrueKeyword));
  });
}

/** `rest` of `const { email, phone, ...rest } = customer`: the value it is the rest of, and the keys taken out. */
function restOf(id: ts.Identifier): { of: ts.Expression; taken: string[] } | undefined {
  const decl = localDeclaration(id);
  if (!decl || !ts.isBindingElement(decl) || !decl.dotDotDotToken || !ts.isObjectBindingPattern(decl.parent)) return undefined;
  const holder = decl.parent.parent;
  // (An element's rest: `rows.map(({ id, email, ...rest }) => …)`, `for (const { id, ...rest } of rows)`:
  // the rest of what the collection's elements hold.)
  const of = (ts.isParameter(holder) || ts.isVariableDeclaration(holder) ? collectionOf(holder) : undefined) ?? (ts.isVariableDeclaration(holder) ? holder.initializer : undefined);
  if (!of) return undefined;
  const taken: string[] = [];
  for (const el of decl.parent.elements) {
    if (el === decl) continue;
    const key = propertyKey(el.propertyName ?? el.name);
    if (key === undefined) return undefined;
    taken.push(key);
  }
  return { of, taken };
}

/** `{}`: an object type that says nothing of its fields. */
function isEmptyObjectType(type: ts.Type): boolean {
  return !!(type.flags & ts.TypeFlags.Object) && !type.getProperties().length && !type.getCallSignatures().length;
}

/** An object type with a string index and no fields of its own: `{ [k: string]: FormDataEntryValue }`. */
function isKeyBag(checker: ts.TypeChecker, type: ts.Type): boolean {
  return !!(type.flags & ts.TypeFlags.Object) && !type.getCallSignatures().length && !type.getProperties().length && !!checker.getIndexInfoOfType(type, ts.IndexKind.String);
}

/**
 * A name's type; for plain scripts' globals declared in several files (`const user` in each of two
 * test scripts), the type of its own file's declaration, not the merged symbol's first.
 */
function scriptGlobalType(checker: ts.TypeChecker, id: ts.Identifier): ts.Type {
  if (!isScript(id.getSourceFile())) return checker.getTypeAtLocation(id);
  const symbol = checker.getSymbolAtLocation(id);
  const own = declarationOf(symbol, id);
  if (own && own !== symbol!.valueDeclaration && ts.isVariableDeclaration(own) && own.initializer) return checker.getTypeAtLocation(own.initializer);
  return checker.getTypeAtLocation(id);
}

/**
 * What leaves when a value is sent somewhere: everything it holds, its type's fields included.
 * `guess`: also a record known only by its name (not where the value is made a string: `String(customer)`).
 */
export function observe(a: FunctionAnalyzer, e: ts.Expression, t: Taint, guess = true): Taint {
  const flat = whole(t);
  let byType = typeData(a, e, 0, guess);
  // What the value is known to hold says more than a guess from its name.
  if (flat.labels.some((l) => l.param === undefined) && byType.labels.every((l) => l.record)) byType = CLEAN;
  return byType.labels.length ? union(flat, byType) : flat;
}

/**
 * The people's records a row's query loads with it (`include: { customer: true }`): each held whole
 * in its relation's field, where nothing here says which of its fields it holds; or the columns its
 * nested selection names (`include: { customer: { select: { id: true, email: true } } }`).
 */
function includedRecords(a: FunctionAnalyzer, e: ts.Expression, known: Taint): Taint {
  // (What the code reads of a relation, `order.customer.email`, says more than its name.)
  const read = (key: string): boolean => known.labels.some((l) => !l.record && l.typeFields?.includes(key));
  const hits = includedRelations(e)
    .filter((r) => !read(r.key.text))
    .flatMap((r) => relationHits(a, r).map((h) => ({ ...h, fields: [r.key.text] })));
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/** What one loaded relation holds: its selected columns by name, else a person's whole record by the relation's name. */
function relationHits(a: FunctionAnalyzer, r: IncludedRelation): SourceHit[] {
  if (!r.columns) return [...a.ctx.sources.ofPersonRecord(r.key.text, r.key)];
  // (A column that is itself a person's record, `members: { select: { user: { select: … } } }`, is that record.)
  return r.columns.flatMap((c) => {
    const named = a.mayBePersonal(c) ? a.ctx.sources.ofName(c, r.key.text, 'any', r.key) : [];
    return (named.length ? named : a.ctx.sources.ofPersonRecord(c, r.key)).map((h) => ({ ...h, fields: [c] }));
  });
}

/**
 * `for (const row of rows)`, `rows.map((row) => …)` over an untyped query's rows: an element holds
 * what the collection's rows hold (`rows = await prisma.candidate.findMany({ select })`).
 */
function elementData(a: FunctionAnalyzer, e: ts.Expression, depth: number): Taint {
  if (!ts.isIdentifier(e)) return CLEAN;
  const decl = localDeclaration(e);
  const collection = decl && (ts.isVariableDeclaration(decl) || (ts.isParameter(decl) && !decl.type)) ? collectionOf(decl) : undefined;
  const list = collection && skipOuterExpressions(collection);
  return list && ts.isIdentifier(list) && selectedColumns(list) ? typeData(a, list, depth + 1, false) : CLEAN;
}

/** The collection an element comes from: `for (const row of rows)`, `rows.map((row) => …)`. */
function collectionOf(decl: ts.VariableDeclaration | ts.ParameterDeclaration): ts.Expression | undefined {
  if (ts.isParameter(decl)) return iteratedBy(decl);
  return !decl.initializer && ts.isVariableDeclarationList(decl.parent) && ts.isForOfStatement(decl.parent.parent) ? decl.parent.parent.expression : undefined;
}

/** `order.customer` read of a row whose query selected that relation's columns: those columns. */
function selectedRelationData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const x = skipTypeAssertions(e);
  if (!ts.isPropertyAccessExpression(x)) return CLEAN;
  const holder = skipTypeAssertions(x.expression);
  const r = ts.isIdentifier(holder) ? includedRelations(holder).find((rel) => rel.key.text === x.name.text && rel.columns) : undefined;
  const hits = r ? relationHits(a, r) : [];
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/**
 * An untyped value named as one person's record (`customer`, `session.user`, `leads[0]`,
 * `contact.toObject()`), nothing of whose fields is known: the person's data as a whole.
 */
function recordData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const { base: x, copied } = recordBase(e);
  const name = ts.isIdentifier(x) ? x.text : ts.isPropertyAccessExpression(x) ? x.name.text : undefined;
  if (!name || !(copied || isObjectLike(a, x as ts.Identifier | ts.PropertyAccessExpression))) return CLEAN;
  const hits = a.ctx.sources.ofPersonRecord(name, x);
  return hits.length ? a.sourceTaint(hits, x) : CLEAN;
}

/** A const object's literal and what is written into its fields later, less the fields deleted before the read. */
function objectTypeData(a: FunctionAnalyzer, decl: ts.VariableDeclaration & { initializer: ts.Expression }, depth: number, guess: boolean, omit?: ReadonlySet<string>): Taint {
  const literal = skipTypeAssertions(decl.initializer) as ts.ObjectLiteralExpression;
  return unionAll([literalTypeData(a, literal, depth + 1, guess, omit), ...laterWrites(decl).map((w) => typeData(a, w, depth + 1, guess))]);
}

function literalTypeData(a: FunctionAnalyzer, o: ts.ObjectLiteralExpression, depth: number, guess: boolean, omit?: ReadonlySet<string>): Taint {
  let out: Taint = CLEAN;
  const spreads: Taint[] = [];
  const written = new Set<string>(omit);
  for (const p of o.properties) {
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isSpreadAssignment(p) ? p.expression : undefined;
    if (!value) continue;
    if (ts.isSpreadAssignment(p)) {
      // (`const audit = { ...request }; delete audit.phone`: the spread literal's fields, less those deleted.)
      const spread = omit?.size && ts.isIdentifier(value) ? localDeclaration(value) : undefined;
      spreads.push(spread && isConstObjectLiteral(spread) && depth < 8 ? objectTypeData(a, spread, depth + 1, guess, omit) : typeData(a, value, depth, guess));
    } else {
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
      if (name !== undefined && omit?.has(name)) continue;
      const held = union(typeData(a, value, depth, guess), taggedField(a, o, p));
      // (Held in that field: reading another, deleting it or writing over it leaves it behind.)
      out = union(out, name === undefined ? held : { labels: held.labels.map((l) => (l.param === undefined ? { ...l, typeFields: [name] } : l)) });
      if (spreads.length && name !== undefined) written.add(name);
    }
  }
  // `{ ...customer, phoneNumber: undefined }`: what a spread's type held in a field written after it is gone.
  for (const t of spreads) out = union(out, { labels: withoutTypeFields(t.labels, written) });
  // `const feedback: InterviewFeedback = { ...input, interviewerId }`: the fields the spread fills in
  // hold what the declared type's tags on them say, as fields written out do.
  if (spreads.length) out = union(out, spreadTaggedFields(a, o, omit));
  return out;
}

function spreadTaggedFields(a: FunctionAnalyzer, o: ts.ObjectLiteralExpression, omit?: ReadonlySet<string>): Taint {
  const explicit = new Set(o.properties.flatMap((p) => (!ts.isSpreadAssignment(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? [p.name.text] : [])));
  const declared = a.ctx.checker().getContextualType(o);
  if (!declared) return CLEAN;
  let out: Taint = CLEAN;
  for (const prop of declared.getProperties().slice(0, 64)) {
    if (explicit.has(prop.name) || omit?.has(prop.name)) continue;
    const d = prop.valueDeclaration;
    if (!d || !a.ctx.isProjectFile(d.getSourceFile().fileName)) continue;
    const hits = a.ctx.sources.ofDeclaration(d);
    const tagged = hits === 'none' ? [] : hits.filter((h) => h.reason.kind === 'tag');
    if (tagged.length) out = union(out, { labels: a.sourceTaint(tagged, o).labels.map((l) => ({ ...l, typeFields: [prop.name] })) });
  }
  return out;
}

/**
 * `const profile: GivingProfile = { lifetimeGivingCents: Number(total) }`: a field the literal's declared
 * type tags `@pii` holds that, whatever it was computed from.
 */
function taggedField(a: FunctionAnalyzer, o: ts.ObjectLiteralExpression, p: ts.ObjectLiteralElementLike): Taint {
  if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))) return CLEAN;
  const declared = a.ctx.checker().getContextualType(o)?.getProperty(p.name.text)?.valueDeclaration;
  if (!declared || !a.ctx.isProjectFile(declared.getSourceFile().fileName)) return CLEAN;
  const hits = a.ctx.sources.ofDeclaration(declared);
  const tagged = hits === 'none' ? [] : hits.filter((h) => h.reason.kind === 'tag');
  return tagged.length ? a.sourceTaint(tagged, p.name) : CLEAN;
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

/** Framework state whose value type the code states: React's `useState<T>`, Vue's `ref<T>` / `reactive<T>`. */
const STATE_TUPLE = /^(?:useState|useImmer)$/;
const STATE_BOX: Record<string, string> = { ref: 'value', shallowRef: 'value', useRef: 'current' };

/**
 * `const [form, setForm] = useState<ContactForm>(…)`, `const draft = ref<Customer>()` read as
 * `draft.value`, `const form = reactive<LeadForm>({ … })`: without React or Vue installed the checker
 * sees `any`, but the type argument the code wrote says what the state holds.
 */
/** The type the code states an untyped value has (`useState<FormState>`, `FastifyRequest<{ Body: T }>`). */
export function statedType(a: FunctionAnalyzer, e: ts.Expression): ts.Type | undefined {
  const stated = stateType(a, e) ?? requestPartType(a, e) ?? sessionUserType(a, e) ?? repositoryResultType(a, e) ?? routeDataType(a, e) ?? typeArgumentType(a, e) ?? modelResultType(a, e);
  if (stated) return stated;
  // `data.donor` where `const { data } = useQuery<{ donor: Donor }>(…)`: the stated type's field.
  const x = skipTypeAssertions(e);
  // `const { address } = request.body` of a route whose generic states the body: that field's type.
  if (ts.isIdentifier(x)) {
    const decl = localDeclaration(x);
    // `rows.map((n) => n.notes)` over a list whose type is stated: each element is of that type.
    const element = decl && ts.isParameter(decl) && !decl.type ? elementOfStatedList(a, decl) : undefined;
    if (element) return element;
    const holder = decl && ts.isBindingElement(decl) && !decl.dotDotDotToken && ts.isObjectBindingPattern(decl.parent) ? decl.parent.parent : undefined;
    const key = holder && ts.isVariableDeclaration(holder) && holder.initializer ? propertyKey((decl as ts.BindingElement).propertyName ?? (decl as ts.BindingElement).name) : undefined;
    const field = key !== undefined ? statedType(a, (holder as ts.VariableDeclaration).initializer!)?.getProperty(key) : undefined;
    return field && a.ctx.checker().getTypeOfSymbol(field);
  }
  if (!ts.isPropertyAccessExpression(x)) return undefined;
  const field = statedType(a, x.expression)?.getProperty(x.name.text);
  return field && a.ctx.checker().getTypeOfSymbol(field);
}

function elementOfStatedList(a: FunctionAnalyzer, p: ts.ParameterDeclaration): ts.Type | undefined {
  const collection = iteratedBy(p);
  const list = collection && statedType(a, collection);
  const checker = a.ctx.checker();
  // (A repository's `findBy` is stated as its entity: the list's element.)
  return list && checker.isArrayType(list) ? checker.getTypeArguments(list as ts.TypeReference)[0] : list;
}

function propertyKey(n: ts.Node): string | undefined {
  return ts.isIdentifier(n) || ts.isStringLiteralLike(n) ? n.text : undefined;
}

/** TypeORM repositories' methods that give back the entity (or a list of them). */
const REPOSITORY_READS = /^(?:find|findOne|findOneBy|findOneOrFail|findOneByOrFail|findBy|findAndCount|findAndCountBy|findByIds|save|create|preload|merge|softRemove|recover)$/;
const REPOSITORY_TYPE = /(?:^|\.)(?:Repository|MongoRepository|TreeRepository)$/;

/**
 * `const lead = await this.leads.findOneByOrFail({ id })` where `leads: Repository<Lead>`: without
 * typeorm installed the checker sees `any`, but the repository's type argument says what it gives.
 */
function repositoryResultType(a: FunctionAnalyzer, e: ts.Expression, depth = 0): ts.Type | undefined {
  let x = skipTypeAssertions(e);
  while (ts.isAwaitExpression(x) || ts.isParenthesizedExpression(x)) x = skipTypeAssertions(x.expression);
  if (ts.isIdentifier(x) && depth < 3) {
    const decl = localDeclaration(x);
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
    // `for (const account of accounts)` over a repository's `find` result: each one is the entity.
    const loop = decl.parent?.parent;
    if (!decl.initializer && loop && ts.isForOfStatement(loop)) return repositoryResultType(a, loop.expression, depth + 1);
    return decl.initializer ? repositoryResultType(a, decl.initializer, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression) || !REPOSITORY_READS.test(x.expression.name.text)) return undefined;
  const receiver = x.expression.expression;
  const id = ts.isPropertyAccessExpression(receiver) ? receiver.name : receiver;
  if (!ts.isIdentifier(id)) return undefined;
  const checker = a.ctx.checker();
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  const type = decl && (ts.isParameter(decl) || ts.isPropertyDeclaration(decl) || ts.isVariableDeclaration(decl)) ? decl.type : undefined;
  if (!type || !ts.isTypeReferenceNode(type) || type.typeArguments?.length !== 1 || !REPOSITORY_TYPE.test(type.typeName.getText())) return undefined;
  return checker.getTypeFromTypeNode(type.typeArguments[0]);
}

/** The type argument of a framework state tuple's call: `ChatText` of `useState<ChatText>('')`. */
export function stateTypeArgument(init: ts.Expression | undefined): ts.TypeNode | undefined {
  if (!init || !ts.isCallExpression(init) || !init.typeArguments?.length) return undefined;
  const callee = ts.isIdentifier(init.expression) ? init.expression.text : ts.isPropertyAccessExpression(init.expression) ? init.expression.name.text : '';
  return STATE_TUPLE.test(callee) ? init.typeArguments[0] : undefined;
}

function stateType(a: FunctionAnalyzer, e: ts.Expression): ts.Type | undefined {
  const call = stateCall(e);
  if (!call) return undefined;
  if (call.typeArguments?.length) return a.ctx.checker().getTypeFromTypeNode(call.typeArguments[0]);
  // `useState({ name: '', email: '' })`: the initial object says what the state holds.
  const initial = call.arguments[0];
  return initial && ts.isObjectLiteralExpression(initial) ? a.ctx.checker().getTypeAtLocation(initial) : undefined;
}

/** The framework state call `e` holds the value of: `useState(…)` of `[form]`, `reactive(…)`, `ref(…)` read as `.value`. */
function stateCall(e: ts.Expression): ts.CallExpression | undefined {
  let target = skipTypeAssertions(e);
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) {
    member = target.name.text;
    target = target.expression;
  }
  if (!ts.isIdentifier(target)) return undefined;
  const decl = localDeclaration(target);
  if (!decl) return undefined;
  let call: ts.Expression | undefined;
  let ok: (callee: string) => boolean;
  if (ts.isBindingElement(decl) && !member && ts.isArrayBindingPattern(decl.parent) && decl.parent.elements[0] === decl && ts.isVariableDeclaration(decl.parent.parent)) {
    call = decl.parent.parent.initializer;
    ok = (callee) => STATE_TUPLE.test(callee);
  } else if (ts.isVariableDeclaration(decl)) {
    call = decl.initializer;
    ok = (callee) => (member === undefined ? callee === 'reactive' : STATE_BOX[callee] === member);
  } else return undefined;
  if (!call || !ts.isCallExpression(call)) return undefined;
  const callee = ts.isIdentifier(call.expression) ? call.expression.text : ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : '';
  return ok(callee) ? call : undefined;
}

/**
 * Form state begun empty (`useState({ name: '', email: '', phone: '' })`, `reactive({ email: '' })`):
 * its blanks are filled in by the person using the form, so each key holds what its name says, the
 * keys together saying whose they are (`name` beside an e-mail and a phone is the person's name).
 * A key begun as a number or a flag (`step: 1`, `agreed: false`) is not filled in with text.
 */
function initialStateData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const call = stateCall(e);
  const initial = call && !call.typeArguments?.length ? call.arguments[0] : undefined;
  if (!initial || !ts.isObjectLiteralExpression(initial)) return CLEAN;
  const keys: Array<[string, TypeKind]> = [];
  for (const p of initial.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propertyKey(p.name);
    const v = skipOuterExpressions(p.initializer);
    const kind: TypeKind | undefined = ts.isStringLiteralLike(v) ? 'string' : ts.isNumericLiteral(v) ? 'number' : v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword ? 'boolean' : v.kind === ts.SyntaxKind.NullKeyword ? 'any' : undefined;
    if (key && kind && kind !== 'number' && kind !== 'boolean') keys.push([key, kind]);
  }
  const x = skipTypeAssertions(e);
  const holder = ts.isIdentifier(x) ? x.text : undefined;
  const names = keys.map(([k]) => k);
  const person = names.length > 1 && a.ctx.sources.namesPerson(names);
  const hits: SourceHit[] = [];
  for (const [key, kind] of keys) {
    let found = a.ctx.sources.ofName(key, holder, kind, e);
    if (!found.length && person) found = a.ctx.sources.ofPersonName(key, kind, e, holder, names);
    hits.push(...found.map((h) => ({ ...h, fields: [key] })));
  }
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

/** A request's part, by the field of Fastify's route generic that types it. */
const FASTIFY_PARTS: Readonly<Record<string, string>> = { body: 'Body', query: 'Querystring', params: 'Params', headers: 'Headers' };
const EXPRESS_PARTS: Readonly<Record<string, number>> = { Params: 0, Body: 2, Querystring: 3 };

/**
 * `request.body` where `request: FastifyRequest<{ Body: CreateContactBody }>` or `req: Request<{}, {},
 * CreateContactBody>` (or a local holding it): without fastify or express installed the checker sees `any`, but the route's generic says what it holds.
 */
function requestPartType(a: FunctionAnalyzer, e: ts.Expression, depth = 0): ts.Type | undefined {
  let x = skipTypeAssertions(e);
  if (ts.isIdentifier(x) && depth < 2) {
    const decl = localDeclaration(x);
    return decl && ts.isVariableDeclaration(decl) && decl.initializer ? requestPartType(a, decl.initializer, depth + 1) : undefined;
  }
  if (!ts.isPropertyAccessExpression(x) || !FASTIFY_PARTS[x.name.text]) return undefined;
  const part = FASTIFY_PARTS[x.name.text];
  x = skipTypeAssertions(x.expression);
  const decl = ts.isIdentifier(x) ? localDeclaration(x) : undefined;
  // `fastify.post<{ Body: SignupBody }>('/signup', async (request) => …)`: the route's generic types the
  // handler's untyped request.
  const routed = decl && ts.isParameter(decl) && !decl.type ? routeGeneric(decl) : undefined;
  if (routed) {
    const node = routed.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && !!m.type && m.name.getText() === part)?.type;
    return node ? a.ctx.checker().getTypeFromTypeNode(node) : undefined;
  }
  const type = decl && ts.isParameter(decl) ? decl.type : undefined;
  if (!type || !ts.isTypeReferenceNode(type) || !type.typeArguments?.length) return undefined;
  const name = type.typeName.getText();
  let node: ts.TypeNode | undefined;
  if (/(?:^|\.)FastifyRequest$/.test(name)) {
    const route = type.typeArguments[0];
    node = ts.isTypeLiteralNode(route) ? route.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && !!m.type && m.name.getText() === part)?.type : undefined;
  } else if (/(?:^|\.)Request$/.test(name)) {
    // Express's `Request<Params, ResBody, ReqBody, ReqQuery>`.
    node = type.typeArguments[EXPRESS_PARTS[part]];
  }
  return node ? a.ctx.checker().getTypeFromTypeNode(node) : undefined;
}

/**
 * `req.user` where express and passport are not installed but the project states its user
 * (`declare global { namespace Express { interface User { email: string } } }`): that interface.
 */
function sessionUserType(a: FunctionAnalyzer, e: ts.Expression): ts.Type | undefined {
  const x = skipTypeAssertions(e);
  if (!ts.isPropertyAccessExpression(x) || x.name.text !== 'user') return undefined;
  const base = skipTypeAssertions(x.expression);
  const decl = ts.isIdentifier(base) ? localDeclaration(base) : undefined;
  if (!decl || !ts.isParameter(decl) || !ts.isIdentifier(base)) return undefined;
  const stated = decl.type && ts.isTypeReferenceNode(decl.type) ? decl.type.typeName.getText() : undefined;
  if (!(stated ? /(?:^|\.)Request$/.test(stated) : /^req(?:uest)?$/.test(base.text))) return undefined;
  const checker = a.ctx.checker();
  const express = checker.resolveName('Express', undefined, ts.SymbolFlags.Namespace, false);
  const user = express && checker.getExportsOfModule(express).find((s) => s.name === 'User' && s.flags & ts.SymbolFlags.Interface);
  return user && checker.getDeclaredTypeOfSymbol(user);
}

/** The `{ Body, Querystring, … }` type argument of the route call a handler's first parameter belongs to. */
function routeGeneric(param: ts.ParameterDeclaration): ts.TypeLiteralNode | undefined {
  const fn = param.parent;
  if (fn.parameters[0] !== param || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  if (!/^(?:get|post|put|patch|delete|head|options|all|route)$/.test(call.expression.name.text)) return undefined;
  const route = call.typeArguments?.[0];
  return route && ts.isTypeLiteralNode(route) ? route : undefined;
}

/** What a string value is read for: no sign that a value is an object. */
const TEXT_MEMBERS = new Set(['length', 'startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'split', 'toLowerCase', 'toUpperCase', 'trim', 'replace', 'replaceAll', 'match', 'substring', 'substr', 'slice', 'charAt', 'localeCompare', 'padStart', 'padEnd', 'concat', 'toString', 'valueOf', 'equals', 'test']);
/**
 * Where a framework keeps the signed-in person's record (`req.user`, `session.user`, `ctx.state.user`,
 * `res.locals.user`) or a posted one (`req.body.lead`). Elsewhere (`data.member`, `req.query.lead`,
 * `action.parameters.member`) a field so named is as often an id.
 */
const RECORD_HOLDERS = /^(?:req|request|session|state|locals|ctx|auth|body)$/;

/**
 * Whether a value named as a record is an object at all (in plain JavaScript `member` is as often an
 * id): what it was made from (a call, an ORM's result in a callback, a field named as a record), or a
 * field the function reads from it.
 */
function isObjectLike(a: FunctionAnalyzer, x: ts.Identifier | ts.PropertyAccessExpression): boolean {
  if (ts.isPropertyAccessExpression(x)) {
    const holder = skipTypeAssertions(x.expression);
    if (ts.isPropertyAccessExpression(holder)) return RECORD_HOLDERS.test(holder.name.text);
    // A relation the row's query loaded with it: `order.customer` after `include: { customer: true }`.
    return ts.isIdentifier(holder) && (RECORD_HOLDERS.test(holder.text) || includedRelations(holder).some((r) => r.key.text === x.name.text && !r.columns));
  }
  const reads = fieldNamesRead(a, x);
  if (reads && [...reads].some((r) => !TEXT_MEMBERS.has(r))) return true;
  const decl = localDeclaration(x);
  if (!decl) return false;
  // (`const [leads, subscribers] = await Promise.all([Lead.findAll(), mailchimp.subscribedCount()])`:
  // what the promise in its place gives.)
  if (ts.isBindingElement(decl)) {
    const made = promisedInPlace(decl);
    return made ? madeAsObject(a, made) : true;
  }
  if (ts.isParameter(decl)) {
    // `(err, user) => …` handed to a call: the library's result; or a declared type that is not installed.
    return (ts.isArrowFunction(decl.parent) || ts.isFunctionExpression(decl.parent)) && ts.isCallOrNewExpression(decl.parent.parent) || (!!decl.type && ts.isTypeReferenceNode(decl.type));
  }
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  return madeAsObject(a, decl.initializer);
}

/** Whether a value made so (a call, a field named as a record) is an object rather than an id or a count. */
function madeAsObject(a: FunctionAnalyzer, made: ts.Expression): boolean {
  const init = awaited(made);
  if (ts.isCallExpression(init) || ts.isNewExpression(init)) {
    const callee = ts.isIdentifier(init.expression) ? init.expression.text : ts.isPropertyAccessExpression(init.expression) ? init.expression.name.text : '';
    if (COUNT_RESULT.test(callee) || COUNT_NAME.test(callee)) return false;
    // `const customer = await this.createOrGetCustomer(org)` returning `org.paymentId` or `created.id`: an id.
    const fn = ts.isCallExpression(init) ? a.ctx.origins.projectFunction(init.expression) : undefined;
    return !fn || !returnsOnlyIds(a, fn);
  }
  if (ts.isPropertyAccessExpression(init)) return a.ctx.sources.ofPersonRecord(init.name.text, init).length > 0 && isObjectLike(a, init);
  return false;
}

/** The value an expression gives once awaited, past parentheses and type assertions. */
function awaited(e: ts.Expression): ts.Expression {
  let x = skipTypeAssertions(e);
  while (ts.isAwaitExpression(x) || ts.isParenthesizedExpression(x)) x = skipTypeAssertions(x.expression);
  return x;
}

/** A function named for the number it gives: `subscribedCount()`, `getTotal()`. */
const COUNT_NAME = /(?:Count|Total|Size)$/;

/** The element of `await Promise.all([…])` whose result an array binding's element takes. */
function promisedInPlace(el: ts.BindingElement): ts.Expression | undefined {
  const pattern = el.parent;
  if (!ts.isArrayBindingPattern(pattern) || el.dotDotDotToken || !ts.isVariableDeclaration(pattern.parent) || !pattern.parent.initializer) return undefined;
  const init = awaited(pattern.parent.initializer);
  if (!ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression) || init.expression.name.text !== 'all' || !ts.isIdentifier(init.expression.expression) || init.expression.expression.text !== 'Promise') return undefined;
  const list = init.arguments[0];
  const element = list && ts.isArrayLiteralExpression(list) ? list.elements[pattern.elements.indexOf(el)] : undefined;
  return element && !ts.isSpreadElement(element) && !ts.isOmittedExpression(element) ? element : undefined;
}

/** Whether every value a function returns is an identifier read by its name (`org.paymentId`, `created.id`) or a string it writes. */
function returnsOnlyIds(a: FunctionAnalyzer, fn: ts.SignatureDeclaration): boolean {
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((r) => {
    const e = awaited(r);
    const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    return name !== undefined ? namesRecordId(a, name) : ts.isStringLiteralLike(e) || ts.isTemplateExpression(e);
  });
}

/**
 * `subscriber: Subscriber` where `type Subscriber = z.infer<typeof subscriberSchema>`: without zod's
 * types installed the checker sees `any`, but the schema's `z.object({ firstName: z.string(), … })`
 * still names the fields, and each is personal data as its name says.
 */
function schemaData(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const schema = schemaOf(a, e);
  if (!schema) return CLEAN;
  const container = schema.name.replace(/Schema$/i, '');
  const hits = schema.keys.flatMap((k) => (a.mayBePersonal(k.text) ? a.ctx.sources.ofName(k.text, container, 'any', k).map((h) => ({ ...h, fields: [k.text] })) : []));
  return hits.length ? a.sourceTaint(hits, e) : CLEAN;
}

function schemaOf(a: FunctionAnalyzer, e: ts.Expression): { name: string; keys: ts.Identifier[] } | undefined {
  const written = writtenType(a.ctx.checker(), e);
  const parser = written ? undefined : parsedBy(e);
  return written ? inferredSchema(a.ctx.checker(), written) : parser && schemaKeys(a.ctx.checker(), parser);
}

/**
 * What a field of an untyped value parsed by a schema is part of: `input.description` where `input =
 * createTicketSchema.parse(body)` is a ticket's, as the schema's own key is.
 */
export function schemaContainer(a: FunctionAnalyzer, e: ts.Expression, key: string): string | undefined {
  const schema = schemaOf(a, e);
  return schema?.keys.some((k) => k.text === key) ? schema.name.replace(/Schema$/i, '') : undefined;
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
    const d = declarationOf(symbol);
    return d && (ts.isMethodSignature(d) || ts.isMethodDeclaration(d)) ? d.type : undefined;
  }
  return undefined;
}

const INFER = new Set(['infer', 'input', 'output', 'Infer', 'TypeOf']);
const SCHEMA_BUILDERS = new Set(['object', 'strictObject', 'looseObject', 'extend', 'merge', 'safeExtend']);

/** The keys of the object schema a name holds: `const signupSchema = z.object({ email: z.string(), … })`. */
function schemaKeys(checker: ts.TypeChecker, id: ts.Identifier): { name: string; keys: ts.Identifier[] } | undefined {
  let symbol = checker.getSymbolAtLocation(id);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
  const d = symbol?.valueDeclaration;
  if (!d || !ts.isVariableDeclaration(d) || !d.initializer) return undefined;
  const keys: ts.Identifier[] = [];
  for (let n: ts.Expression = d.initializer; ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression); n = n.expression.expression) {
    if (!SCHEMA_BUILDERS.has(n.expression.name.text)) continue;
    for (const arg of n.arguments) if (ts.isObjectLiteralExpression(arg)) for (const p of arg.properties) if (p.name && ts.isIdentifier(p.name)) keys.push(p.name);
  }
  return keys.length ? { name: id.text, keys } : undefined;
}

/** The schema a value was parsed by: `signupSchema.parse(body)`, or `signupSchema.safeParse(body)`'s `data`. */
function parsedBy(e: ts.Expression, depth = 0): ts.Identifier | undefined {
  const local = ts.isIdentifier(e) && depth < 2 ? localDeclaration(e) : undefined;
  // `const input = parsed.data`: what it was set to.
  if (local && ts.isVariableDeclaration(local) && local.initializer && ts.isPropertyAccessExpression(skipOuterExpressions(local.initializer))) return parsedBy(skipOuterExpressions(local.initializer), depth + 1);
  // `const { data } = schema.safeParse(body)`: the `data` of that call.
  const pattern = local && ts.isBindingElement(local) && !local.dotDotDotToken && ts.isObjectBindingPattern(local.parent) && propertyKey(local.propertyName ?? local.name) === 'data' ? local.parent.parent : undefined;
  const destructured = pattern && ts.isVariableDeclaration(pattern) && pattern.initializer ? skipOuterExpressions(pattern.initializer) : undefined;
  const safe = !!destructured || (ts.isPropertyAccessExpression(e) && e.name.text === 'data' && ts.isIdentifier(e.expression));
  const holder = safe && !destructured ? (e as ts.PropertyAccessExpression).expression : e;
  const decl = !destructured && ts.isIdentifier(holder) ? localDeclaration(holder) : undefined;
  let init = destructured ?? (decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined);
  while (init && (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
  if (!init || !ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression) || !ts.isIdentifier(init.expression.expression)) return undefined;
  const method = init.expression.name.text;
  return (safe ? /^safeParse(?:Async)?$/ : /^parse(?:Async)?$/).test(method) ? init.expression.expression : undefined;
}

/** The schema a `z.infer<typeof S>` names (through a type alias), with the keys its object literals declare. */
function inferredSchema(checker: ts.TypeChecker, type: ts.TypeNode, depth = 0): { name: string; keys: ts.Identifier[] } | undefined {
  if (depth > 3 || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isQualifiedName(type.typeName) ? type.typeName.right.text : type.typeName.text;
  const query = type.typeArguments?.[0];
  if (INFER.has(name) && query && ts.isTypeQueryNode(query) && ts.isIdentifier(query.exprName)) return schemaKeys(checker, query.exprName);
  // `type Subscriber = z.infer<typeof subscriberSchema>`, imported or local.
  let symbol = checker.getSymbolAtLocation(type.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
  const alias = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
  return alias ? inferredSchema(checker, alias.type, depth + 1) : undefined;
}
