// Calls: sinks (personal data leaving), sanitisers (data made safe, or hashed and so still derived),
// project functions (through their summaries), callbacks (analysed inline with what they are
// given), and the built-ins that pass data through (string methods, JSON.stringify, array methods).

import ts = require('typescript');
import { heldFunctions, tableFunctions } from './dispatch-tables';
import { filteredEntries, replacedKeys } from './replacers';
import { capturedHost, creationArgument } from './captured-hosts';
import { argumentParameters } from './declaration-kinds';
import { callHeld, functionParameterCall, immediatelyInvoked, isLiveClosure, madeClosure, namedCallbacks, parameterCallThrows, runLiveClosure, runMadeClosure } from './function-values';
import { localDeclaration } from './origin-syntax';
import { CLEAN, MAP_KEYS, THROWN, type Label, type Taint, asText, mapOf, mapValues, derive, fieldLabels, flatten, isClean, reshaped, union, unionAll, unionYielding, whole, withStep, withoutFields, addStep } from './taint';
import { calleeRange, locationOf, rangeOf, textOf } from './locations';
import type { FunctionAnalyzer } from './interpreter';
import { FunctionAnalyzer as Analyzer } from './interpreter';
import { isDerived, isEmailDomain, madeText, namesRecordId, ownToString, ownToJSON } from './expressions';
import { serialisedShape } from './to-json';
import { containerOf } from './containers';
import { isConfigRead } from './value-kinds';
import { observe, typeData } from './type-data';
import type { SinkReach, SinkSite, Summary } from './context';
import type { FlowData } from './types';
import type { ResolvedDestination, SinkMatch } from './sinks';
import { downloaded, fetchedAddress, interceptorAdditions, isErrorValue, logSerializers, observeFields, observeKeepingFields, recipients, redactPaths, redacted, reportedErrorOf, serialized, urlKind } from './sink-arguments';
import { constructedMap } from './map-entries';
import { frameworkCall, isAwaitedOrReturned } from './framework-calls';
import { markThrown, passedNarrowed, thrownClasses } from './error-narrowing';
import { constructed } from './constructors';
import { requestFormatHits, requestLogHits } from './request-format';
import { STORE_METHODS, cutsToMailDomain, getterRead, isCompiledTemplate, isLastDigits, isMasking, isShortPiece, literalKeys, lodashSelection, namedCookie, picked, storeInto, unwrapRef, withoutGuessedText } from './value-calls';
import { callbackArguments } from './callback-site';
import { declaredAsTagged } from './parameters';
import { dropPath, fieldPath, keepByKey, setPath } from './assignments';
import { holdsNamedEntries, invokedIndirectly, isPromiseReceiver, promiseExecutorParameter, promised, returnedTypeData, timerName, writesBelowParameter } from './call-forms';
import type { JobHandler } from './job-queues';

/** The field a map keeps the keys given to its `set` in. */
/** Methods whose callback receives the receiver's elements. */
export const ELEMENT_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'some', 'every', 'reduce', 'reduceRight', 'sort', 'findIndex']);
/** Pass-through methods whose result is text, never a count or a flag: no need to ask its type. */
const STRING_RESULT = new Set(['join', 'toString', 'toFixed', 'toPrecision', 'toExponential', 'toISOString', 'toDateString', 'toLocaleDateString', 'toLocaleString', 'toUTCString', 'toGMTString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'split', 'substring', 'substr', 'replace', 'replaceAll', 'padStart', 'padEnd', 'normalize', 'repeat', 'charAt']);
/** Methods whose result is (part of) the receiver. */
/** Parts of a date that say as much of a person as the date: a birth year (a day or a month alone does not). */
const DATE_PARTS = new Set(['getFullYear', 'getUTCFullYear']);
const INTL_FORMATS = new Set(['DateTimeFormat', 'NumberFormat']);
const PASS_THROUGH = new Set([...STRING_RESULT, ...DATE_PARTS, 'arrayBuffer', 'blob', 'buffer', 'filter', 'find', 'findLast', 'slice', 'concat', 'sort', 'reverse', 'flat', 'at', 'values', 'valueOf', 'toJSON', 'finally']);
/** Pass-through methods whose result is the receiver's elements, or some of them. */
const ELEMENT_RESULT = new Set(['filter', 'find', 'findLast', 'slice', 'concat', 'sort', 'reverse', 'flat', 'at', 'values']);
/** The web platform's holders of a request's fields, as the name rules call the request's parts. */
const FORM_PARTS: Readonly<Record<string, string>> = { FormData: 'body', URLSearchParams: 'query' };
/** Global functions whose result carries their arguments. */
const CARRY_ARGS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'BigInt', 'encodeURIComponent', 'encodeURI', 'escape', 'btoa', 'structuredClone']);
/** A library's serialiser (`stringify(rows)` of csv-stringify, `Papa.unparse`, `yaml.dump`): its text is its input. */
const SERIALISER = /^(?:stringify|unparse|serialize|serialise|encode|dump|toCsv|toCSV)$/;
/** Of CARRY_MEMBERS, those whose result is shaped as their one argument (or its elements). */
const KEEP_SHAPE = new Set(['Promise.resolve', 'Promise.all', 'Promise.race', 'Promise.any', 'Array.from', 'Array.of']);
const CARRY_MEMBERS = new Set(['JSON.stringify', 'JSON.parse', 'Object.assign', 'Object.values', 'Object.entries', 'Object.fromEntries', 'Array.from', 'Array.of', 'Buffer.from', 'util.format', 'util.inspect', 'Promise.resolve', 'Promise.all', 'Promise.race', 'Promise.any', 'Readable.from', 'querystring.stringify', 'qs.stringify']);

/** Methods of a collection keeping entries by name that write or remove one. */
const NAMED_ENTRY_METHODS = new Set(['set', 'append', 'delete']);
/** A library's static factories of a model from a plain object. */
const MODEL_FACTORIES = /^(?:constructFromObject|fromObject|fromPlain|plainToInstance|plainToClass)$/;

