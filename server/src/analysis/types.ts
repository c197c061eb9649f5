// The engine's vocabulary: catalogues it reads (categories, names, sinks, sanitisers, regions) and
// the flows it produces. Everything here is plain data, so that the policy layer, the CLI and the
// language server can share it without knowing the TypeScript compiler.

/** A position in a file: 0-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A range in a named file. `file` is an absolute path with forward slashes. */
export interface Location {
  file: string;
  range: Range;
}

// ---------------------------------------------------------------------------------------------
// Catalogues (rules/*.yaml, validated by rules/schemas/*.json)

/** One data category of the taxonomy (rules/taxonomy.yaml), e.g. `user.contact.email`. */
export interface CategoryInfo {
  id: string;
  title: string;
  /** Special categories (GDPR art. 9 and national ids, card numbers): packs often single them out. */
  special?: boolean;
}

/**
 * One rule of the name classifier (rules/names.yaml). A declaration's name is split into lower-case
 * words joined by `_` (`emailAddress` → `email_address`, `PHONE_NO` → `phone_no`) before matching.
 */
export interface NameRule {
  category: string;
  /** Regular expressions (source text, matched against the whole normalised name). */
  patterns: string[];
  /**
   * Only personal data when the name sits in a person-like context (the enclosing type, object or
   * variable name matches `personContext` of the catalogue): `name` in `Customer`, not in `Product`.
   */
  needsPersonContext?: boolean;
  /**
   * Only personal data inside a container whose head noun matches this regular expression (instead
   * of `personContext`): `to` in `EmailOptions` is a recipient's address, in `DateRange` it is not.
   */
  context?: string;
  /**
   * Not personal data inside a container matching this regular expression: a `password` in
   * `DatabaseOptions` is a service's secret, not a person's.
   */
  notInContext?: string;
  /**
   * Patterns match the name as written, case and all, instead of its normalised words: Twilio's
   * webhook parameters `From` and `Body` are recognisable by their capitals.
   */
  asWritten?: boolean;
  /** Declared-type kinds the field may have; default string-like, object or unknown. */
  types?: Array<'string' | 'number' | 'object' | 'any'>;
}

export interface NameCatalogue {
  rules: NameRule[];
  /** Normalised names that are never personal data whatever a rule says (`*_id`, `*_count`, `is_*`). */
  exclude: string[];
  /** Normalised names that are not personal data unless declared as a string (`lookup_email: string` holds an address). */
  excludeUnlessString?: string[];
  /** Regular expression over the normalised enclosing name that makes a context person-like. */
  personContext: string;
  /** Regular expression over a whole normalised name that reads as one person's record (`customer`). */
  personRecord?: string;
}

export type SinkKind = 'log' | 'third-party' | 'transfer';

export type Purpose =
  | 'advertising'
  | 'marketing'
  | 'analytics'
  | 'error-monitoring'
  | 'messaging'
  | 'email'
  | 'crm'
  | 'payments'
  | 'support'
  | 'search'
  | 'ai'
  | 'storage'
  | 'identity';

/**
 * One sink of the catalogue (rules/sinks/*.yaml).
 *
 * A callee is recognised by its *origin path*: where the called value comes from, as a root (an
 * imported module or a global) followed by segments. `import pino from 'pino'; pino().child().info`
 * has root module `pino` and path `()/child/()/info`; `new Analytics(...)` counts as a call `()`,
 * a default import or `require()` is the module itself, and `import { A } from 'm'` is `m` then `A`.
 * `calls` are patterns over the path of the call itself (the callee's path plus a final `()`):
 * segments separated by `/`, `**` for any number of segments, `*` for one, `{a,b}` for alternatives,
 * `()` for a call. A pattern that does not end in `()` gets one: `()/info` matches `pino().info(x)`,
 * `()` matches `fetch(url)` (root global `fetch`), `()/()` matches `debug('ns')(msg)` but not `debug('ns')`.
 */
