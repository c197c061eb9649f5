// What a sink call's arguments carry beyond their own taint: what their types say they hold, field by
// field; the fields a logger was built to censor come out (pino's \`redact\`) and those it serializes
// are written as its serializers make them; whoever an e-mail service writes to is a person's address.

import ts = require('typescript');
import { CLEAN, type Label, type Taint, concrete, flatten, isClean, union, whole, withStep, withoutFields } from './taint';
import { locationOf } from './locations';
import type { SinkSite } from './context';
import type { FunctionAnalyzer } from './interpreter';
import { isConfigRead, isConstant } from './value-kinds';
import { isConstantLiteralField } from './expressions';
import { thrownClasses } from './error-narrowing';
import { messageOfErrorClass } from './error-classes';
import { declarationOf } from './origin-syntax';
import { observe, typeData } from './type-data';
import { runCallback } from './calls';
import { optionValue, propertyEntry } from './handler-syntax';
import { isOrganisationAccount } from './person-holders';
import { containerName, containerWords } from './containers';

/**
 * Paths a logger was built to censor: pino's `redact: ['email', '*.password']` or
 * `redact: { paths: [...] }` on the factory call (`pino({ redact })`, `logger.child({}, { redact })`).
 * Only paths written as literals count.
 */
export function redactPaths(calls: ReadonlyArray<ts.CallExpression | ts.NewExpression>): string[][] {
  const out: string[][] = [];
  for (const c of calls) for (const arg of c.arguments ?? []) if (ts.isObjectLiteralExpression(arg)) out.push(...redactPathsIn(arg));
  return out;
}

/** The `redact` paths of a logger's options object. */
export function redactPathsIn(options: ts.ObjectLiteralExpression): string[][] {
  const out: string[][] = [];
  for (const p of options.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || p.name.text !== 'redact') continue;
    let list: ts.Expression | undefined = p.initializer;
    if (ts.isObjectLiteralExpression(list)) {
      const paths = list.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && ts.isIdentifier(q.name) && q.name.text === 'paths');
      // `remove: false` with a censor still hides the value; both count as redacted.
      list = paths?.initializer;
    }
    if (!list || !ts.isArrayLiteralExpression(list)) continue;
    for (const el of list.elements) if (ts.isStringLiteralLike(el)) out.push(el.text.replace(/\[["']?([^\]"']+)["']?\]/g, '.$1').split('.').filter(Boolean));
  }
  return out;
}

/**
 * A logger's serializers (`pino({ serializers: { account: (c) => ({ id: c.id }) } })`, bunyan's):
 * the function each logged key is written through. `stdSerializers.err` of bunyan writes an error's
 * message, name, stack and code ('error'); pino's writes its own fields too, as no serializer does.
 */
export function logSerializers(calls: ReadonlyArray<ts.CallExpression | ts.NewExpression>, projectFunction: (e: ts.Expression) => ts.SignatureDeclaration | undefined): Map<string, ts.SignatureDeclaration | 'error'> {
  const out = new Map<string, ts.SignatureDeclaration | 'error'>();
  for (const c of calls) {
    for (const arg of c.arguments ?? []) {
      const list = ts.isObjectLiteralExpression(arg) ? optionValue(arg, 'serializers') : undefined;
      // `serializers: bunyan.stdSerializers`: its `err` writes an error's message, name, stack and code.
      // (Not pino's, whose `err` writes the fields an error class adds too.)
      if (list && /\bbunyan\.stdSerializers$/.test(list.getText())) {
        if (!out.has('err')) out.set('err', 'error');
        continue;
      }
      if (!list || !ts.isObjectLiteralExpression(list)) continue;
      for (const p of list.properties) {
        const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
        const value = ts.isMethodDeclaration(p) ? p : ts.isPropertyAssignment(p) ? p.initializer : undefined;
        if (key === undefined || !value || out.has(key)) continue;
        if (!ts.isMethodDeclaration(value) && /\bbunyan\.stdSerializers\.err$/.test(value.getText())) out.set(key, 'error');
        const fn = ts.isMethodDeclaration(value) || ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : projectFunction(value);
        if (fn && (fn as ts.FunctionLikeDeclaration).body) out.set(key, fn);
      }
    }
  }
  return out;
}