export function evalCall(a: FunctionAnalyzer, call: ts.CallExpression | ts.NewExpression): Taint {
  const ctx = a.ctx;
  const callee = call.expression;
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();

  // `((c) => `${c.firstName} ${c.lastName}`)(customer)`, `(function announce(v) { … })(email)`: run where it is written.
  const iife = immediatelyInvoked(callee);
  if (iife && ts.isCallExpression(call)) {
    const run = runCallbackCatching(a, iife, args.map((x) => a.eval(x)));
    settle(a, call, iife, run.thrown);
    return run.result;
  }

  // `fn(...args)` inside a closure a factory made from a function it was given: that function.
  const heldDecl = ts.isIdentifier(callee) && a.functionsKnown() ? localDeclaration(callee) : undefined;
  const held = heldDecl && ts.isParameter(heldDecl) ? a.heldFunction(heldDecl) : undefined;
  const heldResult = held && callHeld(a, call, held, args);
  if (heldResult) return heldResult;

  // Receiver first: sinks and sources inside it count whatever this call is.
  let receiver: Taint = CLEAN;
  // (`await find(email).catch(handle)`: what the call before a `.catch` throws, its promise rejects with,
  // and the `.catch` gets it; it is not thrown here.)
  let receiverThrown: Taint = CLEAN;
  if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(promised(callee.expression)) && (callee.name.text === 'catch' || (callee.name.text === 'then' && args.length >= 2))) {
    const run = a.catching(() => a.eval(callee.expression));
    receiver = run.value;
    receiverThrown = run.thrown;
  } else if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) receiver = a.eval(callee.expression);
  else if (ts.isCallExpression(callee) || ts.isParenthesizedExpression(callee)) receiver = a.eval(callee);

  const fnArgs = args.map((x) => (ts.isArrowFunction(x) || ts.isFunctionExpression(x) ? x : undefined));
  // `Promise.allSettled(list)`: what the list's promises reject with is each result's `reason`, not thrown here.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'allSettled' && args.length === 1 && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise') {
    const { value, thrown } = a.catching(() => a.eval(args[0]));
    return isClean(value) && isClean(thrown) ? CLEAN : { labels: [], fields: new Map([['value', value], ['reason', thrown]]) };
  }
  const argTaints = args.map((x, i) => (fnArgs[i] ? CLEAN : a.eval(x)));

  // `resolve(data)` / `reject(err)` inside `new Promise((resolve, reject) => …)`: what that promise gives.
  const executor = ts.isIdentifier(callee) ? promiseExecutorParameter(a, callee) : undefined;
  if (executor) {
    if (executor.index === 0) a.resolve(executor.promise, argTaints[0] ?? CLEAN);
    else a.root.reject(executor.promise, argTaints[0] ?? CLEAN);
    return CLEAN;
  }
  // `Promise.reject(new EmailTakenError(email))`: a promise that rejects with it.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'reject' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise') {
    const classes = args[0] ? thrownClasses(a, args[0]) : undefined;
    a.reject(call, classes ? markThrown(argTaints[0] ?? CLEAN, classes) : (argTaints[0] ?? CLEAN));
    return CLEAN;
  }

  const fn = ctx.origins.projectFunction(callee);
  const sanitised = sanitiser(a, call, argTaints, receiver, fn);
  // (A project sanitiser that works in place, `anonymise(record)` overwriting its fields, is followed
  // through its summary: what it writes into the caller's object is what is left there.)
  if (sanitised && !(fn && fn !== a.fn && writesBelowParameter(fn) && ctx.summary(fn).writes.length)) return sanitised;

  const match = ctx.sinks.sink(call);
  if (match) return send(a, call, match, args, argTaints, fnArgs);
  // `console.log.apply(console, arguments)`, `console.warn.call(console, …)`: the log call itself.
  const forwarded = ts.isCallExpression(call) ? forwardedLog(a, call) : undefined;
  if (forwarded) {
    // `call` passes what follows its `this` argument; `apply`, one array.
    const to = forwarded.apply ? 2 : args.length;
    return send(a, call, forwarded.match, args.slice(1, to), argTaints.slice(1, to), fnArgs.slice(1, to));
  }

  // A framework or library that calls the project's code back: Koa, Hapi, tRPC, Apollo, RxJS (framework-calls.ts).
  const handed = frameworkCall(a, call, fn, args, argTaints, fnArgs);
  if (handed) return handed.result;
  // `bus.emit('signup', user)`: the emitter's listeners of that event get the other arguments.
  // (Also through a typed emitter's own `emit`, which hands on to `super.emit`.)
  const listeners = ts.isCallExpression(call) ? ctx.events.listeners(call) : [];
  if (listeners.length) {
    for (const h of listeners) callHandler(a, call, h.fn, argTaints.slice(1), args.slice(1), `the '${(args[0] as ts.StringLiteralLike).text}' listener`);
    return CLEAN;
  }
  if (fn && fn !== a.fn) {
    if (ts.isCallExpression(call) && ts.isIdentifier(callee) && isLiveClosure(a, fn)) return runLiveClosure(a, call, fn, args, argTaints);
    // What a callback throws, the callee's call of it throws (`withRetry(async () => { throw … })`): the
    // callee's placeholder for it takes it.
    let given = argTaints;
    fnArgs.forEach((f, i) => {
      if (!f) return;
      const run = runCallbackCatching(a, f, callbackArguments(a, fn, i, argTaints, args));
      if (isClean(run.thrown)) return;
      if (given === argTaints) given = [...argTaints];
      (given as Taint[])[i] = { labels: [], fields: new Map([[THROWN, run.thrown]]) };
    });
    namedCallbacks(a, call, fn, args, argTaints, fnArgs);
    const made = madeClosure(a, callee, fn);
    if (made) return runMadeClosure(a, made, fn, argTaints);
    return applySummary(a, call, fn, ctx.summary(fn), given);
  }
  // `format.call(null, customer.email)`, `format.apply(null, [customer.email])`: the function itself,
  // given what follows the `this` argument.
  const invoked = !fn && ts.isCallExpression(call) ? invokedIndirectly(a, call) : undefined;
  if (invoked) return applySummary(a, call, invoked.fn, ctx.summary(invoked.fn), invoked.args.map((x) => a.eval(x)), { args: invoked.args, name: textOf(invoked.callee) });
  // `formatters[kind](customer)`: any function of a constant table may be the one called.
  // (`for (const hook of hooks) hook(email)`, `dispatch.get('sms')?.(phone)`: what a list or a Map holds.)
  let table = !fn && ts.isCallExpression(call) ? tableFunctions(ctx.origins, callee) : [];
  if (!fn && !table.length && ts.isCallExpression(call)) table = heldFunctions(ctx.origins, callee);
  if (table.length) return unionAll(table.filter((f) => f !== a.fn).map((f) => applySummary(a, call, f, ctx.summary(f), argTaints)));

  // `queue.add('welcome', data)`: the queue's handlers get the data as their job's.
  const job = !fn && ts.isCallExpression(call) ? ctx.queues.enqueued(call) : undefined;
  if (job) {
    const data = observeFields(a, job.data, argTaints[args.indexOf(job.data)] ?? CLEAN);
    const jobTaint = job.path.reduceRight<Taint>((inner, field) => ({ labels: [], fields: new Map([[field, inner]]) }), data);
    const processors = job.handlers.filter((h) => !h.failed);
    const thrown = handOn(a, call, processors, jobTaint, `the '${job.queue}' queue's handler`);
    const failed = job.handlers.filter((h) => h.failed);
    if (failed.length) handOn(a, call, failed, jobTaint, `the '${job.queue}' queue's failed handler`, thrown);
    return CLEAN;
  }
  // `worker.on('failed', (job, err) => …)`: what the queue's processors throw of their own is `err`.
  const listened = !fn && ts.isCallExpression(call) ? ctx.queues.failedListener(call) : undefined;
  if (listened) {
    const thrown = unionAll(listened.processors.map((p) => callHandler(a, call, p.fn, [], [], `the '${listened.queue}' queue's handler`)));
    if (!isClean(thrown)) handOn(a, call, [listened.handler], CLEAN, `the '${listened.queue}' queue's failed handler`, thrown);
  }
  // `next(err)` in an Express route: the app's error middleware gets the error.
  const errorHandlers = !fn && ts.isCallExpression(call) ? ctx.errorMiddleware.handedOn(call) : [];
  if (errorHandlers.length) {
    // `next(new DuplicateSignupError(email))`: an error of a known class keeps its fields apart and its
    // class, for the handler's `instanceof` tests and for what an error tracker is sent.
    // A caught error handed on (`catch (err) { next(err) }`) keeps its fields apart too: a tracker is
    // sent its message, not the fields its class adds.
    const classes = thrownClasses(a, args[0]);
    const err = classes ? markThrown(argTaints[0] ?? CLEAN, classes) : args[0] && isErrorValue(a, args[0]) ? observeKeepingFields(a, args[0], argTaints[0] ?? CLEAN) : observe(a, args[0], argTaints[0] ?? CLEAN);
    return handOn(a, call, errorHandlers, err, 'the error middleware');
  }
  // Koa's `ctx.throw(409, \`phone ${phone} is taken\`)`: an error with that message is thrown.
  if (!fn && ts.isPropertyAccessExpression(callee) && callee.name.text === 'throw' && ts.isIdentifier(callee.expression) && callee.expression.text === 'ctx') {
    // (Koa makes it with http-errors: an `HttpError`, not one of the project's classes.)
    const message = unionAll(argTaints.map(whole));
    if (!isClean(message)) a.throwValue(markThrown(message, ['HttpError', 'Error']));
    return CLEAN;
  }

  const name = calleeName(callee);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    // `url.searchParams.set('email', x)`, `headers.delete('x-phone')`: entries kept by their names.
    const named = NAMED_ENTRY_METHODS.has(method) && args[0] && ts.isStringLiteralLike(args[0]) && holdsNamedEntries(a, callee.expression) ? fieldPath(callee.expression) : undefined;
    if (named && (method === 'set' || method === 'append') && args.length === 2) {
      setPath(a, named.root, [...named.fields, (args[0] as ts.StringLiteralLike).text], withStep(argTaints[1] ?? CLEAN, { location: locationOf(callee), message: `added to '${textOf(callee.expression)}'` }), method === 'append');
      return CLEAN;
    }
    if (named && method === 'delete' && args.length === 1) {
      dropPath(a, named.root, [...named.fields, (args[0] as ts.StringLiteralLike).text], receiver);
      return CLEAN;
    }
    const stored = STORE_METHODS.get(method);
    if (stored && !fnArgs.some(Boolean)) {
      let value = stored === 'value' ? (argTaints[1] ?? CLEAN) : unionAll(argTaints);
      // A map's keys are kept apart from its values, for `keys()` (`byId.set(id, phone)`: ids).
      if (method === 'set' && args.length === 2) value = mapOf(argTaints[0] ?? CLEAN, value);
      return storeInto(a, callee, receiver, value, method === 'push' || method === 'unshift');
    }
    if (ELEMENT_CALLBACKS.has(method) || method === 'then' || method === 'catch') {
      const chained = method === 'then' || method === 'catch';
      // A `.catch` gets what the chain before it rejected with: an error thrown in an earlier `.then`.
      const rejected = chained ? union(a.rejection(promised(callee.expression)) ?? CLEAN, receiverThrown) : CLEAN;
      const element = method === 'catch' ? rejected : receiver;
      let result: Taint = CLEAN;
      let thrown: Taint = CLEAN;
      fnArgs.forEach((f, i) => {
        if (!f) return;
        const given = method === 'reduce' || method === 'reduceRight' ? [argTaints[1] ?? CLEAN, element] : method === 'then' && i === 1 ? [rejected] : [element];
        if (!chained) {
          const run = runCallbackCatching(a, f, i === 0 ? given : []);
          result = union(result, run.result);
          // What the callback throws, the call throws (`list.map((e) => findOrThrow(e))`'s promises reject with
          // it); an async callback's rejection under `forEach` is no one's.
          if (!isClean(run.thrown) && (method === 'map' || method === 'flatMap' || !isAsyncFunction(f))) a.throwValue(run.thrown);
          return;
        }
        const run = runCallbackCatching(a, f, given);
        result = union(result, run.result);
        thrown = union(thrown, run.thrown);
      });
      if (chained) a.reject(call, method === 'catch' || fnArgs[1] ? thrown : union(rejected, thrown));
      // `.catch(next)` in an Express route: the app's error middleware gets what the chain rejected with.
      const handler = method === 'catch' ? args[0] : method === 'then' ? args[1] : undefined;
      const next = handler && ts.isIdentifier(handler) && !isClean(rejected) ? ctx.errorMiddleware.nextHandlers(handler) : [];
      if (next.length) handOn(a, call, next, rejected, 'the error middleware');
      // `rows.forEach(console.log)`, `.then(console.log)`: a sink passed by name gets each element.
      const passed = !fnArgs[0] && args[0] && (ts.isPropertyAccessExpression(args[0]) || ts.isIdentifier(args[0])) ? ctx.sinks.sink(call, args[0]) : undefined;
      if (passed) send(a, call, passed, [callee.expression], [element], [undefined], args[0]);
      // `customers.map(toSearchRecord)`: a project function passed by name gets each element.
      const named = !fnArgs[0] && args[0] && (ts.isIdentifier(args[0]) || ts.isPropertyAccessExpression(args[0])) && ELEMENT_CALLBACKS.has(method) ? ctx.origins.projectFunction(args[0]) : undefined;
      if (named && named !== a.fn && (named as ts.FunctionLikeDeclaration).body) result = union(result, runCallback(a, named, [element]));
      if (method === 'map' || method === 'flatMap' || method === 'then' || method === 'reduce' || method === 'reduceRight') return result;
      if (method === 'catch') return union(receiver, result);
      // `document.cookie.split('; ').find((c) => c.startsWith('phone='))`: the cookie it names.
      const cookie = method === 'find' && fnArgs[0] && receiver.labels.some((l) => l.category === 'user.device.cookie') ? namedCookie(fnArgs[0]) : undefined;
      const hits = cookie ? ctx.sources.ofName(cookie, 'cookie', 'string', fnArgs[0]) : [];
      if (hits.length) return a.sourceTaint(hits, call);
      return PASS_THROUGH.has(method) || method === 'filter' ? receiver : CLEAN;
    }
    // `JSON.parse(msg.body)`: a queue message's body parsed as JSON is a structured payload, not what
    // someone wrote, whatever its holder's name says (the fields parsed out keep their own names).
    if (name === 'JSON.parse') return withoutGuessedText(carry(a, args, argTaints));
    // `Object.fromEntries(Object.entries(user).filter(([key]) => ALLOWED.includes(key)))`: the keys kept.
    const filtered = name === 'Object.fromEntries' && args.length === 1 ? filteredEntries(args[0]) : undefined;
    if (filtered) {
      const from = a.eval(filtered.of);
      return filtered.keep ? union(picked(from, filtered.keys), picked(typeData(a, filtered.of), filtered.keys)) : withoutFields(observeKeepingFields(a, filtered.of, from), filtered.keys);
    }
    // `Object.entries(customer)`: pairs of a field's name (not the data) and its value, kept apart as a map's.
    if (name === 'Object.entries' && args.length === 1) return mapOf(CLEAN, carry(a, args, argTaints));
    // `JSON.stringify(user, ['id', 'plan'])`: a replacer list writes those keys only.
    const replacer = name === 'JSON.stringify' ? literalKeys(args[1]) : undefined;
    // (What its type holds too: `JSON.stringify(customer, ['id', 'email'])` of a typed parameter.)
    if (replacer) return args[0] ? union(picked(argTaints[0] ?? CLEAN, replacer), picked(typeData(a, args[0]), replacer)) : CLEAN;
    // (A replacer function writing '[redacted]', or nothing, for some keys: those keys' values are not written.)
    const replaced = name === 'JSON.stringify' && args[0] && fnArgs[1] ? replacedKeys(fnArgs[1]) : undefined;
    if (replaced) return whole(withoutFields(observeKeepingFields(a, args[0], argTaints[0] ?? CLEAN), replaced));
    // `Array.from(leads, (l) => l.firstName)`: what the mapping function makes of each element.
    if (name === 'Array.from' && fnArgs[1]) return runCallback(a, fnArgs[1], [argTaints[0] ?? CLEAN]);
    // `Object.assign(payload, { email })`: the target now holds the sources' fields too.
    if (name === 'Object.assign' && args.length > 1 && !ts.isObjectLiteralExpression(args[0])) {
      const path = fieldPath(args[0]);
      const added = unionAll(argTaints.slice(1));
      if (path && !isClean(added)) setPath(a, path.root, path.fields, added, true);
    }
    // (`Promise.all([load(), list()])` gives what its promises give, their records' fields kept apart.)
    if (name && KEEP_SHAPE.has(name) && argTaints.length === 1 && argTaints[0].fields) return argTaints[0];
    if (name && CARRY_MEMBERS.has(name)) return carry(a, args, argTaints, true, false, name === 'JSON.stringify');
    // `docusign.TemplateRole.constructFromObject({ email, name })`, `plainToInstance(Lead, body)`: a
    // library's model made from the object given.
    if (!fn && MODEL_FACTORIES.test(method)) return carry(a, args, argTaints);
    // `Array.prototype.slice.call(arguments)`: its `this`, as an array.
    if (method === 'call' && /^(?:Array\.prototype|\[\])\.(?:slice|concat)$/.test(textOf(callee.expression))) return carry(a, args, argTaints);
    if ((method === 'get' || method === 'getAll' || method === 'header') && args.length === 1 && ts.isStringLiteralLike(args[0]) && /header|(?:^|\.)(?:req|request|ctx)$/i.test(textOf(callee.expression))) {
      // `request.headers.get('x-forwarded-for')` reads a header by name, as `headers['x-…']` does; so do
      // Hono's `c.req.header('cf-connecting-ip')`, Express's `req.get('user-agent')` and Koa's `ctx.get(…)`.
      return a.sourceTaint(ctx.sources.ofName(args[0].text, 'headers', 'string', args[0]), call);
    }
    // `(await request.formData()).get('From')`, `url.searchParams.get('email')`: a form's or a query's field by name.
    if ((method === 'get' || method === 'getAll') && args.length === 1 && ts.isStringLiteralLike(args[0]) && a.mayBePersonal(args[0].text)) {
      const part = FORM_PARTS[a.ctx.checker().getTypeAtLocation(callee.expression).getSymbol()?.name ?? ''];
      const hits = part ? ctx.sources.ofName(args[0].text, part, 'string', args[0]) : [];
      if (hits.length) return union(receiver, a.sourceTaint(hits, call));
    }
    // `employee.get('fullName')` (a Sequelize model, an Immutable map) of an untyped value: a field read by name.
    if (method === 'get' && args.length === 1 && ts.isStringLiteralLike(args[0]) && !isConfigRead(call) && a.ctx.checker().getTypeAtLocation(callee.expression).flags & ts.TypeFlags.Any) {
      const hits = ctx.sources.ofName(args[0].text, containerOf(callee.expression), 'any', args[0]);
      if (hits.length) return union(a.sourceTaint(hits, call), { labels: fieldLabels(receiver.labels, args[0].text) });
    }
    // `const first = contactsOf(list).next()`: a generator stepped by hand gives what it yields as `value`.
    // (Only of a project generator that returns nothing: what it returns is `value` once done, and its
    // summary does not keep that apart from what it yields.)
    if (method === 'next' && args.length === 0 && !isClean(receiver) && yieldsOnly(a, callee.expression)) {
      return { labels: [], fields: new Map([['value', receiver]]) };
    }
    // `byPhone.keys()` of a Map or a Set: what it was filled with (not `Object.keys(…)`, names only);
    // of a map filled by `set(key, value)`, the keys.
    if (method === 'keys' && args.length === 0) return whole(receiver.fields?.get(MAP_KEYS) ?? receiver);
    // `byId.get(id)` of a map filled by `set(key, value)`: one of its values, none of its keys.
    if (method === 'get' && args.length === 1 && receiver.fields?.has(MAP_KEYS)) return mapValues(receiver);
    if (method === 'values' && args.length === 0 && receiver.fields?.has(MAP_KEYS)) return mapValues(receiver);
    // A Map's entries keep keys and values apart, for `for (const [id, email] of byId.entries())`.
    if (method === 'entries' && args.length === 0) return receiver.fields?.has(MAP_KEYS) ? receiver : whole(receiver);
    if ((method === 'replace' || method === 'replaceAll') && isMasking(args)) return CLEAN;
    // `note.replace(user.email, '<email>')`: the text less that value, put in place of it.
    if ((method === 'replace' || method === 'replaceAll') && args.length === 2 && ts.isStringLiteralLike(args[1]) && argTaints[0]?.labels.length) {
      const removed = new Set(flatten(argTaints[0]).map((l) => l.category));
      return { labels: flatten(receiver).filter((l) => l.param !== undefined || !removed.has(l.category)) };
    }
    // `email.replace(/^[^@]*@/, '')`, `email.slice(email.indexOf('@') + 1)`: the mail domain only.
    if (cutsToMailDomain(callee.expression, method, args)) return CLEAN;
    if (method === 'slice' && isLastDigits(args)) return CLEAN;
    if (isShortPiece(a, callee.expression, method, args)) return CLEAN;
    // (`x.stringify` is left to CARRY_MEMBERS: a query string's is built for GET requests only.)
    if (!fn && method !== 'stringify' && SERIALISER.test(method)) return carry(a, args, argTaints);
    if ((method === 'pop' && args.length === 0) || (method === 'at' && args.length === 1)) {
      if (isEmailDomain(callee.expression, method === 'pop' ? undefined : args[0])) return CLEAN;
    }
    // `new Intl.DateTimeFormat('de-DE').format(dob)`: the date, as text.
    if ((method === 'format' || method === 'formatToParts') && args.length === 1 && !isClean(argTaints[0] ?? CLEAN) && INTL_FORMATS.has(a.ctx.checker().getTypeAtLocation(callee.expression).getSymbol()?.name ?? '')) return whole(argTaints[0] ?? CLEAN);
    if (PASS_THROUGH.has(method) && (receiver.labels.length || receiver.fields || argTaints.some((t) => t.labels.length || t.fields))) {
      // (A birth year is a part of the date of birth, not a count.)
      if (!STRING_RESULT.has(method) && !DATE_PARTS.has(method) && isDerived(a, call)) return CLEAN;
      // `rows.slice(0, 3)`, `rows.at(-1)`: elements keep their fields.
      if (ELEMENT_RESULT.has(method)) return union(receiver, unionAll(argTaints));
      return union(whole(receiver), unionAll(argTaints.map(whole)));
    }
  } else if (ts.isIdentifier(callee) && callee.text === 'structuredClone' && args.length >= 1 && !fn) {
    // A deep copy: the same fields, each still its own (`copy.phone = ''` clears the copy's), and
    // what the original's type holds, which the copy's own type says only where the DOM or Node
    // declares structuredClone.
    return observeKeepingFields(a, args[0], argTaints[0] ?? CLEAN);
  } else if (ts.isIdentifier(callee) && (CARRY_ARGS.has(callee.text) || (!fn && SERIALISER.test(callee.text)))) {
    return carry(a, args, argTaints, !CARRY_ARGS.has(callee.text), callee.text === 'String');
  } else if (ts.isIdentifier(callee) && !fn && CARRY_MEMBERS.has(utilFunction(a, callee) ?? '')) {
    return carry(a, args, argTaints);
  }

  // lodash's `pick(user, ['email'])` and `omit(user, ['password'])`.
  const selection = ts.isCallExpression(call) && args.length >= 2 ? lodashSelection(a, callee) : undefined;
  if (selection) {
    const keys = args.slice(1).flatMap((x) => literalKeys(x) ?? (ts.isStringLiteralLike(x) ? [x.text] : []));
    return selection === 'pick' ? picked(argTaints[0] ?? CLEAN, keys) : withoutFields(argTaints[0] ?? CLEAN, keys);
  }

  // `welcomeTemplate({ firstName, phone })` of `Handlebars.compile(…)`, `_.template(…)`: the text it
  // renders holds the data it is given.
  if (ts.isCallExpression(call) && !fn && isCompiledTemplate(a, callee)) return carry(a, args, argTaints);

  if (ts.isNewExpression(call) && !fn) {
    const instance = constructed(a, call, argTaints) ?? constructedMap(a, call);
    if (instance) return instance;
  }
  // `setTimeout(cb, 5000, phone)`: the callback gets the arguments after the delay; `node:timers/promises`'
  // `await setTimeout(100, value)` resolves with the value.
  const timer = !fn ? timerName(a, callee) : undefined;
  if (timer) {
    const extra = timer === 'setImmediate' || timer === 'nextTick' ? 1 : 2;
    if (fnArgs[0]) {
      runCallback(a, fnArgs[0], argTaints.slice(extra));
      return CLEAN;
    }
    // A project function given by name (`setTimeout(retry, ms, id, phone)`) is applied through its summary, as a
    // call of it would be: timers that schedule each other must not be run inline one inside the other.
    const named = args[0] && ts.isIdentifier(args[0]) ? ctx.origins.projectFunction(args[0]) : undefined;
    if (named && named !== a.fn && (named as ts.FunctionLikeDeclaration).body) {
      callHandler(a, call, named, argTaints.slice(extra), args.slice(extra), 'the timer');
      return CLEAN;
    }
    if (args.length && timer !== 'setInterval' && timer !== 'nextTick') return argTaints[extra - 1] ?? CLEAN;
  }
  // `new Promise((resolve, reject) => …)`: the executor runs; the promise gives what it resolves with.
  if (ts.isNewExpression(call) && !fn && ts.isIdentifier(callee) && callee.text === 'Promise' && fnArgs[0]) {
    const thrown = runCallbackThrows(a, fnArgs[0]);
    a.root.reject(call, thrown);
    return a.resolved(call) ?? CLEAN;
  }
  // Errors carry their message; a library object built from data holds it (`new PutObjectCommand({ Body })`).
  if (ts.isNewExpression(call) && name && (/(?:Error|Exception)$/.test(name) || !fn)) {
    fnArgs.forEach((f) => f && runCallback(a, f, []));
    // `new TRPCError({ code, message, cause })`: an error made from its options keeps them apart.
    if (!fn && /(?:Error|Exception)$/.test(name) && args.length === 1 && ts.isObjectLiteralExpression(args[0]) && argTaints[0]?.fields) return argTaints[0];
    // The language's own: `new Error(message, { cause })` is its message, with the cause kept apart (not in
    // its message or stack); `new AggregateError(errors, message)`, its message, with the errors kept apart.
    const own = ts.isIdentifier(call.expression) && BUILTIN_ERRORS.has(call.expression.text) ? a.ctx.origins.declarationOf(call.expression) ?? null : undefined;
    const builtin = own !== undefined && !(own && a.ctx.isProjectFile(own.getSourceFile().fileName));
    if (builtin && name === 'AggregateError') return withFields(whole(argTaints[1] ?? CLEAN), [['errors', argTaints[0] ?? CLEAN]]);
    if (builtin && args.length === 2) return withFields(whole(argTaints[0] ?? CLEAN), [['cause', optionField(args[1], argTaints[1], 'cause')]]);
    return unionAll(argTaints.map(whole));
  }

  // `watch(email, (next, prev) => …)` (Vue), `watch(() => form.email, …)`: the callback gets the watched value.
  if (!fn && ts.isIdentifier(callee) && callee.text === 'watch' && args.length >= 2 && fnArgs[1]) {
    const source = fnArgs[0] ? runCallback(a, fnArgs[0], []) : argTaints[0];
    const value = unwrapRef(a, args[0], source);
    runCallback(a, fnArgs[1], [value, value]);
    return CLEAN;
  }
  // `Readable.from(customers).on('data', (row) => …)`: a stream made of data hands its listener each chunk of it.
  if (!fn && ts.isPropertyAccessExpression(callee) && /^(?:on|once|addListener)$/.test(callee.name.text) && fnArgs[1] && ts.isStringLiteralLike(args[0]) && args[0].text === 'data' && !isClean(receiver)) {
    runCallback(a, fnArgs[1], [whole(receiver)]);
    return receiver;
  }
  // Any other call: its callbacks still run (route handlers, timers, promises). What a route handler
  // throws reaches the app's error handlers.
  // `router.post('/', asyncRoute(async (req, res) => …))`: what the wrapped handler throws goes to `next`.
  if (!fn && ts.isCallExpression(call)) {
    for (const w of ctx.errorMiddleware.wrappedHandlers(call)) {
      const thrown = runCallbackThrows(a, w.handler);
      if (!isClean(thrown)) handOn(a, call, w.errorHandlers, thrown, 'the error middleware');
    }
  }
  const errorHandlers2 = !fn && ts.isCallExpression(call) ? ctx.errorMiddleware.forRoute(call) : [];
  // `const rows = await tracer.trace('list', async (span) => { …; return rows; })`, `await db.transaction(…)`,
  // `await limit(() => load(id))`: a library call awaited for what its callback does gives what the callback returns.
  const settles = isAwaitedOrReturned(call);
  const awaited = !fn && !errorHandlers2.length && settles;
  let result: Taint = CLEAN;
  args.forEach((x, i) => {
    // A route handler given by name (`router.post('/claims', claims)`) throws to the app's error handlers too.
    const f = fnArgs[i] ?? (errorHandlers2.length ? ctx.origins.projectFunction(x) : undefined);
    if (!f || !(f as ts.FunctionLikeDeclaration).body) return;
    const run = awaited && fnArgs[i] ? runCallbackCatching(a, f, []) : undefined;
    if (run) result = union(result, union(run.result, returnedTypeData(a, f)));
    const thrown = run ? run.thrown : runCallbackThrows(a, f);
    if (isClean(thrown)) return;
    // Not the error middleware itself (`app.use(errorHandler)`), nor Express 4's for an async handler's rejection.
    const hearing = errorHandlers2.filter((h) => h.fn !== f && !(h.syncOnly && isAsyncFunction(f)));
    if (errorHandlers2.length) handOn(a, call, hearing, thrown, 'the error handler');
    // `await tracer.trace('submit', async (span) => { … throw … })`, `await db.transaction(async (tx) => …)`:
    // a library call awaited for what its callback does rejects with what the callback throws.
    else if (fnArgs[i] && settles) a.throwValue(thrown);
  });
  // `format(customer.firstName)` of a function-valued parameter (function-values.ts).
  const param = !fn && ts.isIdentifier(callee) ? localDeclaration(callee) : undefined;
  if (param && ts.isParameter(param) && ts.isIdentifier(callee)) parameterCallThrows(a, callee, param);
  if (!fn && args.length === 0 && ts.isCallExpression(call)) return getterRead(a, call);
  if (param && ts.isParameter(param) && ts.isIdentifier(callee)) return union(result, functionParameterCall(a, call, callee, param, args, argTaints, fnArgs));
  return result;
}

