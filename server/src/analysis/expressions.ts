// What personal data an expression's value carries: names, property reads (where most sources
// are), object and array literals (field by field), templates and concatenation. Derived values —
// comparisons, lengths, counts, booleans — carry none; nor does a constant chosen by a condition.

import ts = require('typescript');
import { isConfigRead, isOpenType } from './value-kinds';
import { CLEAN, type Label, type Taint, asText, fieldLabels, flatten as flattenLabels, isClean, placeholder, union, unionAll, whole, withStep, withoutTypeFields } from './taint';
import { piiTag } from './pii-tags';
import { declKey, locationOf, nameOf, textOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { applySummary, callSetter, evalCall, navigate } from './calls';
import { holderOf, keyTaint, keyRefines } from './key-names';
import { schemaContainer, statedType, typeData } from './type-data';
import { containerName, containerOf } from './containers';
import { localDeclaration, declarationOf, precedingStatements } from './origin-syntax';
import { dropPath, fieldPath, isModuleVariable } from './assignments';
import { argumentParameters, isStaticField } from './declaration-kinds';
import { messageOfErrorClass } from './error-classes';
import { isThingsAddress } from './person-holders';
import { promised } from './call-forms';

export function evalExpression(a: FunctionAnalyzer, e: ts.Expression): Taint {
  switch (e.kind) {
    case ts.SyntaxKind.Identifier:
      return identifier(a, e as ts.Identifier);
    case ts.SyntaxKind.PropertyAccessExpression:
      return propertyRead(a, e as ts.PropertyAccessExpression, (e as ts.PropertyAccessExpression).name.text, (e as ts.PropertyAccessExpression).name);
    case ts.SyntaxKind.ElementAccessExpression: {
      const el = e as ts.ElementAccessExpression;
      if (ts.isStringLiteralLike(el.argumentExpression)) return propertyRead(a, el, el.argumentExpression.text, el.argumentExpression);
      a.eval(el.argumentExpression);
      const parts = a.eval(el.expression);
      if (isEmailDomain(el.expression, el.argumentExpression)) return CLEAN;
      // `rows[0]`, `rows[i]`: an element keeps its fields; a field chosen at run time (`record[key]`) may be any.
      return parts.fields && isIndex(a, el.argumentExpression) ? parts : whole(parts);
    }
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
      return evalCall(a, e as ts.CallExpression | ts.NewExpression);
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.NonNullExpression:
    case ts.SyntaxKind.SatisfiesExpression:
    case ts.SyntaxKind.TypeAssertionExpression:
    case ts.SyntaxKind.SpreadElement:
      return a.eval((e as ts.ParenthesizedExpression).expression);
    case ts.SyntaxKind.AwaitExpression: {
      // `await load().then(() => { throw … })`: the chain's rejection is thrown here.
      const awaited = (e as ts.AwaitExpression).expression;
      const t = a.eval(awaited);
      const rejected = a.rejection(promised(awaited));
      if (rejected) a.throwValue(rejected);
      return t;
    }
    case ts.SyntaxKind.TemplateExpression: {
      const t = e as ts.TemplateExpression;
      const parts = unionAll(t.templateSpans.map((s) => madeText(a, s.expression)));
      // `arn:aws:lex:${region}:${accountNumber}:bot-alias/…`: an Amazon Resource Name names the
      // organisation's cloud resources (its account, region and resource ids), not a person.
      return ARN.test(t.head.text) ? CLEAN : parts;
    }
    case ts.SyntaxKind.TaggedTemplateExpression: {
      const tagged = e as ts.TaggedTemplateExpression;
      const t = tagged.template;
      const spans = ts.isTemplateExpression(t) ? t.templateSpans.map((s) => s.expression) : [];
      const values = spans.map((x) => a.eval(x));
      // A project's tag function (`statement\`… ${phone}\`` that joins only the literal parts): what it makes of the values.
      const tag = a.ctx.origins.projectFunction(tagged.tag);
      if (tag && tag !== a.fn && (tag as ts.FunctionLikeDeclaration).body) return applySummary(a, tagged, tag, a.ctx.summary(tag), [CLEAN, ...values], { args: [t, ...spans], name: textOf(tagged.tag) });
      // `await sql\`select … where phone = ${phone}\``, `sql<Visit[]>\`…\``: a library's query gives rows, not
      // the values it was asked with (flows through a database are not followed).
      if (!tag && (tagged.typeArguments?.length || ts.isAwaitExpression(tagged.parent))) return CLEAN;
      return unionAll(values.map(whole));
    }
    case ts.SyntaxKind.BinaryExpression:
      return binary(a, e as ts.BinaryExpression);
    case ts.SyntaxKind.ConditionalExpression: {
      const c = e as ts.ConditionalExpression;
      a.eval(c.condition);
      return union(a.eval(c.whenTrue), a.eval(c.whenFalse));
    }
    case ts.SyntaxKind.ObjectLiteralExpression:
      return objectLiteral(a, e as ts.ObjectLiteralExpression);
    case ts.SyntaxKind.ArrayLiteralExpression:
      // A list keeps its elements' fields (`[{ from: phone, type }]`: an element's `document` is not
      // its phone; `[attachments].flat()`: an attachment's `filename` is not its sender's address).
      return unionAll((e as ts.ArrayLiteralExpression).elements.map((x) => a.eval(x)));
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
      a.eval((e as ts.PrefixUnaryExpression).operand);
      return CLEAN;
    case ts.SyntaxKind.DeleteExpression:
      deleteField(a, (e as ts.DeleteExpression).expression);
      return CLEAN;
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.VoidExpression:
      a.eval((e as ts.TypeOfExpression).expression);
      return CLEAN;
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassExpression:
      return CLEAN;
    case ts.SyntaxKind.JsxElement:
    case ts.SyntaxKind.JsxSelfClosingElement:
    case ts.SyntaxKind.JsxFragment:
      return jsx(a, e);
    case ts.SyntaxKind.YieldExpression: {
      // A generator's yields are what iterating its result gives.
      const y = e as ts.YieldExpression;
      const t = y.expression ? a.eval(y.expression) : CLEAN;
      if (!isClean(t)) a.returns = union(a.returns, withStep(t, { location: locationOf(y), message: `yielded from ${a.fnName()}` }));
      return CLEAN;
    }
    default:
      return CLEAN;
  }
}

/**
 * `<p>Hello {username}</p>`: rendered markup holds what is written into it, in its children and its
 * attributes (a react-email template's body, handed to `resend.emails.send({ react })`). Functions
 * in it (event handlers) are analysed on their own.
 */
function jsx(a: FunctionAnalyzer, e: ts.Node): Taint {
  let out: Taint = CLEAN;
  const visit = (n: ts.Node): void => {
    if (ts.isJsxExpression(n) || ts.isJsxSpreadAttribute(n)) {
      if (n.expression && !ts.isArrowFunction(n.expression) && !ts.isFunctionExpression(n.expression)) out = union(out, whole(a.eval(n.expression)));
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(e);
  return out;
}

/** `delete copy.email`: the local no longer holds that field (nor what its type said was there). */
function deleteField(a: FunctionAnalyzer, target: ts.Expression): void {
  const path = fieldPath(target);
  if (path?.fields.length) dropPath(a, path.root, path.fields, identifier(a, path.root));
  else a.eval(target);
}

function identifier(a: FunctionAnalyzer, id: ts.Identifier): Taint {
  if (id.text === 'undefined') return CLEAN;
  const ctx = a.ctx;
  // Most names are the function's own locals: the binder's scope tables say so without the checker.
  const decl = localDeclaration(id) ?? checkedDeclaration(a, id);
  if (!decl && id.text === 'arguments') return argumentsOf(a, id);
  // A name nothing declares (a script's `password`, set by the page): its name is all there is.
  if (!decl) return a.mayBePersonal(id.text) ? a.sourceTaint(ctx.sources.ofName(id.text, undefined, 'any', id), id) : CLEAN;
  const local = a.lookup(declKey(decl));
  if (local) return local;
  if (!ctx.isProjectFile(decl.getSourceFile().fileName)) return CLEAN;
  // A module's cache (`const seen = new Set()`) holds what its other functions put into it.
  const stored = isModuleVariable(decl) ? ctx.fields.read(declKey(decl), a.root.fn.getSourceFile().fileName) : undefined;
  return stored ? union(ctx.outerTaint(decl), stored) : ctx.outerTaint(decl);
}

/**
 * `arguments`: every argument of the nearest enclosing `function`, the declared parameters' values
 * and, in a summary, a placeholder for those passed beyond them (`console.log.apply(console, arguments)`).
 */
function argumentsOf(a: FunctionAnalyzer, id: ts.Identifier): Taint {
  let owner: ts.Node | undefined = id.parent;
  while (owner && !(ts.isFunctionLike(owner) && !ts.isArrowFunction(owner))) owner = owner.parent;
  if (!owner || !ts.isFunctionLike(owner)) return CLEAN;
  let out = unionAll(owner.parameters.map((p) => a.lookup(declKey(p)) ?? CLEAN));
  if (owner === a.root.fn) out = union(out, placeholder(argumentParameters(owner).length, "'arguments'"));
  return out;
}

function checkedDeclaration(a: FunctionAnalyzer, id: ts.Identifier): ts.Declaration | undefined {
  const checker = a.ctx.checker();
  let symbol = checker.getSymbolAtLocation(id);
  if (id.parent && ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id) symbol = checker.getShorthandAssignmentValueSymbol(id.parent) ?? symbol;
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    try {
      symbol = checker.getAliasedSymbol(symbol);
    } catch {
      /* unresolved import: no declaration to follow */
    }
  }
  return declarationOf(symbol, id);
}

/** `x.email`: the field's own classification, plus what the object carries in that field. */
function propertyRead(a: FunctionAnalyzer, node: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string, nameNode: ts.Node): Taint {
  const ctx = a.ctx;
  const base = node.expression.kind === ts.SyntaxKind.ThisKeyword ? CLEAN : a.eval(node.expression);
  if (DERIVED_MEMBERS.has(name)) return CLEAN;
  let out: Taint = CLEAN;
  if (base.fields?.has(name)) {
    out = base.fields.get(name)!;
    // `client.firstName = 'Erased'`, `tombstone.email = \`erased+${id}@invalid\`` before, on every path
    // here: the field holds what the code wrote (its text, and what went into it), not what its name says.
    if (ts.isPropertyAccessExpression(node) && a.mayBePersonal(name) && writtenWithText(a, node)) return out;
  }
  // (A value that is one of several things, each known differently — an error with a message field, or
  // one thrown whole by `ctx.throw(409, text)` — holds in the field what each of them does.)
  if (base.labels.length && !namesNoContent(a, node, name) && !holdsNoData(a, node)) out = union(out, { labels: fieldLabels(fieldOfGuess(a, node, name, nameNode, base.labels), name) });
  // `url.href`, `url.search` of a URL whose query was set: the query is in it.
  if ((name === 'href' || name === 'search') && base.fields?.has('searchParams')) out = union(out, whole(base));

  // An error's stack begins with its message: a project error class's says what its `message` does.
  if (name === 'stack') {
    const said = messageOfErrorClass(a, node.expression);
    out = union(out, base.fields?.get('message') ?? CLEAN);
    if (said.length) return union(out, a.sourceTaint(said, node));
  }
  let decl: ts.Declaration | undefined;
  // `Channels.SMS`, `MessageType.TEXT`: an upper-case member of a capitalised holder is an enum's
  // member (of a library that is not installed, say), a constant.
  const enumMember = /^[A-Z][A-Z0-9_]+$/.test(name) && ts.isIdentifier(node.expression) && /^[A-Z][a-z]/.test(node.expression.text);
  const personal = !enumMember && a.mayBePersonal(name);
  const ofThis = node.expression.kind === ts.SyntaxKind.ThisKeyword || isThisAlias(node.expression);
  if (personal || ofThis || (ctx.staticNames.has(name) && ts.isIdentifier(node.expression))) {
    const symbol = ctx.checker().getSymbolAtLocation(nameNode);
    decl = declarationOf(symbol);
  }
  if (decl && (ofThis || isStaticField(decl))) {
    const stored = ctx.fields.read(declKey(decl), a.root.fn.getSourceFile().fileName);
    if (stored) out = union(out, stored);
  }
  // `member.displayLabel` of a project class's `get displayLabel() { return \`${this.fullName} …\` }`:
  // what the getter returns, which says more than the getter's name (`get displayName()`).
  const getter = ctx.getterNames.has(name) ? projectGetter(a, nameNode) : undefined;
  if (getter) out = union(out, a.ctx.summary(getter).returns);
  if (getter && personal) return out;
  // `exception.message` of a class extending a base that is not installed (Nest's `HttpException`):
  // the checker knows no `message`, but the class's constructor says what it put there.
  // (Not once the message was written here: `err.message = 'Lookup failed'`.)
  if (name === 'message' && !decl && !base.fields?.has('message')) {
    const said = messageOfErrorClass(a, node.expression);
    if (said.length) return union(out, a.sourceTaint(said, node));
  }
  // A setting (`env.SMTP_REPLY_EMAIL`) is the organisation's own value: only what flowed into it counts.
  if (!personal || isConfigRead(node) || holdsSettings(node.expression)) return out;
  // `SEED.ADMIN.email` declared as `'admin@example.com'` in a const object: the program's own text;
  // unless written as a person's (`const user = { email: 'jhon@gmail.com' }`).
  if (decl && isConstantLiteralField(decl) && !ctx.sources.ofPersonLiteral(nameOf(decl), containerName(decl), decl).length) return out;
  // `this.primaryAddress` given `customer.email` where the class's code sets it: what it was given
  // says what it holds (a value with a name of its own keeps it); only a tag on the field adds to it.
  if (decl && node.expression.kind === ts.SyntaxKind.ThisKeyword && holdsNamedValues(out) && !piiTag(decl)) return out;
  if (isThingsAddress(node.expression)) return out;
  if (decl) {
    const c = ctx.sources.ofDeclaration(decl);
    if (c === 'none') return CLEAN;
    if (name === 'message' && !c.length && !base.fields?.has('message')) {
      const said = messageOfErrorClass(a, node.expression);
      if (said.length) return union(out, a.sourceTaint(said, node));
    }
    if (!c.length && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl))) {
      const held = ctx.sources.ofPersonHolder(name, containerOf(node.expression), decl, () => ctx.sources.typeKind(ctx.checker().getTypeAtLocation(node)), node);
      if (held.length) return union(out, a.sourceTaint(held, node));
    }
    return union(out, a.sourceTaint(c, node));
  }
  // `form.zip` where `const [form] = useState<FormState>(…)` and React is not installed: the stated type's field.
  // (A property of a `Pick<…>` or other mapped type has its original's declaration, not a value declaration.)
  const statedSymbol = ts.isPropertyAccessExpression(node) ? statedType(a, node.expression)?.getProperty(name) : undefined;
  const statedField = statedSymbol?.valueDeclaration ?? statedSymbol?.declarations?.[0];
  if (statedField) {
    const c = ctx.sources.ofDeclaration(statedField);
    return c === 'none' ? out : union(out, a.sourceTaint(c, node));
  }
  const kind = ctx.sources.typeKind(ctx.checker().getTypeAtLocation(node));
  const container = (kind === 'any' && schemaContainer(a, node.expression, name)) || containerOf(node.expression);
  const hits = ctx.sources.ofName(name, container, kind, node);
  return union(out, a.sourceTaint(isModelOutput(node.expression) ? hits.filter((h) => !isMessageText(h.category)) : hits, node));
}