/** What an error serializer writes of an error: its message, name, stack and code. */
export function serializedError(t: Taint): Taint {
  return reported(t);
}

/** A logged value without the fields its logger censors (`*` matches any one field). */
export function redacted(t: Taint, paths: readonly string[][]): Taint {
  if (!paths.length) return t;
  let out = t;
  for (const path of paths) out = withoutPath(out, path);
  return out;
}

function withoutPath(t: Taint, path: readonly string[]): Taint {
  if (!path.length) return t;
  const [head, ...rest] = path;
  // The last key: that field, and what the value's type said it held there (`customer.email` of a `Customer`).
  if (rest.length === 0 && head !== '*') return withoutFields(t, [head]);
  if (!t.fields) return t;
  const fields = new Map(t.fields);
  for (const key of head === '*' ? [...fields.keys()] : [head]) {
    const field = fields.get(key);
    if (!field) continue;
    if (rest.length === 0) fields.delete(key);
    else fields.set(key, withoutPath(field, rest));
  }
  return { labels: t.labels, fields };
}

const RECIPIENT_FIELDS = new Set(['to', 'cc', 'bcc']);

/**
 * `resend.emails.send({ to: item.to })`: whoever an e-mail service is asked to write to is a
 * person's address, whatever the value was called. The application's own addresses (literals,
 * settings, UPPER_CASE constants) are not.
 */
export function recipients(a: FunctionAnalyzer, arg: ts.Expression, t: Taint, vendor: string): Taint {
  // Where the data already reads as an address, its own reason is the better explanation.
  if (!ts.isObjectLiteralExpression(arg) || flatten(t).some((l) => l.category === 'user.contact.email')) return t;
  let out = t;
  for (const p of arg.properties) {
    if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !ts.isIdentifier(p.name) || !RECIPIENT_FIELDS.has(p.name.text)) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
    if (isOwnAddress(a, value)) continue;
    out = union(out, a.sourceTaint([{ category: 'user.contact.email', reason: { kind: 'name', detail: `the recipient ('${p.name.text}') of an e-mail sent with ${vendor}` } }], value));
  }
  return out;
}

/** An address the program writes or configures itself: `'ops@acme.com'`, `SUPPORT_INBOX`, `env.X`, `[TEAM, env.CC]`. */
function isOwnAddress(a: FunctionAnalyzer, value: ts.Expression): boolean {
  if (ts.isArrayLiteralExpression(value)) return value.elements.length > 0 && value.elements.every((e) => isOwnAddress(a, e));
  return isConstant(value) || isConfigRead(value) || (ts.isIdentifier(value) && /^[A-Z][A-Z0-9_]*$/.test(value.text)) || isConstantField(a, value) || isOrganisationField(a, value);
}

/** Where an organisation keeps its own inbox: `clinic.email`, `store.contactEmail`, `company.billingEmail`. */
const ORGANISATION = /(?:^|[a-z_])(?:clinic|practice|surgery|hospital|pharmacy|company|organi[sz]ation|org|business|store|shop|branch|office|department|workspace|merchant|supplier|vendor|restaurant|venue|school)s?$/i;

/** `clinic.email`: a field of a value named as an organisation is the organisation's own address. */
function isOrganisationField(a: FunctionAnalyzer, value: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(value)) return false;
  // (`tenant.supportEmail` of a multi-tenant product's `Tenant { plan; slug }`: the customer company's.)
  const decl = declarationOf(a.ctx.checker().getSymbolAtLocation(value.name));
  if (decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && isOrganisationAccount(decl.parent, containerName(decl))) return true;
  const holder = value.expression;
  const name = ts.isIdentifier(holder) ? holder.text : ts.isPropertyAccessExpression(holder) ? holder.name.text : undefined;
  // (`opening.client.billingEmail` of an untyped row, where the Prisma schema's `Client` is a company.)
  const words = name ? containerWords(name) : [];
  if (words.length && a.ctx.sources.isOrganisationModel(words[words.length - 1])) return true;
  return !!name && ORGANISATION.test(name) && !/(?:customer|client|patient|user|member|contact|person|owner)/i.test(name);
}