/** A call of a project generator function (or a local holding one) that returns no value, only yields. */
function yieldsOnly(a: FunctionAnalyzer, e: ts.Expression): boolean {
  let made: ts.Expression | undefined = e;
  if (ts.isIdentifier(made)) {
    const decl = localDeclaration(made);
    made = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  }
  while (made && (ts.isAwaitExpression(made) || ts.isParenthesizedExpression(made))) made = made.expression;
  if (!made || !ts.isCallExpression(made)) return false;
  const fn = a.ctx.origins.projectFunction(made.expression) as ts.FunctionLikeDeclaration | undefined;
  if (!fn?.asteriskToken || !fn.body) return false;
  const returnsValue = (n: ts.Node): boolean => (ts.isReturnStatement(n) && !!n.expression) || (!ts.isFunctionLike(n) && !!ts.forEachChild(n, returnsValue));
  return !ts.forEachChild(fn.body, returnsValue);
}

/** The language's error classes. */
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/** A value and some fields kept apart from it (none when all are clean). */
function withFields(t: Taint, fields: ReadonlyArray<[string, Taint]>): Taint {
  const kept = fields.filter(([, f]) => !isClean(f));
  if (!kept.length) return t;
  return { labels: t.labels, fields: new Map([...(t.fields ?? []), ...kept]) };
}