/** Labels all of personal data found by name or tag on the way (not parameters' placeholders, not guesses from a record's name). */
function holdsNamedValues(t: Taint): boolean {
  const labels = flattenLabels(t);
  return labels.length > 0 && labels.every((l) => l.param === undefined && !l.record);
}

/** The project getter a name resolves to (not the one being analysed). */
function projectGetter(a: FunctionAnalyzer, nameNode: ts.Node): ts.GetAccessorDeclaration | undefined {
  const getter = declarationOf(a.ctx.checker().getSymbolAtLocation(nameNode));
  if (!getter || !ts.isGetAccessorDeclaration(getter) || !getter.body || getter === a.fn || !a.ctx.isProjectFile(getter.getSourceFile().fileName)) return undefined;
  return getter;
}

/**
 * `email.split('@')[1]`: the part after the `@` is the mail domain, an organisation's, not the
 * person's address. (`.split('@')[0]`, the local part, still is personal data.)
 */
export function isEmailDomain(parts: ts.Expression, index: ts.Expression | undefined): boolean {
  while (ts.isParenthesizedExpression(parts) || ts.isNonNullExpression(parts)) parts = parts.expression;
  if (!ts.isCallExpression(parts) || !ts.isPropertyAccessExpression(parts.expression) || parts.expression.name.text !== 'split') return false;
  const sep = parts.arguments[0];
  if (!sep || !ts.isStringLiteralLike(sep) || sep.text !== '@') return false;
  if (index === undefined) return true;
  if (ts.isNumericLiteral(index)) return index.text === '1';
  return ts.isPrefixUnaryExpression(index) && index.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(index.operand) && index.operand.text === '1';
}