/** `company.supportEmail` of `const company = { supportEmail: 'help@acme.com' }`: the program's own address. */
function isConstantField(a: FunctionAnalyzer, value: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(value)) return false;
  const symbol = a.ctx.checker().getSymbolAtLocation(value.name);
  const decl = declarationOf(symbol);
  return !!decl && isConstantLiteralField(decl);
}

/** Where a value's name says it is an address (`recording.url`, `avatar.src`, `profileUrl`). */
const ADDRESS_NAME = /(?:^|[._])(?:\w*(?:Url|URL|Uri|URI|Link|Href)|url|uri|link|href|src)$/;

/**
 * `fetch(call.recordingUrl)`, `fetch(contact.avatar.src)`: a request to the address of something
 * personal fetches it from where it already is; it sends nothing of it. (Data written into the
 * URL, `?email=${email}`, is still sent.)
 */
export function fetchedAddress(site: SinkSite, source: string | undefined): boolean {
  if (!site.requestUrl || !source) return false;
  if (ADDRESS_NAME.test(source)) return true;
  // `fetch(contact.avatar.src)`: the avatar's own address, the avatar being what is personal.
  const arg = site.argument.text;
  return site.requestUrl === 'address' && (arg.startsWith(`${source}.`) || arg.startsWith(`${source}?.`));
}

/**
 * The URL argument as written: a field named as an address (`rec.media.src`); a variable, whose labels
 * say where its parts came from (`gravatarUrl` built around a hashed e-mail still sends the hash); or
 * a URL written around data.
 */
export function urlKind(arg: ts.Expression): SinkSite['requestUrl'] {
  while (ts.isParenthesizedExpression(arg) || ts.isNonNullExpression(arg) || ts.isAsExpression(arg)) arg = arg.expression;
  if (ts.isIdentifier(arg)) return 'value';
  // `${recordingUrl}.mp3`: the address with a file type after it.
  if (ts.isTemplateExpression(arg) && arg.head.text === '' && arg.templateSpans.length === 1 && /^[\w.]*$/.test(arg.templateSpans[0].literal.text)) return urlKind(arg.templateSpans[0].expression) && 'value';
  if (ts.isPropertyAccessExpression(arg) && ADDRESS_NAME.test(arg.name.text)) return 'address';
  return undefined;
}

/** What a download by such an address brings back: the thing itself (`axios.get(recordingUrl)`). */
export function downloaded(url: Taint): Taint {
  const fetched = flatten(url).filter((l) => l.param === undefined && l.source && ADDRESS_NAME.test(l.source));
  return fetched.length ? { labels: fetched } : CLEAN;
}

/** What an error tracker reports of an error: its message, its stack and its cause's, not its own fields. */
const REPORTED_ERROR_FIELDS = ['message', 'stack', 'cause', 'name'];

/**
 * `Sentry.captureException(err)`, `rollbar.error(err)`: an error tracker sends an error's message, its
 * stack (and Sentry its `cause` chain), not the fields a class adds (`err.guardian`); those need an
 * opt-in integration. `undefined` when the argument is not an error.
 */
export function reportedError(a: FunctionAnalyzer, arg: ts.Expression, t: Taint): Taint | undefined {
  if (!isErrorValue(a, arg)) return undefined;
  // A project error class's message says what its constructor writes into it, wherever it was thrown.
  const said = messageOfErrorClass(a, arg);
  return said.length ? union(reported(t), a.sourceTaint(said, arg)) : reported(t);
}

function reported(t: Taint, depth = 0): Taint {
  // A handler's error parameter (`(err, req, res, next) => Sentry.captureException(err)`): only those
  // fields of what its callers pass are sent.
  const labels = t.labels.flatMap((l): Label[] => (l.param !== undefined && l.paramField === undefined && !l.without ? REPORTED_ERROR_FIELDS.map((f) => ({ ...l, paramField: f })) : [l]));
  if (!t.fields) return labels === t.labels ? t : { labels };
  let out: Taint = { labels };
  for (const f of REPORTED_ERROR_FIELDS) {
    const v = t.fields.get(f);
    if (v) out = union(out, f === 'cause' && depth < 4 ? reported(v, depth + 1) : v);
  }
  return out;
}