export interface SinkSpec {
  id: string;
  kind: SinkKind;
  /** The module specifier that roots the path (`pino`, `@sentry/node`, `node:https` and `https` alike). */
  module?: string;
  /** Or a global name that roots it (`console`, `fetch`, `navigator`, `gtag`, `dataLayer`, `window.dataLayer`). */
  global?: string;
  /** Other modules with the same API (`@sentry/remix`): each a copy of this sink, id `<id>-<module>`. */
  alsoModules?: string[];
  /** Methods of a runtime-injected object that return this SDK's client (`context.getTwilioClient()`). */
  runtimeFactories?: string[];
  calls: string[];
  /** Human name: the logger (`pino`), the vendor (`Segment`), the client (`axios`). */
  name: string;
  /** For third-party sinks. */
  vendor?: string;
  purpose?: Purpose;
  /** Argument indexes that carry data out; default all. */
  dataArgs?: number[];
  /**
   * Request-logging middleware (`morgan('combined')`): the argument at this index is a log format,
   * and the request fields its tokens name are written with every request.
   */
  requestFormat?: number;
  /**
   * A framework whose logger writes each request's client address (Fastify's "incoming request"),
   * when option `enabledBy` of the call's first argument turns it on and `disabledBy` does not turn it off.
   */
  logsRequests?: { enabledBy: string; disabledBy?: string };
  /**
   * How to find the destination host, for transfers and for vendors with regional hosts:
   * `arg:N` a URL (or host) in argument N of the sink call; `option:KEY` a string property KEY in an
   * object literal passed to the sink call or to any call along its origin path (e.g. `baseURL` of
   * `axios.create`, `host` of `Mixpanel.init(token, { host })`). A host that an init call sets once
   * for the whole SDK (`Sentry.init({ dsn })`) is `configuredBy`.
   */
  hostFrom?: string[];
  /** Host the vendor's SDK talks to when none is configured. */
  defaultHost?: string;
  /**
   * Only a URL whose host is known counts: a navigation or a redirect to a relative path stays on the
   * app's own site (`location.assign('/login')`, `res.redirect('/dashboard')`).
   */
  absoluteOnly?: boolean;
  /**
   * For `zone:KEY` in `hostFrom`: the host each value of that option selects (`serverZone: 'EU'`,
   * `region: RegionEU`: a string's value, or a constant's name). Key `*` stands for any value written
   * as a string, put in place of `{}` in the host (`'{}.amazonaws.com'` for the AWS SDK's `region`).
   */
  zones?: Record<string, string>;
  /** The vendor's known hosts and the region each serves (minimatch globs allowed). */
  hosts?: Record<string, string>;
  /** Callbacks whose parameters are this SDK's objects (`Sentry.withScope((scope) => …)`). */
  callbackParams?: CallbackParamSpec[];
  /**
   * A plugin convention: the untyped first parameter of a function, by this name, is the object at
   * `is` (`module.exports = async function (fastify, opts)`: Fastify's autoloaded plugins); with `in`,
   * only of a function or method of that name (a Hapi plugin's `register(server, options)`).
   */
  pluginParams?: Array<{ name: string; is: string; in?: string }>;
  /**
   * The call that configures the SDK's host for the whole project (`Sentry.init({ dsn })`,
   * `amplitude.init(key, { serverUrl })`): used for this sink's calls that give no host themselves.
   */
  configuredBy?: HostConfigSpec;
  /**
   * A logger whose `redact` paths are set once for the project (nestjs-pino's
   * `LoggerModule.forRoot({ pinoHttp: { redact } })`, `Fastify({ logger: { redact } })`): `calls` are
   * origin patterns of the configuring call (`LoggerModule/forRoot/()`), `option` the key of its first
   * argument that holds the logger's own options.
   */
  redactIn?: { calls: string[]; option: string };
}

/**
 * A callback parameter that is an SDK object: in a call matching `calls` (patterns over the path of
 * the call, under the sink's root, as in `SinkSpec.calls`), the function given `callback` (`arg:N`, or
 * `option:KEY` for a property of an object-literal argument) receives as its parameter `param` the
 * object at origin path `is` (`getCurrentScope/()`, literal segments and `()` only), so that calls on
 * it match the sink's `calls` as if the program had fetched that object itself.
 */
export interface CallbackParamSpec {
  calls: string[];
  callback: string[];
  /** The parameter's index; default 0. */
  param?: number;
  /** Only a callback with exactly this many parameters (Express's error middleware, `(err, req, res, next)`). */
  arity?: number;
  is: string;
}

/**
 * Calls (patterns as in `SinkSpec.calls`) that configure an SDK once for the project, and where the
 * host is in them: `arg:N` or `option:KEY` of the configuring call itself.
 */
export interface HostConfigSpec {
  calls: string[];
  hostFrom: string[];
}