/**
 * A field that identifies or classifies a record rather than holding its content: `sms.sid`,
 * `call.uuid`, `message.id`, and an error's `name` (its class, not its message). Read from a value
 * that is personal data as a whole, it is not.
 */
function namesNoContent(a: FunctionAnalyzer, node: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string): boolean {
  if (RECORD_ID.test(name) && !a.mayBePersonal(name)) return true;
  if (!ERROR_META.has(name)) return false;
  // An error's class and codes (`err.code`, `error.statusCode`), also of a caught or untyped `err`.
  if (isErrorHolder(node.expression)) return true;
  const type = a.ctx.checker().getTypeAtLocation(node.expression);
  return !!type.getProperty('message') && !!type.getProperty('stack');
}

/** An error's fields that say what kind of error it is, never what it is about (`digest`: Next.js's hash of a server error). */
const ERROR_META = new Set(['name', 'code', 'status', 'statusCode', 'errno', 'syscall', 'digest']);

/** `err` of `catch (err)`, `(err as { code?: string })`, an `err`/`error` parameter. */
function isErrorHolder(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  if (!ts.isIdentifier(e)) return false;
  const decl = localDeclaration(e);
  if (decl && ts.isVariableDeclaration(decl) && ts.isCatchClause(decl.parent)) return true;
  return !!decl && ts.isParameter(decl) && /^(?:e|err|error)$/.test(e.text);
}