/** An options object's field: `{ cause }` written out, or what the object given holds there. */
function optionField(arg: ts.Expression, t: Taint | undefined, key: string): Taint {
  if (!t) return CLEAN;
  if (t.fields) return t.fields.get(key) ?? CLEAN;
  return ts.isObjectLiteralExpression(arg) ? CLEAN : whole(t);
}

/** Where an analytics group's own name is: `{ name }`, `{ traits: { name } }`, a level deeper. */
const GROUP_NAMES = ['name', 'company_name', 'companyName', 'organization', 'organisation'].flatMap((k) => [[k], ['*', k], ['*', '*', k]]);

/** What a function run where it is called throws: an async one's rejects the promise it gives, for an `await` of it to throw. */
export function settle(a: FunctionAnalyzer, call: ts.CallExpression, fn: ts.SignatureDeclaration, thrown: Taint): void {
  if (isAsyncFunction(fn)) a.reject(call, thrown);
  else a.throwValue(thrown);
}

export function isAsyncFunction(f: ts.SignatureDeclaration): boolean {
  return (ts.getCombinedModifierFlags(f as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

function carry(a: FunctionAnalyzer, args: readonly ts.Expression[], taints: readonly Taint[], guess = true, text = false, json = false): Taint {
  // (`String(err)` of an error made here, never thrown, is its message too, not its class's fields.)
  // (Nor what its class's type declares: only its message is text.)
  // (An error parameter made text, `String(error)` in `reportError(error: unknown)`, is the message of what each caller passes.)
  if (text) return unionAll(args.map((x, i) => (ownToString(a, x) ? madeText(a, x) : isErrorValue(a, x) ? asText({ labels: (taints[i]?.labels ?? []).map(errorMessageOf), fields: new Map([['message', taints[i]?.fields?.get('message') ?? CLEAN]]) }) : observe(a, x, asText(taints[i] ?? CLEAN), guess))));
  return unionAll(args.map((x, i) => observe(a, x, (json && i === 0 && serialised(a, x)) || (taints[i] ?? CLEAN), guess)));
}

/**
 * What a value whose class has its own `toJSON()` is written out as: what that returns of the class's
 * fields, and, of this instance, the fields it reads (`{ id: this.id, contact: this.#email }`) or
 * keeps (`const { password, ...rest } = this`).
 */
function serialised(a: FunctionAnalyzer, x: ts.Expression): Taint | undefined {
  const own = ownToJSON(a, x);
  if (!own) return undefined;
  const out = applySummary(a, x, own, a.ctx.summary(own), [], { args: [], name: `${textOf(x)}.toJSON` });
  const shape = serialisedShape(own);
  const instance = a.eval(x);
  // (What the instance holds as a whole, in no known field, may be in any that toJSON writes.)
  if (!shape) return union(out, whole(instance));
  if (shape.kind === 'without') return union(out, withoutFields(instance, shape.taken));
  if (!instance.fields) return union(out, { labels: instance.labels });
  const fields = new Map<string, Taint>();
  for (const [key, field] of shape.read) {
    const held = instance.fields.get(field);
    if (held && !isClean(held)) fields.set(key, held);
  }
  return union(out, { labels: instance.labels, fields: fields.size ? fields : undefined });
}

function errorMessageOf(l: Label): Label {
  return l.param !== undefined && l.paramField === undefined && !l.without ? { ...l, paramField: 'message' } : l;
}

/** `format` imported from `node:util` (`import { format } from 'node:util'`): `util.format`. */
function utilFunction(a: FunctionAnalyzer, callee: ts.Identifier): string | undefined {
  const origin = a.ctx.origins.of(callee);
  return origin && /^(?:node:)?util$/.test(origin.root.module ?? '') && origin.path.length === 1 ? `util.${origin.path[0]}` : undefined;
}

function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** A callback run with no arguments given, for what it throws. */
export function runCallbackThrows(a: FunctionAnalyzer, fn: ts.SignatureDeclaration): Taint {
  if (a.depth > 200) return CLEAN;
  const inner = new Analyzer(a.ctx, fn, a);
  inner.depth = a.depth + 1;
  inner.runCallback([]);
  return inner.thrown();
}

/** A promise's callback: what it returns, and what it throws (the promise it makes rejects with that). */
export function runCallbackCatching(a: FunctionAnalyzer, fn: ts.SignatureDeclaration, given: readonly Taint[]): { result: Taint; thrown: Taint } {
  if (a.depth > 200) return { result: CLEAN, thrown: CLEAN };
  const inner = new Analyzer(a.ctx, fn, a);
  inner.depth = a.depth + 1;
  const result = inner.runCallback(given);
  return { result, thrown: inner.thrown() };
}

export function runCallback(a: FunctionAnalyzer, fn: ts.SignatureDeclaration, given: readonly Taint[]): Taint {
  return runCallbackCatching(a, fn, given).result;
}

/** The parameter of the function being summarised that an expression is (or starts with). */
function parameterIndex(a: FunctionAnalyzer, e: ts.Expression | undefined): number | undefined {
  const fn = a.root.fn;
  if (!e || ts.isSourceFile(fn)) return undefined;
  let head: ts.Expression = e;
  if (ts.isTemplateExpression(head) && head.head.text === '' && head.templateSpans.length) head = head.templateSpans[0].expression;
  while (ts.isBinaryExpression(head) && head.operatorToken.kind === ts.SyntaxKind.PlusToken) head = head.left;
  if (!ts.isIdentifier(head)) return undefined;
  const decl = a.ctx.origins.declarationOf(head);
  const i = decl && ts.isParameter(decl) ? argumentParameters(fn).indexOf(decl) : -1;
  return i >= 0 ? i : undefined;
}

/** A reach into an HTTP wrapper whose URL is a parameter takes its host from this caller's argument. */
function withCallerHost(a: FunctionAnalyzer, r: SinkReach, args: readonly ts.Expression[], call: ts.Node): SinkReach | undefined {
  if (r.site.capturedHost && !r.site.destination.host) {
    // `crm.upsert(c)` of `const crm = new CrmClient('https://…')`: the host it was made with.
    const made = (ts.isCallExpression(call) || ts.isNewExpression(call)) && creationArgument(a.ctx.origins, call.expression, r.site.capturedHost);
    const destination = made && !a.ctx.sinks.isRelativeUrl(made) ? a.ctx.sinks.withHostFrom(r.site.destination, made) : undefined;
    return destination ? { ...r, site: { ...r.site, destination, capturedHost: undefined } } : r;
  }
  if (r.site.hostParam === undefined || r.site.destination.host) return r;
  const arg = args[r.site.hostParam];
  // `api('/contacts', body)`: the wrapper asks the page's own origin.
  if (arg && a.ctx.sinks.isRelativeUrl(arg)) return undefined;
  const destination = arg && a.ctx.sinks.withHostFrom(r.site.destination, arg);
  // Else the caller's own parameter may carry the URL on, one wrapper further out.
  if (!destination) return { ...r, site: { ...r.site, hostParam: parameterIndex(a, arg) } };
  return { ...r, site: { ...r.site, destination, hostParam: undefined } };
}

/**
 * A call to a catalogued sink: each data argument, with what its type holds, reaches it. `callee` is
 * the sink the call runs, when the call hands it on (`rows.forEach(console.log)`).
 */
export function send(a: FunctionAnalyzer, call: ts.CallExpression | ts.NewExpression, match: SinkMatch, args: readonly ts.Expression[], argTaints: readonly Taint[], fnArgs: readonly (ts.ArrowFunction | ts.FunctionExpression | undefined)[], callee: ts.Expression = call.expression, named: ts.Expression = callee): Taint {
  const ctx = a.ctx;
  const dest = { ...ctx.sinks.destination(call, match), callee: textOf(named) };
  if (!dest.host && (match.spec.absoluteOnly || ctx.sinks.sameOrigin(call, match))) return CLEAN;
  const dataArgs = match.spec.dataArgs;
  const urlArg = ctx.sinks.urlArgument(call, match);
  const hostParam = dest.host ? undefined : parameterIndex(a, urlArg);
  const captured = dest.host || hostParam !== undefined || ts.isSourceFile(a.root.fn) ? undefined : capturedHost(ctx.origins, urlArg, a.root.fn);
  const redact: string[][] = match.spec.kind === 'log' ? [...redactPaths(match.origin.calls), ...ctx.sinks.configuredRedactions(match.spec)] : [];
  const serializers = match.spec.kind === 'log' ? logSerializers(match.origin.calls, (e) => ctx.origins.projectFunction(e)) : undefined;
  // `posthog.group('company', id, { name })`, `analytics.group({ groupId, traits: { name } })`: an analytics
  // group is an organisation, and its `name` is the organisation's.
  if (match.spec.purpose === 'analytics' && ts.isPropertyAccessExpression(callee) && /^(?:group|setGroup|set_group|groupIdentify)$/.test(callee.name.text)) redact.push(...GROUP_NAMES);
  let returned: Taint = CLEAN;
  const format = match.spec.requestFormat !== undefined ? args[match.spec.requestFormat] : match.spec.logsRequests ? args[0] : undefined;
  const written = !format ? [] : match.spec.logsRequests ? requestLogHits(call, match.spec.logsRequests) : requestFormatHits(format, (id) => ctx.origins.declarationOf(id));
  if (format && written.length) {
    const site: SinkSite = { location: { file: call.getSourceFile().fileName, range: calleeRange(callee) }, destination: dest, argument: { range: rangeOf(format), text: textOf(format) } };
    reachSink(a, site, a.sourceTaint(written, format), format);
  }
  const settles = fnArgs.some((f) => f) && isAwaitedOrReturned(call);
  args.forEach((arg, i) => {
    if (dataArgs && !dataArgs.includes(i)) return;
    // `await tracer.startActiveSpan('verify', async (span) => { … throw … })`: the SDK runs the callback,
    // and the awaited call rejects with what it throws.
    const run = fnArgs[i] ? runCallbackCatching(a, fnArgs[i]!, []) : undefined;
    // (And gives what it returns: `const rows = await tracer.trace('list', async (span) => … rows)`;
    // what the SDK is sent is then the callback's own calls, not its result. A callback whose result
    // the SDK takes, a lazy log message `log.debug(() => …)`, is not awaited.)
    if (run && settles) {
      if (!isClean(run.thrown)) a.throwValue(run.thrown);
      returned = union(returned, union(run.result, returnedTypeData(a, fnArgs[i]!)));
      return;
    }
    // A logger's `redact` paths: what each field's type says it holds, less the paths redacted.
    const given = run ? run.result : argTaints[i];
    let t = redact.length ? redacted(observeKeepingFields(a, arg, given), redact) : given;
    if (match.spec.purpose === 'email') t = recipients(a, arg, t, dest.vendor ?? dest.name);
    const site: SinkSite = { location: { file: call.getSourceFile().fileName, range: calleeRange(callee) }, destination: dest, argument: { range: rangeOf(arg), text: textOf(arg) }, hostParam, ...(captured && { capturedHost: captured }) };
    if (match.spec.kind === 'transfer' && arg === urlArg) site.requestUrl = urlKind(arg);
    const error = match.spec.purpose === 'error-monitoring' ? reportedErrorOf(a, arg, t) : undefined;
    reachSink(a, site, error ?? (serializers?.size ? serialized(a, arg, t, serializers, redact.length > 0) : redact.length ? whole(t) : observe(a, arg, t)), arg);
  });
  if (match.spec.kind === 'log') {
    // A child logger's bindings are written with every line it logs: `logger.child({ email }).info(…)`.
    // Where the `child` call is a sink of its own, the flow is reported there, once.
    for (const c of match.origin.calls) {
      if (c.getSourceFile() !== call.getSourceFile() || c.pos < a.fn.pos || c.end > a.fn.end || ctx.sinks.sink(c)) continue;
      for (const arg of c.arguments ?? []) {
        if (!ts.isObjectLiteralExpression(arg)) continue;
        const site: SinkSite = { location: { file: call.getSourceFile().fileName, range: calleeRange(callee) }, destination: dest, argument: { range: rangeOf(arg), text: textOf(arg) } };
        reachSink(a, site, observe(a, arg, redacted(a.eval(arg), redact)), arg);
      }
    }
  }
  // `crm.interceptors.request.use((config) => …)`: what the instance's interceptors add to a request
  // goes with this one too.
  if (match.spec.kind === 'transfer') {
    const added = interceptorAdditions(a, callee);
    if (!isClean(added)) {
      const site: SinkSite = { location: { file: call.getSourceFile().fileName, range: calleeRange(callee) }, destination: dest, argument: { range: rangeOf(callee), text: textOf(callee) }, hostParam, ...(captured && { capturedHost: captured }) };
      reachSink(a, site, added, callee);
    }
  }
  // Data handed over through the client's own construction (`new Analytics({ ... })`) is not
  // counted: configuration, not a send. A download of something personal by its address
  // (`axios.get(recordingUrl)`) brings that thing back.
  if (match.spec.kind === 'transfer' && urlArg && urlKind(urlArg)) return downloaded(argTaints[args.indexOf(urlArg)] ?? CLEAN);
  return returned;
}

/** `location.href = url`: the URL, and what it carries, goes to its host as a navigation. */
export function navigate(a: FunctionAnalyzer, target: ts.PropertyAccessExpression, url: ts.Expression, dest: ResolvedDestination, t: Taint): void {
  const site: SinkSite = { location: { file: target.getSourceFile().fileName, range: rangeOf(target) }, destination: dest, argument: { range: rangeOf(url), text: textOf(url) }, requestUrl: urlKind(url) };
  reachSink(a, site, observe(a, url, t), url);
}

/** `log.call(thisArg, …)` or `log.apply(thisArg, args)` of a catalogued log method. */
function forwardedLog(a: FunctionAnalyzer, call: ts.CallExpression): { match: SinkMatch; apply: boolean } | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'call' && callee.name.text !== 'apply')) return undefined;
  const match = a.ctx.sinks.sink(call, callee.expression);
  return match?.spec.kind === 'log' ? { match, apply: callee.name.text === 'apply' } : undefined;
}

