// Recognises sink and sanitiser calls from the catalogue by the callee's origin, and works out a
// sink call's destination: the host it talks to (from its URL argument, a client's `baseURL`, an
// SDK's `host`/`dsn` option, the host the SDK's `init()` configured, or the vendor's default) and
// the region of that host when known. Also tells the origin resolver which callbacks receive SDK
// objects (`Sentry.withScope((scope) => …)`), as the catalogue says.

import ts = require('typescript');
import { Minimatch } from 'minimatch';
import type { Catalogue, Destination, SanitiserSpec, SinkSpec } from './types';
import { calleeNames, compileOriginPatterns, parseOriginPath, type OriginMatcher } from './origin-pattern';
import { moduleName, type CallbackSlot, type Origin, type OriginResolver, type OriginRoot, type PluginParam } from './origins';
import { isNothing } from './origin-syntax';
import type { ConstantEvaluator, ConstString } from './constants';
import { createRegionResolver, mostSpecificFirst, vendorHosts } from './regions';
import { ConfiguredHosts } from './host-config';
import { ConfiguredRedactions } from './logger-config';
import { textOf } from './locations';

export interface SinkMatch {
  spec: SinkSpec;
  origin: Origin;
}

interface CompiledSink {
  spec: SinkSpec;
  matches: OriginMatcher;
  hosts: Array<{ glob: Minimatch; region: string }>;
}

interface CompiledCallbackParam {
  matches: OriginMatcher;
  /** `arg:N` and `option:KEY` slots the callback may be in. */
  slots: ReadonlySet<string>;
  param: number;
  arity?: number;
  path: readonly string[];
}

type FoundHost = ParsedUrl & { literal?: ConstString['literal'] };

interface CompiledSanitiser {
  spec: SanitiserSpec;
  matches?: OriginMatcher;
}

export interface ResolvedDestination extends Destination {
  /** The string literal the host was read from, for the "switch to an in-region host" fix. */
  hostLiteral?: ts.StringLiteralLike | ts.TemplateLiteralLikeNode;
}

export class SinkRecogniser {
  private readonly byRoot = new Map<string, CompiledSink[]>();
  private readonly byId = new Map<string, CompiledSink>();
  /** The method names a root's sink calls end in (`log`, `warn`, `post`…), for calls of a computed member. */
  private readonly methodsByRoot = new Map<string, Set<string>>();
  private readonly sanitiserNames = new Map<string, SanitiserSpec>();
  private readonly sanitisersByRoot = new Map<string, CompiledSanitiser[]>();
  private readonly callbacksByRoot = new Map<string, CompiledCallbackParam[]>();
  private readonly regions: ReturnType<typeof createRegionResolver>;
  private readonly configured: ConfiguredHosts<FoundHost>;
  private readonly redactions: ConfiguredRedactions;