/**
 * What a field read inherits from its holder. A holder that is personal data only because of its own
 * name (`sms: SmsOptions`) is a guess; a declared field of its type (`sms.to`), or a field named
 * for what it holds, is knowledge, and its own classification replaces that guess.
 */
function fieldOfGuess(a: FunctionAnalyzer, node: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string, nameNode: ts.Node, labels: readonly Label[]): readonly Label[] {
  const holder = textOf(node.expression);
  const guessed = (l: Label) => l.reason.kind === 'name' && l.source === holder;
  if (!labels.some(guessed)) return labels;
  // A field whose own name says what it is (`voicemail.contactPhoneNumber`) replaces the guess too.
  if (a.mayBePersonal(name) && a.ctx.sources.ofName(name, containerOf(node.expression), 'any').length) return labels.filter((l) => !guessed(l));
  const symbol = a.ctx.checker().getSymbolAtLocation(nameNode);
  const decl = declarationOf(symbol);
  if (!decl || !a.ctx.isProjectFile(decl.getSourceFile().fileName)) return labels;
  return labels.filter((l) => !guessed(l));
}

/**
 * A value made text (`${holder}`, `'card ' + holder`): what it holds, as text; an instance of a project
 * class with its own `toString()` is what that method returns.
 */
export function madeText(a: FunctionAnalyzer, e: ts.Expression): Taint {
  const t = a.eval(e);
  const own = ownToString(a, e);
  return own ? applySummary(a, e, own, a.ctx.summary(own), [], { args: [], name: `${textOf(e)}.toString` }) : asText(t);
}

