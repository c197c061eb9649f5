// The names of what values are part of, as name rules see them: what a property is read from
// (`customer` in `customer.name`, `body` in `req.body.email`, `TaskAttributes` for a local parsed
// from it, `messages` for `m` in `for (const m of messages)`), what a declaration is declared in, and
// the words of such a name up to the noun it is about.

import ts = require('typescript');
import { nameOf, textOf } from './locations';
import { normaliseName } from './names';
import { localDeclaration } from './origin-syntax';

/** The name of what a property is read from: `customer` in `customer.name`, `body` in `req.body.email`. */
export function containerOf(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return parsedFrom(e) ?? elementOf(e) ?? queriedModel(e) ?? e.text;
  // `message.data.text`: the message is what the text is about. A task's attributes are TaskRouter's
  // record of the customer, named as such for the rules that apply only there.
  if (ts.isPropertyAccessExpression(e)) {
    if (!PASS_THROUGH_CONTAINERS.has(e.name.text)) return e.name.text;
    const holder = containerOf(e.expression);
    return holder && e.name.text === 'attributes' && /(?:^|[a-z_])(?:task|Task)$/.test(holder) ? 'taskAttributes' : (holder ?? e.name.text);
  }
  // `await c.req.json()`, `c.req.parseBody()`, `request.formData()`: a request's body.
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && BODY_READERS.has(e.expression.name.text)) return 'body';
  if (ts.isCallExpression(e)) return containerOf(e.expression);
  // `ctx.request.body as Record<string, string>`, `(req.body)`, `event!`, `await …`: the value cast or wrapped.
  if (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) return containerOf(e.expression);
  // `body['ParticipantDetails']['DisplayName']`: a key written as a string names its holder too.
  if (ts.isElementAccessExpression(e)) return ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : containerOf(e.expression);
  return undefined;
}

/** Methods that read a request's body (Fetch API, Hono). */
const BODY_READERS = new Set(['json', 'parseBody', 'formData']);

/** Names that say only "an element": `m`, `item`, `row`. */
const ELEMENT_NAME = /^(?:[a-z]{1,2}|item|row|entry|el|elem|element|rec|record|obj|each|it|one)$/;
const LIST_WRAPPERS = new Set(['items', 'results', 'rows', 'records', 'list', 'nodes', 'edges', 'entries', 'data']);
const ELEMENT_METHODS = new Set(['map', 'forEach', 'filter', 'find', 'some', 'every', 'flatMap', 'findLast']);

/** `customers.map((c) => …)`: the collection whose elements an element callback's first parameter gets. */
export function iteratedBy(p: ts.ParameterDeclaration): ts.Expression | undefined {
  const fn = p.parent;
  if (fn.parameters[0] !== p || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments[0] === fn && ts.isPropertyAccessExpression(call.expression) && ELEMENT_METHODS.has(call.expression.name.text) ? call.expression.expression : undefined;
}

/**
 * `for (const m of messages)`, `customers.map((c) => …)`: an element named only as such is named by
 * its collection (`m.body` is a message's body).
 */
function elementOf(id: ts.Identifier): string | undefined {
  if (!ELEMENT_NAME.test(id.text)) return undefined;
  const decl = localDeclaration(id);
  let collection: ts.Expression | undefined;
  if (decl && ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && ts.isForOfStatement(decl.parent.parent)) collection = decl.parent.parent.expression;
  else if (decl && ts.isParameter(decl)) collection = iteratedBy(decl);
  while (collection && (ts.isParenthesizedExpression(collection) || ts.isAsExpression(collection) || ts.isNonNullExpression(collection) || (ts.isBinaryExpression(collection) && (collection.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || collection.operatorToken.kind === ts.SyntaxKind.BarBarToken)))) {
    collection = ts.isBinaryExpression(collection) ? collection.left : collection.expression;
  }
  // `messages.items`, `result.rows`: a page of records is named by what it pages.
  if (collection && ts.isPropertyAccessExpression(collection) && LIST_WRAPPERS.has(collection.name.text)) collection = collection.expression;
  return collection && (ts.isIdentifier(collection) || ts.isPropertyAccessExpression(collection)) ? containerOf(collection) : undefined;
}

/** Names that say only "what a query gave": `rows`, `result`, `found`. */
const RESULT_NAME = /^(?:rows?|results?|records?|data|list|found|existing|matches|hits|docs?|entries|items)$/;
const ORM_CLIENT = /^(?:prisma|db|tx|client|database|orm|trx)$/;
const ORM_READS = /^(?:findMany|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|create|createManyAndReturn|update|upsert|delete)$/;

/**
 * `const rows = await prisma.ticket.findMany(…)`: a local named only as a query's result is named by
 * the model queried (`ticket`), so `r.description` of `rows.map((r) => …)` is a ticket's description.
 */
function queriedModel(id: ts.Identifier): string | undefined {
  if (!RESULT_NAME.test(id.text) && !ELEMENT_NAME.test(id.text)) return undefined;
  const decl = localDeclaration(id);
  let init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  while (init && (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isNonNullExpression(init))) init = init.expression;
  if (!init || !ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression) || !ORM_READS.test(init.expression.name.text)) return undefined;
  const model = init.expression.expression;
  if (!ts.isPropertyAccessExpression(model)) return undefined;
  const client = model.expression;
  const clientName = ts.isIdentifier(client) ? client.text : ts.isPropertyAccessExpression(client) ? client.name.text : undefined;
  return clientName && ORM_CLIENT.test(clientName) ? model.name.text : undefined;
}