function isErrorInstance(a: FunctionAnalyzer, e: ts.NewExpression): boolean {
  const type = a.ctx.checker().getTypeAtLocation(e);
  return !!type.getProperty('message') && !!type.getProperty('stack');
}

const ERROR_NAMES = /^(?:err|error|e|ex|exc|exception|reason)$/;

/** A caught error, a `.catch` callback's or an error handler's parameter, or a value of an error class. */
export function isErrorValue(a: FunctionAnalyzer, e: ts.Expression, depth = 0): boolean {
  // `exception as Error`, `(err)`: the value itself.
  while (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  // `error.cause`, `err.originalError` of an error: an error too.
  if (ts.isPropertyAccessExpression(e) && /^(?:cause|originalError)$/.test(e.name.text) && depth < 3) return isErrorValue(a, e.expression, depth + 1);
  // `Bugsnag.notify(new ProfileSyncError('sync failed', user))`: an instance of an error class.
  if (ts.isNewExpression(e)) return isErrorInstance(a, e);
  if (!ts.isIdentifier(e)) return false;
  const decl = a.ctx.origins.declarationOf(e);
  if (decl && ts.isVariableDeclaration(decl) && ts.isCatchClause(decl.parent)) return true;
  // `const original = error.cause instanceof Error ? error.cause : error`: an error either way.
  const init = decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && depth < 3 ? decl.initializer : undefined;
  if (init && (ts.isConditionalExpression(init) ? isErrorValue(a, init.whenTrue, depth + 1) && isErrorValue(a, init.whenFalse, depth + 1) : isErrorValue(a, init, depth + 1))) return true;
  // `const err = new InvalidPhoneError(phone)`: an instance of an error class.
  if (init && ts.isNewExpression(init) && isErrorInstance(a, init)) return true;
  if (decl && ts.isParameter(decl) && ERROR_NAMES.test(e.text)) {
    // As declared, not as narrowed here (`exception instanceof Error ? exception : …`).
    const type = a.ctx.checker().getTypeAtLocation(decl);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    // `(err: Error, c) => …`: declared as an error.
    if (type.getProperty('message') && type.getProperty('stack')) return true;
  }
  return !!thrownClasses(a, e)?.some((c) => /(?:Error|Exception)$/.test(c));
}

/** What an error tracker is sent of an error, also of either error a conditional picks (`e instanceof Error ? e : new Error(String(e))`). */
export function reportedErrorOf(a: FunctionAnalyzer, arg: ts.Expression, t: Taint): Taint | undefined {
  if (!ts.isConditionalExpression(arg)) return reportedError(a, arg, t);
  const branch = (b: ts.Expression): Taint => {
    const bt = a.eval(b);
    return reportedError(a, b, bt) ?? observe(a, b, bt);
  };
  return union(branch(arg.whenTrue), branch(arg.whenFalse));
}

/** `logger.info({ account: customer })` where the logger serializes `account`: what its serializer writes of it. */
export function serialized(a: FunctionAnalyzer, arg: ts.Expression, t: Taint, serializers: ReadonlyMap<string, ts.SignatureDeclaration | 'error'>, observed = false): Taint {
  // (`observed`: what the types hold is in `t` already, less what the logger redacts.)
  const seen = (e: ts.Expression, v: Taint): Taint => (observed ? whole(v) : observe(a, e, v));
  if (!ts.isObjectLiteralExpression(arg) || !arg.properties.some((p) => p.name && ts.isIdentifier(p.name) && serializers.has(p.name.text))) return seen(arg, t);
  let out: Taint = CLEAN;
  for (const p of arg.properties) {
    const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (key === undefined || !value) return seen(arg, t);
    const field = t.fields?.get(key) ?? CLEAN;
    const serializer = serializers.get(key);
    out = union(out, serializer === 'error' ? serializedError(field) : serializer ? runCallback(a, serializer, [field]) : seen(value, field));
  }
  return out;
}

/** What a value holds, its type's data included, keeping an object literal's fields apart (`{ to, plan }`). */
export function observeFields(a: FunctionAnalyzer, e: ts.Expression, t: Taint, depth = 0): Taint {
  if (!t.fields || depth > 4) return observe(a, e, t);
  // `queue.add('dial', job)` of a `job` built field by field: its fields stay apart, and what its
  // type says each holds is kept by field too.
  if (!ts.isObjectLiteralExpression(e)) return union(t, observe(a, e, CLEAN));
  const fields = new Map<string, Taint>();
  for (const p of e.properties) {
    const entry = propertyEntry(p);
    if (!entry) return observe(a, e, t);
    fields.set(entry.key, observeFields(a, entry.value, t.fields.get(entry.key) ?? CLEAN, depth + 1));
  }
  return { labels: t.labels, fields };
}

/**
 * An object literal's value with each written-out field made anew by `each` from its value expression
 * and what the field held (the literal's other fields, a spread's, kept); undefined for anything else.
 */
export function byLiteralField(e: ts.Expression, t: Taint, each: (value: ts.Expression, field: Taint) => Taint): Taint | undefined {
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  const fields = new Map(t.fields ?? []);
  for (const p of e.properties) {
    const entry = propertyEntry(p);
    if (entry) fields.set(entry.key, each(entry.value, t.fields?.get(entry.key) ?? CLEAN));
  }
  return { labels: t.labels, fields };
}

/**
 * What a value holds with what its type says, its fields kept apart (an object literal's, and those a
 * value was given: `{ mandate }` of `const mandate = { iban, holderName }`), for a logger's `redact`
 * paths to take out.
 */
export function observeKeepingFields(a: FunctionAnalyzer, e: ts.Expression, t: Taint, depth = 0): Taint {
  const literal = t.fields && depth < 4 ? byLiteralField(e, t, (v, f) => observeKeepingFields(a, v, f, depth + 1)) : undefined;
  if (literal) return literal;
  if (!t.fields) return observe(a, e, t);
  return { labels: union({ labels: t.labels }, typeData(a, e)).labels, fields: t.fields };
}

/**
 * What the request interceptors of the instance a call is made on (`crm.get(…)` where
 * `crm.interceptors.request.use(fn)`) put into the request config: the concrete part of what each
 * returns, its caller's config aside.
 */
export function interceptorAdditions(a: FunctionAnalyzer, callee: ts.Expression): Taint {
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const decl = receiver && ts.isIdentifier(receiver) ? a.ctx.origins.declarationOf(receiver) : undefined;
  if (!decl) return CLEAN;
  let out: Taint = CLEAN;
  for (const { use, fn } of interceptorsOf(a).get(decl) ?? []) {
    if (fn === a.root.fn) continue;
    const added = concrete(a.ctx.summary(fn).returns);
    if (!isClean(added)) out = union(out, withStep(added, { location: locationOf(use), message: 'added to every request of the instance by its interceptor' }));
  }
  return out;
}

type Interceptors = Map<ts.Declaration, Array<{ use: ts.Node; fn: ts.SignatureDeclaration }>>;
const interceptorIndex = new WeakMap<object, { generation: number; byHolder: Interceptors }>();

/** The project's `X.interceptors.request.use(fn)` calls by the declaration of `X`, gathered once per program. */
function interceptorsOf(a: FunctionAnalyzer): Interceptors {
  const origins = a.ctx.origins;
  const known = interceptorIndex.get(origins);
  if (known && known.generation === origins.generation) return known.byHolder;
  const byHolder: Interceptors = new Map();
  for (const c of origins.callsNamed('use')) {
    const use = c.expression;
    if (!ts.isPropertyAccessExpression(use) || !ts.isPropertyAccessExpression(use.expression) || use.expression.name.text !== 'request') continue;
    const interceptors = use.expression.expression;
    if (!ts.isPropertyAccessExpression(interceptors) || interceptors.name.text !== 'interceptors' || !ts.isIdentifier(interceptors.expression)) continue;
    const holder = origins.declarationOf(interceptors.expression);
    const f = c.arguments?.[0];
    const fn = f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f) ? f : origins.projectFunction(f));
    if (!holder || !fn) continue;
    let list = byHolder.get(holder);
    if (!list) byHolder.set(holder, (list = []));
    list.push({ use: c, fn });
  }
  interceptorIndex.set(origins, { generation: origins.generation, byHolder });
  return byHolder;
}