/** The project's own `toString()` of a value's class (`class CardHolder { toString() { … } }`). */
export function ownToString(a: FunctionAnalyzer, e: ts.Expression): ts.MethodDeclaration | undefined {
  return ownMethod(a, e, 'toString', true);
}

/**
 * The project's own `toJSON()` of a value's class, which `JSON.stringify` writes out in place of the
 * value (`class ContactCard { toJSON() { return { memberId: this.memberId }; } }`).
 */
export function ownToJSON(a: FunctionAnalyzer, e: ts.Expression): ts.MethodDeclaration | undefined {
  return ownMethod(a, e, 'toJSON', false);
}

/** A method with a body the project declares on a value's class, asked only where the project declares one so named. */
function ownMethod(a: FunctionAnalyzer, e: ts.Expression, name: string, withoutParameters: boolean): ts.MethodDeclaration | undefined {
  // (Also one made in place: `${new Signature(user)}`.)
  if ((!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e) && !ts.isNewExpression(e)) || !a.ctx.origins.declaresFunction(name)) return undefined;
  const type = a.ctx.checker().getTypeAtLocation(e);
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  const m = type.getProperty(name)?.declarations?.[0];
  return m && ts.isMethodDeclaration(m) && m.body && (!withoutParameters || !m.parameters.length) && a.ctx.isProjectFile(m.getSourceFile().fileName) ? m : undefined;
}