/** Parameter `i` takes the arguments from `i` on: a rest parameter, or `arguments` past the declared ones. */
function takesRest(fn: ts.SignatureDeclaration, i: number): boolean {
  const params = argumentParameters(fn);
  return i >= params.length || !!params[i].dotDotDotToken;
}

/** Sanitisers from the catalogue or tagged `@pii-sanitizer`: redaction cleans, hashing derives. */
function sanitiser(a: FunctionAnalyzer, call: ts.CallExpression | ts.NewExpression, argTaints: readonly Taint[], receiver: Taint, fn: ts.SignatureDeclaration | undefined): Taint | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const ctx = a.ctx;
  const found = ctx.sinks.sanitiser(call);
  let effect = found?.spec.effect;
  if (!effect && fn && ctx.isTaggedSanitiser(fn)) effect = 'redact';
  if (!effect) return undefined;
  // `pseudonymise(email)` of the project's own, a SHA-256 inside: its body says it hashes.
  if (effect === 'pseudonymise' && fn && fn !== a.fn && (fn as ts.FunctionLikeDeclaration).body) {
    const by = flatten(ctx.summary(fn).returns).map((l) => l.derivedBy);
    if (by.length && by.every((d) => d === 'hash')) effect = 'hash';
  }
  let input = unionAll([receiver, ...argTaints].map(whole));
  for (const c of found?.origin?.calls ?? []) {
    for (const arg of c.arguments ?? []) input = union(input, whole(a.eval(arg)));
  }
  if (effect === 'hash' || effect === 'pseudonymise' || effect === 'encrypt') {
    return withStep(derive(input, effect), { location: locationOf(call), message: `${effect === 'hash' ? 'hashed' : effect === 'encrypt' ? 'encrypted' : 'pseudonymised'} by '${textOf(call.expression)}'` });
  }
  return CLEAN;
}