  constructor(
    catalogue: Catalogue,
    private readonly origins: OriginResolver,
    private readonly constants: ConstantEvaluator,
    /** The project's files, for hosts configured in another file than the call (`Sentry.init` in `instrument.ts`). */
    projectFiles?: () => readonly ts.SourceFile[],
  ) {
    let callbackNames: Set<string> | undefined = new Set();
    const factories = new Map<string, OriginRoot>();
    const plugins = new Map<string, PluginParam[]>();
    for (const spec of catalogue.sinks) {
      const key = rootKey(spec.module, spec.global);
      if (!key) continue;
      for (const f of spec.runtimeFactories ?? []) factories.set(f, spec.module ? { module: spec.module } : { global: spec.global });
      for (const pp of spec.pluginParams ?? []) {
        const path = parseOriginPath(pp.is);
        if (typeof path !== 'string') plugins.set(pp.name, [...(plugins.get(pp.name) ?? []), { root: spec.module ? { module: spec.module } : { global: spec.global }, path, within: pp.in }]);
      }
      const hosts = mostSpecificFirst(Object.entries(spec.hosts ?? {}).map(([host, region]) => ({ host, region })));
      const compiled: CompiledSink = {
        spec,
        matches: compileOriginPatterns(spec.calls.map(withCall)),
        hosts: hosts.map(({ host, region }) => ({ glob: new Minimatch(host, { nocase: true }), region })),
      };
      push(this.byRoot, key, compiled);
      const methods = this.methodsByRoot.get(key) ?? new Set<string>();
      for (const p of spec.calls) for (const n of calleeNames(p) ?? []) if (n !== '()') methods.add(n);
      this.methodsByRoot.set(key, methods);
      if (!this.byId.has(spec.id)) this.byId.set(spec.id, compiled);
      for (const cb of spec.callbackParams ?? []) {
        const path = parseOriginPath(cb.is);
        if (typeof path === 'string') continue;
        push(this.callbacksByRoot, key, { matches: compileOriginPatterns(cb.calls.map(withCall)), slots: new Set(cb.callback), param: cb.param ?? 0, arity: cb.arity, path });
        for (const p of cb.calls) {
          const names = calleeNames(p);
          if (!names) callbackNames = undefined;
          else if (callbackNames) for (const n of names) callbackNames.add(n);
        }
      }
    }
    if (factories.size) origins.useFactories(factories);
    if (this.callbacksByRoot.size || plugins.size) {
      origins.useCallbackObjects({ names: callbackNames, plugins, pathOf: (callee, slot, param, arity) => this.callbackObject(callee, slot, param, arity) });
    }
    this.redactions = new ConfiguredRedactions(origins, projectFiles);
    this.configured = new ConfiguredHosts<FoundHost>(catalogue.sinks, origins, rootKey, (call, from, zones) => this.configuringHost(call, from, zones), projectFiles);
    for (const spec of catalogue.sanitisers) {
      for (const n of spec.names ?? []) this.sanitiserNames.set(n.toLowerCase(), spec);
      const key = rootKey(spec.module, undefined);
      if (key && spec.calls?.length) push(this.sanitisersByRoot, key, { spec, matches: compileOriginPatterns(spec.calls.map(withCall)) });
    }
    this.regions = createRegionResolver(catalogue.regions, undefined, vendorHosts(catalogue.sinks));
  }

  /** Roots (module or global names) that some sink hangs off: a cheap filter before resolving. */
  hasRoot(module?: string, global?: string): boolean {
    const key = rootKey(module, global);
    return !!key && (this.byRoot.has(key) || this.sanitisersByRoot.has(key));
  }

  /** The catalogued sink a call reaches; `callee` when the call forwards to it (`log.apply(…)`). */
  sink(call: ts.CallExpression | ts.NewExpression, callee: ts.Expression = call.expression): SinkMatch | undefined {
    if (ts.isElementAccessExpression(callee) && !ts.isStringLiteralLike(callee.argumentExpression)) return this.computedSink(callee);
    const origin = this.origins.of(callee);
    if (!origin) return undefined;
    const candidates = this.byRoot.get(rootKey(origin.root.module, origin.root.global) ?? '');
    if (!candidates) return undefined;
    const path = [...origin.path, '()'];
    for (const c of candidates) if (c.matches(path)) return { spec: c.spec, origin };
    return undefined;
  }

  /** A catalogued SDK's client, just made: `twilio(sid, token)`, `new Twilio()`, `context.getTwilioClient()`. */
  isNewClient(e: ts.Expression): boolean {
    while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return false;
    const origin = this.origins.of(e);
    if (!origin || !this.hasRoot(origin.root.module, origin.root.global)) return false;
    // Made by the call itself (`()`, `Twilio/()`), not fetched through the client (`messages/list/()`).
    return origin.path.length <= 2 && origin.path.indexOf('()') === origin.path.length - 1;
  }

  /**
   * `console[level](msg)`, `super[type](message)`, `client[method](url, body)`: a member chosen at run
   * time is a sink when some method of that object the catalogue names is one.
   */
  private computedSink(callee: ts.ElementAccessExpression): SinkMatch | undefined {
    const origin = this.origins.of(callee.expression);
    const key = origin && rootKey(origin.root.module, origin.root.global);
    const candidates = key ? this.byRoot.get(key) : undefined;
    if (!origin || !candidates) return undefined;
    for (const method of this.methodsByRoot.get(key!) ?? []) {
      const path = [...origin.path, method, '()'];
      for (const c of candidates) if (c.matches(path)) return { spec: c.spec, origin: { ...origin, path: [...origin.path, method] } };
    }
    return undefined;
  }