const RECORD_ID = /^(?:_?id|ids|sid|uuid|guid)$|(?:Id|Ids|Sid|Uuid|Guid|_id|_ids|_sid|_uuid|_guid)$/;

/** A field named as a record's identifier (`blockId`, `sid`), not as anything personal. */
export function namesRecordId(a: FunctionAnalyzer, name: string): boolean {
  return RECORD_ID.test(name) && !a.mayBePersonal(name);
}
const ARN = /^arn:aws[a-z-]*:/;

/** Members that describe a value's shape, never its content. */
const DERIVED_MEMBERS = new Set(['length', 'size', 'byteLength']);

/** The category of what someone wrote in a message (which a language model's reply is not). */
export function isMessageText(category: string): boolean {
  return category === 'user.content.communications.message';
}

/** `const auth = DOCUMENT_CONVERSION_AUTH(); auth.password`: a local holding what the settings say. */
function holdsSettings(e: ts.Expression): boolean {
  const decl = ts.isIdentifier(e) ? localDeclaration(e) : undefined;
  return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && isConfigRead(decl.initializer);
}

/**
 * `completion.choices[0].message.content`: what a language model wrote back. Its message is not a
 * person's message (though what it says may still be about one: a `callSummary` keeps its name).
 */
export function isModelOutput(e: ts.Expression): boolean {
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isModelOutput(e.left);
  for (let n = e; ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isNonNullExpression(n); n = n.expression) {
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'choices') return true;
  }
  return false;
}

/**
 * A field of a value that is personal data as a whole, which still cannot hold the data: a count or
 * a flag, or a library's own object (`init.signal`, an AbortSignal; `options.agent`).
 */
function holdsNoData(a: FunctionAnalyzer, node: ts.Expression): boolean {
  const checker = a.ctx.checker();
  const read = checker.getTypeAtLocation(node);
  const kind = a.ctx.sources.typeKind(read);
  if (kind === 'number' || kind === 'boolean') return true;
  const type = checker.getNonNullableType(read);
  if (!(type.flags & ts.TypeFlags.Object) || isOpenType(checker, type)) return false;
  const decls = type.getSymbol()?.declarations ?? [];
  return decls.length > 0 && decls.every((d) => d.getSourceFile().isDeclarationFile && !a.ctx.isProjectFile(d.getSourceFile().fileName));
}