/** Personal data arriving at a sink: concrete labels become flows, placeholders become reaches. */
function reachSink(a: FunctionAnalyzer, site: SinkSite, t: Taint, arg: ts.Node): void {
  const labels = flatten(t);
  if (!labels.length) return;
  const step = { location: locationOf(arg), message: `reaches ${site.destination.sinkKind === 'log' ? 'the log call' : site.destination.sinkKind === 'transfer' ? 'the HTTP call' : `${site.destination.vendor ?? site.destination.name}'s SDK call`} '${site.destination.callee}'` };
  const data: FlowData[] = [];
  for (const l of labels) {
    if (l.param !== undefined) {
      a.reaches.push({ param: l.param, site, label: { ...l, steps: addStep(l.steps, step) } });
    } else if (!fetchedAddress(site, l.source)) {
      const steps = addStep(l.steps, step);
      data.push({ category: l.category, reason: l.reason, derivedBy: l.derivedBy, steps: [...steps], expression: l.source ?? site.argument.text });
      // (`post(url, customer)`: the customer's e-mail goes where each caller's URL says.)
      if ((site.hostParam !== undefined || site.capturedHost) && !site.destination.host) a.reaches.push({ param: site.hostParam ?? -1, site, label: { ...l, steps }, hostOnly: true });
    }
  }
  if (data.length) a.ctx.emit(site, data);
}

/**
 * A call the code does not write (a job put on a queue, an error handed to `next`): each handler is
 * called with `given` as its job or error argument (and `error` after it: a queue's `failed`
 * handlers). What the handlers throw is returned, for whoever gets that next.
 */
export function handOn(a: FunctionAnalyzer, call: ts.Node, handlers: readonly JobHandler[], given: Taint, name: string, error: Taint = CLEAN): Taint {
  let thrown: Taint = CLEAN;
  if (!flatten(given).length && isClean(error)) return thrown;
  for (const h of handlers) {
    const passed: Taint[] = [];
    passed[h.job] = h.field ? { labels: [], fields: new Map([[h.field, given]]) } : given;
    if (!isClean(error)) passed[h.job + 1] = error;
    thrown = union(thrown, callHandler(a, call, h.fn, passed, [], name));
  }
  return thrown;
}

/** A function the framework calls with these values (a listener, a queue's handler): what it throws goes to the framework, not here. */
export function callHandler(a: FunctionAnalyzer, call: ts.Node, fn: ts.SignatureDeclaration, passed: readonly Taint[], args: readonly ts.Expression[], name: string): Taint {
  if (fn === a.root.fn) return CLEAN;
  a.ctx.uses(fn.getSourceFile().fileName, call.getSourceFile().fileName);
  const detached = { thrown: CLEAN };
  applySummary(a, call, fn, a.ctx.summary(fn), passed, { args, name, detached });
  return detached.thrown;
}

/** `reporter.recipient = phone` where `recipient` is a project class's setter: a call of it with the value. */
export function callSetter(a: FunctionAnalyzer, target: ts.PropertyAccessExpression, value: ts.Expression, t: Taint): void {
  const symbol = a.ctx.checker().getSymbolAtLocation(target.name);
  const setter = symbol?.declarations?.find((d): d is ts.SetAccessorDeclaration => ts.isSetAccessorDeclaration(d) && !!d.body && a.ctx.isProjectFile(d.getSourceFile().fileName));
  if (!setter || setter === a.root.fn) return;
  applySummary(a, target, setter, a.ctx.summary(setter), [t], { args: [value], name: textOf(target) });
}

/**
 * A call to a project function: its reaches fire with our arguments, its return carries them. A call
 * the code does not write (a queue's handler given a job) says what it passes and how it is named.
 */
export function applySummary(a: FunctionAnalyzer, call: ts.Node, fn: ts.SignatureDeclaration, s: Summary, argTaints: readonly Taint[], implied?: { args: readonly ts.Expression[]; name: string; detached?: { thrown: Taint } }): Taint {
  const args = implied?.args ?? ((ts.isCallExpression(call) || ts.isNewExpression(call) ? call.arguments : undefined) ?? []);
  const callLocation = locationOf(call);
  const fnName = implied?.name ?? textOf(ts.isCallExpression(call) || ts.isNewExpression(call) ? call.expression : call);
  const observed: Taint[] = [];
  const argOf = (i: number, without?: readonly string[]): Taint => {
    // Less what a rest element of the callee left out: the literal's fields go before they are flattened.
    if (without) return args[i] ? observe(a, args[i], withoutFields(argTaints[i] ?? CLEAN, without)) : withoutFields(argTaints[i] ?? CLEAN, without);
    if (!observed[i]) {
      const arg = args[i];
      observed[i] = arg ? observe(a, arg, argTaints[i] ?? CLEAN) : (argTaints[i] ?? CLEAN);
      // A rest parameter takes every argument from its position on; so does `arguments` beyond the
      // declared parameters.
      if (takesRest(fn, i)) for (let j = i + 1; j < args.length; j++) observed[i] = union(observed[i], observe(a, args[j], argTaints[j] ?? CLEAN));
    }
    return observed[i];
  };
  // A destructured parameter (`{ payload }`) has no name of its own: its field path is the name.
  const passed = (i: number, field?: string): string => {
    const param = s.paramNames[i] ?? 'arguments';
    return `passed to ${fnName} as '${field && param.startsWith('#') ? field : `${param}${field ? `.${field}` : ''}`}'`;
  };
  // A placeholder for a field of a parameter (`{ message }`, `options.payload.url`) takes that field of the argument.
  const fieldOf = (i: number, path: string, without?: readonly string[]): Taint => {
    let t = argTaints[i] ?? CLEAN;
    for (const field of path.split('.')) {
      // What a function argument throws: what the caller's callback throws, or (passed on from the
      // caller's own parameter) the placeholder for it; no value the argument holds.
      if (field === THROWN) return t.fields?.get(THROWN) ?? { labels: fieldLabels(t.labels.filter((l) => l.param !== undefined), THROWN) };
      // (An identifier read from a value whose fields are not known is not what the value holds:
      // `state.returnMark.blockId` of a session state that a message went into.)
      // (An error's `stack` begins with its message.)
      t = t.fields?.get(field) ?? (field === 'stack' ? t.fields?.get('message') : undefined) ?? (t.labels.length ? { labels: fieldLabels(namesRecordId(a, field) ? t.labels.filter((l) => l.param !== undefined) : t.labels, field) } : CLEAN);
    }
    return whole(without ? withoutFields(t, without) : t);
  };

  for (const reach of s.reaches) {
    if (reach.hostOnly) {
      const r = withCallerHost(a, reach, args, call);
      if (r?.site.destination.host) a.ctx.emit(r.site, [{ category: r.label.category, reason: r.label.reason, derivedBy: r.label.derivedBy, steps: [...r.label.steps], expression: r.label.source ?? r.site.argument.text }]);
      else if (r?.site.hostParam !== undefined) a.reaches.push(r);
      continue;
    }
    const field = reach.label.paramField;
    const without = reach.label.without;
    let given = flatten(passedNarrowed(field === undefined ? (without ? withoutFields(argOf(reach.param, without), without) : argOf(reach.param)) : fieldOf(reach.param, field, without), reach.label.narrowedBy));
    if (reach.label.text) given = field === undefined && !without && !takesRest(fn, reach.param) ? flatten(asText(passedNarrowed(argOf(reach.param), reach.label.narrowedBy))) : given.filter((g) => !g.record);
    // A parameter (or a field of it) declared with a tagged type is what the tag says: a name the
    // caller's value came by (`req.body.text` read as a message) adds nothing there.
    const guessed = (g: (typeof given)[number]): boolean => g.param === undefined && g.reason.kind === 'name';
    if (given.some(guessed) && declaredAsTagged(a.ctx.checker(), a.ctx.sources, argumentParameters(fn)[reach.param], field)) given = given.filter((g) => !guessed(g));
    if (!given.length) continue;
    const r = withCallerHost(a, reach, args, call);
    if (!r) continue;
    const data: FlowData[] = [];
    for (const g of given) {
      const steps = [...addStep(g.steps, { location: callLocation, message: passed(r.param, field) }), ...r.label.steps];
      if (g.param !== undefined) {
        a.reaches.push({ param: g.param, site: r.site, label: { ...g, steps, derivedBy: g.derivedBy ?? r.label.derivedBy, ...(r.label.text && { text: true }) } });
      } else if (!fetchedAddress(r.site, g.source)) {
        data.push({ category: g.category, reason: g.reason, derivedBy: g.derivedBy ?? r.label.derivedBy, steps, expression: g.source ?? textOf(args[r.param] ?? call) });
      }
    }
    if (data.length) a.ctx.emit(r.site, data);
  }
  // What comes back carries the arguments' flow; their types' fields the caller still sees itself.
  const flowOf = (i: number): Taint => {
    let t = reshaped(argTaints[i] ?? CLEAN);
    if (takesRest(fn, i)) for (let j = i + 1; j < args.length; j++) t = union(t, reshaped(argTaints[j] ?? CLEAN));
    return t;
  };
  // Where the callee's parameters are written (what their names say starts there).
  const params = fn.parameters.length ? { sf: fn.getSourceFile(), pos: fn.parameters[0].getStart(), end: fn.parameters[fn.parameters.length - 1].end } : undefined;
  let paramRange: { file: string; start: ts.LineAndCharacter; end: ts.LineAndCharacter } | undefined;
  const atParameter = (l: Label): boolean => {
    const first = l.steps[0]?.location;
    if (!params || !first || first.file !== params.sf.fileName) return false;
    paramRange ??= { file: params.sf.fileName, start: params.sf.getLineAndCharacterOfPosition(params.pos), end: params.sf.getLineAndCharacterOfPosition(params.end) };
    return !before(first.range.start, paramRange.start) && !before(paramRange.end, first.range.end);
  };
  // Placeholders stand for this call's arguments, in nested fields too (`({ recipient: { id } })`).
  const substitute = (t: Taint, message: string, depth = 0): Taint => {
    let fields: Map<string, Taint> | undefined;
    if (t.fields && depth < 8) {
      fields = new Map();
      for (const [k, v] of t.fields) {
        const given = substitute(v, message, depth + 1);
        if (!isClean(given)) fields.set(k, given);
      }
    }
    const own: Taint = { labels: t.labels.filter((l) => l.param === undefined), fields: fields?.size ? fields : undefined };
    let out: Taint = CLEAN;
    for (const l of t.labels) {
      if (l.param === undefined) continue;
      // An object built with the argument spread into it (`{ ...event, requestId }`) keeps its fields apart.
      const spread = t.fields && !l.derivedBy && !takesRest(fn, l.param);
      const full = l.paramField !== undefined ? fieldOf(l.param, l.paramField, l.without) : spread ? (argTaints[l.param] ?? CLEAN) : flowOf(l.param);
      const given = passedNarrowed(l.without && l.paramField === undefined ? withoutFields(full, l.without) : full, l.narrowedBy);
      if (isClean(given)) continue;
      // Made text, an argument is read before it is reshaped: an error's text is its message, not its other fields.
      const text = l.text && l.paramField === undefined && !l.without && !takesRest(fn, l.param) ? asText(passedNarrowed(argTaints[l.param] ?? CLEAN, l.narrowedBy)) : undefined;
      let passedOn = withStep(text ?? (l.text ? asText(given) : given), { location: callLocation, message: `${passed(l.param, l.paramField)}, ${message}` });
      if (l.thrownAs) passedOn = markThrown(passedOn, l.thrownAs);
      out = union(out, l.derivedBy ? derive(passedOn, l.derivedBy) : passedOn);
    }
    // What a parameter's name says in the callee (`({ fullName })`) gives way to what the caller passed for it.
    out = unionYielding(own, out, atParameter);
    // A Map stays one, its keys marked even when clean: `get` reads its values.
    if (t.fields?.has(MAP_KEYS) && !out.fields?.has(MAP_KEYS)) out = { labels: out.labels, fields: new Map([...(out.fields ?? []), [MAP_KEYS, CLEAN]]) };
    return out;
  };
  // `reporter.setRecipient(phone)`: what the callee stores in a field, the field now holds.
  for (const st of s.stores) {
    const t = substitute(st.taint, 'stored in a field');
    if (!isClean(t)) keepByKey(a, st.key, t);
  }
  // `attachRecipient(event, customer)` writing `event.details.recipient = customer.email`: the caller's
  // `event` holds it now (and `anonymise(record)` overwriting `record.email`, no longer what it had).
  for (const w of s.writes) {
    const arg = args[w.param];
    const path = arg && fieldPath(arg);
    if (!path) continue;
    const at = [...path.fields, ...w.path];
    if (w.drop) dropPath(a, path.root, at, a.eval(path.root));
    else setPath(a, path.root, at, withStep(substitute(w.taint, 'written into it'), { location: callLocation, message: `written into '${textOf(arg)}' by ${fnName}` }), w.add);
  }
  const thrown = substitute(s.throws, 'thrown back');
  // A handler the code does not call itself throws to whoever called it (the framework), not here.
  if (implied?.detached) implied.detached.thrown = thrown;
  else if (!isClean(thrown)) {
    const step = withStep(thrown, { location: callLocation, message: `thrown by ${fnName}` });
    a.throwValue(step);
    // `findAccount(postcode).catch(next)`: an async function's throw rejects the promise it returns.
    if (isPromiseReceiver(call)) a.reject(call, step);
  }
  return withStep(substitute(s.returns, 'returned'), { location: callLocation, message: `returned by ${fnName}` });
}

function before(a: ts.LineAndCharacter, b: ts.LineAndCharacter): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