  /** A catalogued sanitiser: by the callee's last name, or by origin (`crypto.createHash().update().digest()`). */
  sanitiser(call: ts.CallExpression): { spec: SanitiserSpec; origin?: Origin } | undefined {
    const callee = call.expression;
    const last = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const named = last ? this.sanitiserNames.get(last.toLowerCase()) : undefined;
    if (named) return { spec: named };
    if (!this.sanitisersByRoot.size) return undefined;
    const origin = this.origins.of(callee);
    if (!origin) return undefined;
    const candidates = this.sanitisersByRoot.get(rootKey(origin.root.module, origin.root.global) ?? '');
    const path = [...origin.path, '()'];
    for (const c of candidates ?? []) if (c.matches!(path)) return { spec: c.spec, origin };
    return undefined;
  }

  /** The `redact` paths the project configures once for every logger of this sink (nestjs-pino's `LoggerModule`). */
  configuredRedactions(spec: SinkSpec): string[][] {
    return this.redactions.of(spec);
  }

  destination(call: ts.CallExpression | ts.NewExpression, match: SinkMatch): ResolvedDestination {
    const { spec, origin } = match;
    const dest: ResolvedDestination = {
      sinkId: spec.id,
      sinkKind: spec.kind,
      name: spec.name,
      vendor: spec.vendor,
      purpose: spec.purpose,
      callee: textOf(call.expression),
    };
    const given = this.host(call, origin, spec.hostFrom ?? [], spec.zones);
    let found = given === 'unknown' || given === 'relative' ? undefined : given;
    // `new PostHog(key, { host: process.env.POSTHOG_HOST })`: the call names its host, just not one we can read.
    let unknown = given === 'unknown';
    // A client known only by its type (`let instance: PostHog`): its construction, which may set the
    // host, was not seen, so the vendor's default would be a guess.
    if (!found && origin.calls.length === 0 && origin.path.includes('()') && spec.hostFrom?.some((h) => h.startsWith('option:'))) unknown = true;
    if (!found && !unknown && spec.configuredBy) {
      const configured = this.configured.of(spec, call);
      if (configured === 'unknown') unknown = true;
      else found = configured;
    }
    // A host configured from something not constant is unknown: the vendor's default would be a guess.
    const host = found?.host ?? (unknown ? undefined : spec.defaultHost);
    if (host) {
      dest.host = host;
      dest.region = this.regionOf(host, spec);
      if (found?.scheme) dest.scheme = found.scheme;
      // A fix edits the flow's own file: a literal elsewhere (an `init()` in another file) is not offered.
      if (found?.literal && found.literal.getSourceFile() === call.getSourceFile()) dest.hostLiteral = found.literal;
    }
    return dest;
  }

  /** The URL argument expression of a sink call, for wrappers whose URL is a parameter. */
  urlArgument(call: ts.CallExpression | ts.NewExpression, match: SinkMatch): ts.Expression | undefined {
    const arg = (match.spec.hostFrom ?? []).find((h) => h.startsWith('arg:'));
    return arg ? call.arguments?.[Number(arg.slice(4))] : undefined;
  }

  /**
   * `location.href = url`, `window.location = url`, `pixel.src = url` of an `Image`: the browser requests
   * the URL. A navigation by the catalogue's `browser-navigation` sink, only to a known host (a relative
   * URL stays on the app's own site).
   */
  navigation(target: ts.PropertyAccessExpression, value: ts.Expression): ResolvedDestination | undefined {
    const field = target.name.text;
    if (field !== 'href' && field !== 'location' && field !== 'src') return undefined;
    const holder = this.origins.of(target.expression);
    const global = holder?.root.global;
    if (!holder || !global) return undefined;
    const navigates =
      (field === 'href' && global === 'location' && holder.path.length === 0) ||
      (field === 'location' && (global === 'window' || global === 'document') && holder.path.length === 0) ||
      (field === 'src' && global === 'Image' && holder.path.length === 1) ||
      (field === 'src' && global === 'document' && holder.path.join('/') === 'createElement/()' && isImageElement(holder.calls[0]));
    const spec = navigates ? this.byId.get('browser-navigation')?.spec : undefined;
    if (!spec) return undefined;
    const dest: ResolvedDestination = { sinkId: spec.id, sinkKind: spec.kind, name: field === 'src' ? 'image request' : spec.name, callee: textOf(target) };
    return this.withHostFrom(dest, value);
  }

  /** A destination with the host a caller's argument gives it. */
  withHostFrom(dest: ResolvedDestination, expr: ts.Expression): ResolvedDestination | undefined {
    const value = this.constants.evaluate(expr);
    const parsed = value && parseUrl(value);
    if (!parsed) return undefined;
    return { ...dest, host: parsed.host, scheme: parsed.scheme, region: this.regionOf(parsed.host, this.byId.get(dest.sinkId)?.spec), hostLiteral: value.literal };
  }