/**
 * `const attrs = JSON.parse(event.TaskAttributes)`: a local holding what was parsed is named by what
 * it was parsed from (`TaskAttributes`).
 */
function parsedFrom(id: ts.Identifier): string | undefined {
  const decl = localDeclaration(id);
  const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  if (!init || !ts.isCallExpression(init) || textOf(init.expression) !== 'JSON.parse' || !init.arguments[0]) return undefined;
  let source = init.arguments[0];
  while (ts.isBinaryExpression(source) && (source.operatorToken.kind === ts.SyntaxKind.BarBarToken || source.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) source = source.left;
  return ts.isIdentifier(source) || ts.isPropertyAccessExpression(source) ? containerOf(source) : undefined;
}

/** Field names that only wrap what their holder is about (`message.data.text`): look past them. */
const PASS_THROUGH_CONTAINERS = new Set(['data', 'attributes', 'attrs', 'details', 'info', 'props', 'properties', 'fields', 'values']);

const WRAPPER_WORDS = new Set(['dto', 'body', 'input', 'inputs', 'request', 'req', 'payload', 'params', 'args', 'form', 'data', 'command', 'options', 'opts', 'props', 'model', 'schema', 'fields', 'values', 'details', 'info', 'entity', 'record', 'attributes', 'attrs', 'type', 't', 'mutation', 'row']);


/**
 * The name of the thing a declaration is part of: its interface, class or type alias, or the
 * variable, parameter or property holding its object. Never a function: `validateIPAddress(address)`
 * says nothing about whether `address` belongs to a person.
 */
export function containerName(decl: ts.Node): string | undefined {
  let p: ts.Node | undefined = decl.parent;
  for (let i = 0; p && i < 4; i++, p = p.parent) {
    if (ts.isFunctionLike(p) && !ts.isParameter(decl)) return undefined;
    if (ts.isInterfaceDeclaration(p) || ts.isClassLike(p) || ts.isTypeAliasDeclaration(p)) return nameOf(p);
    // JSDoc: `@typedef {Object} ListingRecord` with its `@property` tags, `@param {{ postcode: string }} listing`.
    if (ts.isJSDocTypedefTag(p) || ts.isJSDocCallbackTag(p)) return p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
    if ((ts.isJSDocParameterTag(p) || ts.isJSDocPropertyTag(p)) && p !== decl) return ts.isIdentifier(p.name) ? p.name.text : p.name.right.text;
    if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || (ts.isParameter(p) && p !== decl)) {
      const n = nameOf(p);
      // `data: { text: string }` in `StoredMessage`: a wrapper field says nothing; what holds it does.
      if (n && !(PASS_THROUGH_CONTAINERS.has(n) && ts.isPropertySignature(p))) return n;
    }
    if (ts.isFunctionLike(p)) return undefined;
  }
  return undefined;
}

/**
 * The words of a container name, up to the noun it is about: past wrapper words such as `Dto`, `Body` or
 * `Options` (`CreateUserDto` is about a user, `SignupBody` about a signup, `IEmailOptions` about an
 * e-mail).
 */
export function containerWords(container: string): string[] {
  const words = normaliseName(container).split('_');
  while (words.length > 1 && WRAPPER_WORDS.has(words[words.length - 1]) && !isRequestForSomething(words)) words.pop();
  return words;
}

/** A request someone made (`MaintenanceRequest`, `SupportRequests`): the thing itself, not a wrapper of a call's input. */
const REQUESTED = new Set(['maintenance', 'repair', 'support', 'contact', 'callback', 'service']);
function isRequestForSomething(words: readonly string[]): boolean {
  return /^requests?$/.test(words[words.length - 1]) && REQUESTED.has(words[words.length - 2]);
}