/** Counts, lengths and flags say something about the data without being it. */
export function isDerived(a: FunctionAnalyzer, node: ts.Expression): boolean {
  const type = a.ctx.checker().getTypeAtLocation(node);
  const kind = a.ctx.sources.typeKind(type);
  return kind === 'number' || kind === 'boolean';
}

function binary(a: FunctionAnalyzer, b: ts.BinaryExpression): Taint {
  const op = b.operatorToken.kind;
  switch (op) {
    case ts.SyntaxKind.EqualsToken: {
      const left = b.left;
      // `[a, b] = [b, a]`: each element its own value, all read before any is written.
      if (ts.isArrayLiteralExpression(left) && ts.isArrayLiteralExpression(b.right) && !b.right.elements.some(ts.isSpreadElement) && left.elements.every((e) => ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isOmittedExpression(e))) {
        const values = b.right.elements.map((e) => a.eval(e));
        left.elements.forEach((e, i) => {
          if (!ts.isOmittedExpression(e)) a.assign(e, values[i] ?? CLEAN);
        });
        return unionAll(values);
      }
      let t = a.eval(b.right);
      if (ts.isPropertyAccessExpression(left) && left.expression.kind !== ts.SyntaxKind.ThisKeyword) {
        const navigation = a.ctx.sinks.navigation(left, b.right);
        if (navigation) navigate(a, left, b.right, navigation, t);
        t = union(t, keyTaint(a, left.name.text, b.right, t, holderOf(left), left.name));
      }
      if (ts.isPropertyAccessExpression(left) && a.ctx.setterNames.has(left.name.text)) callSetter(a, left, b.right, t);
      a.assign(b.left, t);
      return t;
    }
    case ts.SyntaxKind.PlusEqualsToken:
    case ts.SyntaxKind.QuestionQuestionEqualsToken:
    case ts.SyntaxKind.BarBarEqualsToken: {
      const t = union(whole(a.eval(b.left)), whole(a.eval(b.right)));
      a.assign(b.left, t);
      return t;
    }
    case ts.SyntaxKind.PlusToken:
      return union(madeText(a, b.left), madeText(a, b.right));
    case ts.SyntaxKind.QuestionQuestionToken:
    case ts.SyntaxKind.BarBarToken:
      return union(a.eval(b.left), a.eval(b.right));
    case ts.SyntaxKind.AmpersandAmpersandToken:
      a.eval(b.left);
      return a.eval(b.right);
    case ts.SyntaxKind.CommaToken:
      a.eval(b.left);
      return a.eval(b.right);
    // `balancePence / 100`, `price * quantity`: the same amount in other units, still what it was.
    // (A remainder or a bit operation, `id % 10`, `hash << 5`, buckets or scrambles it.)
    case ts.SyntaxKind.MinusToken:
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.AsteriskAsteriskToken:
      return union(whole(a.eval(b.left)), whole(a.eval(b.right)));
    default:
      // Comparisons, remainders, bit operations, `in`, `instanceof`: the result is derived, not the data.
      a.eval(b.left);
      a.eval(b.right);
      return CLEAN;
  }
}