  regionOf(host: string, spec?: SinkSpec): string | undefined {
    if (spec) {
      for (const h of this.byId.get(spec.id)?.hosts ?? []) if (h.glob.match(host)) return h.region;
    }
    return this.regions.regionOf(host);
  }

  covers(regionOrGroup: string, region: string): boolean {
    return this.regions.covers(regionOrGroup, region);
  }

  /** The object a callback's parameter is, by the catalogue's `callbackParams` (see OriginResolver). */
  private callbackObject(callee: Origin, slot: CallbackSlot, param: number, arity: number): readonly string[] | undefined {
    const candidates = this.callbacksByRoot.get(rootKey(callee.root.module, callee.root.global) ?? '');
    if (!candidates) return undefined;
    const path = [...callee.path, '()'];
    const key = 'arg' in slot ? `arg:${slot.arg}` : `option:${slot.option}`;
    const fits = (c: CompiledCallbackParam) => c.param === param && c.slots.has(key) && c.matches(path);
    // A callback of that many parameters first (an error middleware's `req` is its second).
    return (candidates.find((c) => c.arity === arity && fits(c)) ?? candidates.find((c) => c.arity === undefined && fits(c)))?.path;
  }

  /** The host an SDK's configuring call gives: found, `unknown` when given but not constant, undefined when not given. */
  private configuringHost(call: ts.CallExpression | ts.NewExpression, from: readonly string[], zones?: Readonly<Record<string, string>>): FoundHost | 'unknown' | undefined {
    let given = false;
    for (const source of from) {
      const [kind, what] = source.split(':', 2);
      const exprs: ts.Expression[] = [];
      if (kind === 'zone') {
        const zoned = this.zoneHost([call], what, zones);
        if (zoned) return zoned;
        continue;
      }
      if (kind === 'arg') {
        const arg = call.arguments?.[Number(what)];
        if (arg) exprs.push(arg);
      } else if (kind === 'option') {
        for (const arg of call.arguments ?? []) {
          const e = this.optionExpression(arg, what);
          if (e) exprs.push(e);
        }
      }
      for (const e of exprs) {
        given = true;
        const value = this.constants.evaluate(e);
        const parsed = value && parseUrl(value);
        if (parsed) return { ...parsed, literal: value.literal };
      }
    }
    return given ? 'unknown' : undefined;
  }

  /**
   * Whether a request without a known host goes to the page's own origin: its URL, or its client's
   * base URL, is a path (`fetch('/api/contacts')`, `axios.create({ baseURL: '/api' })`). The app's own
   * back-end is not a third party, whatever the data.
   */
  sameOrigin(call: ts.CallExpression | ts.NewExpression, match: SinkMatch): boolean {
    return match.spec.kind === 'transfer' && this.host(call, match.origin, match.spec.hostFrom ?? [], match.spec.zones) === 'relative';
  }

  /** Whether a URL argument a caller gives a wrapper is a path on the page's own origin. */
  isRelativeUrl(expr: ts.Expression): boolean {
    const value = this.constants.evaluate(expr);
    return !!value && isRelative(value.text);
  }

  /**
   * The host the call or its client's construction names; 'unknown' when it names one we cannot read;
   * 'relative' when all it names is a path on the page's own origin.
   */
  private host(call: ts.CallExpression | ts.NewExpression, origin: Origin, from: readonly string[], zones?: Readonly<Record<string, string>>): FoundHost | 'unknown' | 'relative' | undefined {
    const calls = [call, ...origin.calls];
    let dynamic = false;
    let relative = false;
    // A client known only by its type (`request: AxiosInstance`) may have been built with any base URL
    // (Angular's HttpClient has none to be built with).
    const unseen = origin.calls.length === 0 && origin.path.includes('()') && from.some((h) => h.startsWith('option:'));
    for (const source of from) {
      const [kind, what] = source.split(':', 2);
      if (kind === 'zone') {
        const zoned = this.zoneHost(calls, what, zones);
        if (zoned === 'unknown') dynamic = true;
        else if (zoned) return zoned;
      } else if (kind === 'arg') {
        // The call's own argument, or the one of the call that made its request (`superagent.post(url).send(data)`, `new Pool(url).request(…)`).
        for (const c of calls) {
          const arg = c.arguments?.[Number(what)];
          const value = arg && this.constants.evaluate(arg);
          const parsed = value && parseUrl(value);
          if (parsed) return { ...parsed, literal: value.literal };
          if (value && isRelative(value.text)) relative = true;
        }
      } else if (kind === 'option') {
        for (const c of calls) {
          for (const arg of c.arguments ?? []) {
            const e = this.optionExpression(arg, what);
            if (!e || isNothing(e)) continue;
            const value = this.constants.evaluate(e);
            const parsed = value && parseUrl(value);
            if (parsed) return { ...parsed, literal: value.literal };
            if (value && isRelative(value.text)) relative = true;
            else dynamic = true;
          }
        }
      }
    }
    return dynamic ? 'unknown' : relative && !unseen ? 'relative' : undefined;
  }