/** A sanitiser (rules/sanitisers.yaml or config): a call whose result is no longer the raw data. */
export interface SanitiserSpec {
  /** Function or method names (`redact`, `maskEmail`), matched on the callee's last name segment. */
  names?: string[];
  /** Or an origin-path rule like a sink's (e.g. module `crypto`, calls `createHash/()/update/()/digest`). */
  module?: string;
  calls?: string[];
  /** `hash` and `pseudonymise` keep the fact that the value derives from personal data. */
  effect: 'redact' | 'mask' | 'hash' | 'pseudonymise' | 'anonymise' | 'encrypt';
}

/** Where hosts are (rules/regions.yaml): minimatch globs over host names → region code. */
export interface RegionCatalogue {
  /** Region groups: `EU` → member country codes. A rule naming `EU` covers `DE`, `IE`, … */
  groups: Record<string, string[]>;
  /** Host globs → region code (`*.eu-central-1.amazonaws.com` → `DE`), checked in order. */
  hosts: Array<{ host: string; region: string }>;
}

/**
 * A project's own source rule (from the config): a declaration path `Type.field` (`Lead.contactInfo`)
 * or a name pattern (regular expression over the normalised name), with the category it carries.
 */
export interface SourceRule {
  field?: string;
  name?: string;
  category: string;
}

/** Everything the engine needs to recognise sources, sinks and sanitisers. Immutable once built. */
export interface Catalogue {
  categories: Map<string, CategoryInfo>;
  /** Project source rules, checked before tags' absence and the name classifier. */
  sources: SourceRule[];
  names: NameCatalogue;
  sinks: SinkSpec[];
  sanitisers: SanitiserSpec[];
  regions: RegionCatalogue;
}

// ---------------------------------------------------------------------------------------------
// Flows: the engine's output, before any policy has judged them.

/** Why a value is personal data. */
export interface SourceReason {
  kind: 'tag' | 'name' | 'config' | 'type';
  /** One phrase: "tagged @pii user.contact.email on Customer.email", "field name 'phoneNumber'". */
  detail: string;
  /** The declaration that makes it so. */
  location?: Location;
}

export interface FlowStep {
  location: Location;
  /** What happens at this step: "'email' is read from 'customer.email'", "passed to 'audit' as 'msg'". */
  message: string;
}

/** What a sanitiser did to the data on the way, if anything. */
export type Derivation = 'hash' | 'pseudonymise' | 'encrypt';

/** One category of personal data reaching a sink, with its own path. */
export interface FlowData {
  category: string;
  reason: SourceReason;
  /** Set when the value passed through a hash / pseudonymiser / cipher: still derived from this category. */
  derivedBy?: Derivation;
  /** The path from the source to the sink argument, in order. */
  steps: FlowStep[];
  /** Text of the expression that carries the data at the sink: "customer.email". */
  expression: string;
}

export interface Destination {
  sinkId: string;
  sinkKind: SinkKind;
  /** The logger, vendor or client name. */
  name: string;
  vendor?: string;
  purpose?: Purpose;
  /** The host, when the engine could resolve it. */
  host?: string;
  /** The region code of the host, only when known: never guessed. */
  region?: string;
  /** The URL scheme when a URL was resolved (`http`, `https`). */
  scheme?: string;
  /** Text of the callee, e.g. "logger.info". */
  callee: string;
}

/** Personal data reaching a sink call. Policies turn flows into findings. */
export interface Flow {
  /** The sink call: where a finding is reported (its callee; in a chain over several lines, the called method's line). */
  location: Location;
  destination: Destination;
  data: FlowData[];
  /** The argument expressions that carry data, for fixes ("wrap in sanitiser", "drop the field"). */
  arguments: Array<{ range: Range; text: string; categories: string[] }>;
  /**
   * `// privacy-lens-ignore <rule-id>: <reason>` comments on the sink's line or the line above it.
   * A comment without a reason is kept with `reason: ''`; the policy layer reports it instead of honouring it.
   */
  suppressions?: Array<{ ruleId: string; reason: string; location: Location }>;
}

/** A problem the engine met on the way (unparsable file, file too large): reported, never thrown. */
export interface Problem {
  file: string;
  range?: Range;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** Texts that would fix it, each replacing `range` (a misspelt `@pii` category): the editor offers them as quick fixes. */
  replacements?: string[];
}

/** A plain text edit, computed by the engine; the LSP layer only converts it. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes keep behaviour; unsafe ones change what the program sends (dropping a field). */
  safe: boolean;
  isPreferred?: boolean;
  edits: TextEdit[];
}