function objectLiteral(a: FunctionAnalyzer, o: ts.ObjectLiteralExpression): Taint {
  const fields = new Map<string, Taint>();
  let labels: Taint = CLEAN;
  let spread = false;
  const overridden = new Set<string>();
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p)) {
      const key = ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : undefined;
      let t = a.eval(p.initializer);
      // Most keys are names no rule knows: no need to look for their holder.
      if (key !== undefined && a.mayBePersonal(key)) {
        if (isPersonLiteral(p.initializer)) t = union(t, a.sourceTaint(a.ctx.sources.ofPersonLiteral(key, containerName(p), p), p.initializer));
        else t = union(keyRefines(a, key, t, containerName(p), p.name, p.initializer), keyTaint(a, key, p.initializer, t, containerName(p), p.name));
      }
      if (key !== undefined) {
        fields.set(key, t);
      } else {
        // `{ [phoneNumber]: { ChannelType: 'SMS' } }`: a map keyed by personal data holds it in its keys.
        if (ts.isComputedPropertyName(p.name)) labels = union(labels, whole(a.eval(p.name.expression)));
        labels = union(labels, whole(t));
      }
    } else if (ts.isShorthandPropertyAssignment(p)) {
      fields.set(p.name.text, a.eval(p.name));
    } else if (ts.isSpreadAssignment(p)) {
      const t = a.eval(p.expression);
      if (t.fields) for (const [k, v] of t.fields) fields.set(k, v);
      labels = union(labels, { labels: t.labels });
      labels = union(labels, typeData(a, p.expression));
      spread = true;
    }
    // `{ ...customer, phoneNumber: undefined }`: a key written after a spread replaces what it brought.
    if (spread && !ts.isSpreadAssignment(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))) overridden.add(p.name.text);
  }
  return { labels: withoutTypeFields(labels.labels, overridden), fields: fields.size ? fields : undefined };
}

/**
 * A string a person's field could hold: more than a blank or a single character, and not a code
 * (`country: 'US'`, `state: 'CA'`: the program's own setting for everyone it serves).
 */
export function isPersonLiteral(e: ts.Expression): boolean {
  return ts.isStringLiteralLike(e) && e.text.trim().length > 1 && !/^[A-Z]{2,3}$/.test(e.text);
}

/** A property written as a literal in a `const` object literal (nested literals too). */
export function isConstantLiteralField(decl: ts.Declaration): boolean {
  if (!ts.isPropertyAssignment(decl)) return false;
  const init = decl.initializer;
  if (!(ts.isStringLiteralLike(init) || ts.isNumericLiteral(init))) return false;
  let n: ts.Node = decl.parent;
  while (ts.isObjectLiteralExpression(n) && ts.isPropertyAssignment(n.parent)) n = n.parent.parent;
  while (ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const v = n.parent;
  return ts.isObjectLiteralExpression(n) && ts.isVariableDeclaration(v) && v.initializer === n && !!(v.parent.flags & ts.NodeFlags.Const);
}

/** A numeric index (`0`, `i`), not a key chosen at run time. */
function isIndex(a: FunctionAnalyzer, e: ts.Expression): boolean {
  return ts.isNumericLiteral(e) || !!(a.ctx.checker().getTypeAtLocation(e).flags & ts.TypeFlags.NumberLike);
}

/** `self` of `const self = this` (a method's `this` kept for a callback of its own). */
function isThisAlias(e: ts.Expression): boolean {
  if (!ts.isIdentifier(e)) return false;
  const decl = localDeclaration(e);
  return !!decl && ts.isVariableDeclaration(decl) && decl.initializer?.kind === ts.SyntaxKind.ThisKeyword;
}

/**
 * Whether the last write to `holder.field` before this read, on every path to it, is of text the
 * code makes itself (`'Erased'`, `` `erased+${client.id}@invalid.example` ``, `null`, a setting).
 */
function writtenWithText(a: FunctionAnalyzer, node: ts.PropertyAccessExpression): boolean {
  const holder = node.expression;
  if (!ts.isIdentifier(holder)) return false;
  for (const s of precedingStatements(node)) {
    const w = ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken ? s.expression : undefined;
    const target = w && ts.isPropertyAccessExpression(w.left) ? w.left : undefined;
    if (!target || target.name.text !== node.name.text || !ts.isIdentifier(target.expression) || target.expression.text !== holder.text) continue;
    const v = w!.right;
    return ts.isStringLiteralLike(v) || ts.isNumericLiteral(v) || ts.isTemplateExpression(v) || v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === 'undefined') || a.isSetting(v);
  }
  return false;
}