  /**
   * `{ serverZone: 'EU' }`, `{ region: RegionEU }`: the host the catalogue's `zones` give that value
   * (a string, or the name of the constant passed); 'unknown' for a value it does not list.
   */
  private zoneHost(calls: ReadonlyArray<ts.CallExpression | ts.NewExpression>, key: string, zones: Readonly<Record<string, string>> | undefined): FoundHost | 'unknown' | undefined {
    if (!zones) return undefined;
    for (const c of calls) {
      for (const arg of c.arguments ?? []) {
        const e = this.optionExpression(arg, key);
        if (!e || isNothing(e)) continue;
        const known = this.constants.evaluate(e);
        const value = known?.complete ? known.text : undefined;
        const token = value ?? (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined);
        // `'*': '{}.amazonaws.com'`: any region written out names its own host.
        const any = value !== undefined && /^[a-z0-9-]+$/.test(value) ? zones['*']?.replace('{}', value) : undefined;
        const host = token !== undefined ? (zones[token] ?? zones[token.toUpperCase()] ?? any) : undefined;
        return host ? { host } : 'unknown';
      }
    }
    return undefined;
  }

  /** The expression given for property `key` of an object-literal argument (or a `const` holding one). */
  private optionExpression(arg: ts.Expression, key: string): ts.Expression | undefined {
    let obj: ts.Expression = arg;
    if (ts.isIdentifier(obj)) {
      const decl = this.origins.declarationOf(obj);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) obj = decl.initializer;
    }
    if (!ts.isObjectLiteralExpression(obj)) return undefined;
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p) && propName(p.name) === key) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
    }
    return undefined;
  }
}

interface ParsedUrl {
  host: string;
  scheme?: string;
}

/**
 * The host of a URL, a DSN (`https://key@o1.ingest.de.sentry.io/1`) or a bare host name. A partly
 * known URL counts only when its host is complete (followed by `/`, `:`, `?` or `#`).
 */
export function parseUrl(value: { text: string; complete: boolean }): ParsedUrl | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):)?\/\/(?:[^@/?#]*@)?([^/:?#\s]+)([/:?#])?/i.exec(value.text);
  if (m) {
    if (!value.complete && !m[3]) return undefined;
    return { host: m[2].toLowerCase(), scheme: m[1]?.toLowerCase() };
  }
  if (value.complete && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(value.text) && /[a-z]/i.test(value.text.split('.').pop()!)) {
    return { host: value.text.toLowerCase() };
  }
  return undefined;
}

/**
 * `/api/contacts`, `./upload`, `../x`, `external-transfer/add`: a path on the current origin (not
 * `//cdn.example.com`, nor `api.example.com/x`, whose first segment is a host).
 */
function isRelative(url: string): boolean {
  return /^(?:\/(?!\/)|\.\.?\/|[\w-]+\/)/.test(url);
}

function rootKey(module: string | undefined, global: string | undefined): string | undefined {
  if (module) return `m:${moduleName(module)}`;
  if (global) return `g:${global.replace(/^(?:window|globalThis|self|global)\./, '')}`;
  return undefined;
}

/** Patterns match the call's path; a pattern without a final `()` gets one (see SinkSpec). */
function withCall(pattern: string): string {
  return pattern === '()' || pattern.endsWith('/()') ? pattern : `${pattern}/()`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function propName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

/** `document.createElement('img')`. */
function isImageElement(call: ts.CallExpression | ts.NewExpression | undefined): boolean {
  const tag = call?.arguments?.[0];
  return !!tag && ts.isStringLiteralLike(tag) && tag.text.toLowerCase() === 'img';
}
