// Hosts that an SDK is configured with once for the whole project (`Sentry.init({ dsn })`,
// `amplitude.init(key, { serverUrl })`), found from the configuring calls the catalogue names
// (SinkSpec.configuredBy), for that SDK's calls that give no host themselves.

import ts = require('typescript');
import type { SinkSpec } from './types';
import { calleeNames, compileOriginPatterns, type OriginMatcher } from './origin-pattern';
import type { OriginResolver } from './origins';

/** A configured host, or `unknown` (configured from something not constant, or configured differently in different places). */
export type ConfiguredHost<H> = H | 'unknown';

/** What one configuring call says: a host, `unknown` (a host not known statically), or `default` (none given). */
type SiteResult<H> = H | 'unknown' | 'default';

interface CompiledConfig {
  rootKey: string;
  matches: OriginMatcher;
  /** Names the configuring callee can end in, for a text filter before any origin is resolved. */
  names?: ReadonlySet<string>;
  hostFrom: readonly string[];
  zones?: Readonly<Record<string, string>>;
}

export class ConfiguredHosts<H extends { host: string }> {
  private readonly bySpec = new Map<string, CompiledConfig>();
  /** Per spec id, per file: what that file's configuring calls say. Dropped when origins reset. */
  /**
   * Configuring calls found per spec and file, with the SourceFile they were found in: an edited file
   * is a new SourceFile, so its entry is recomputed, while the workspace's other files are not
   * searched again after every edit.
   */
  private readonly sites = new Map<string, Map<string, { sf: ts.SourceFile; found: Array<SiteResult<H>> }>>();

  constructor(
    specs: readonly SinkSpec[],
    private readonly origins: OriginResolver,
    private readonly rootKeyOf: (module?: string, global?: string) => string | undefined,
    /** Where a configuring call's host is: the host, `unknown` when given but not constant, undefined when not given. */
    private readonly hostIn: (call: ts.CallExpression | ts.NewExpression, from: readonly string[], zones?: Readonly<Record<string, string>>) => H | 'unknown' | undefined,
    /** The project's files, when the caller can list them; else only the sink call's own file is searched. */
    private readonly projectFiles?: () => readonly ts.SourceFile[],
  ) {
    for (const spec of specs) {
      const config = spec.configuredBy;
      const rootKey = this.rootKeyOf(spec.module, spec.global);
      if (!config || !rootKey || this.bySpec.has(spec.id)) continue;
      const patterns = config.calls.map((p) => (p === '()' || p.endsWith('/()') ? p : `${p}/()`));
      const nameSets = config.calls.map(calleeNames);
      const names = nameSets.every((n) => n) ? new Set(nameSets.flatMap((n) => [...n!])) : undefined;
      this.bySpec.set(spec.id, { rootKey, matches: compileOriginPatterns(patterns), names, hostFrom: config.hostFrom, zones: spec.zones });
    }
  }

  /**
   * The host configured for `spec` as seen from `call`: the configuring calls of the call's own file
   * if it has any, else those of the whole project. Undefined when nothing configures the SDK or every
   * configuring call leaves the host at its default; `unknown` when they disagree or are not constant.
   */
  of(spec: SinkSpec, call: ts.Node): ConfiguredHost<H> | undefined {
    const config = this.bySpec.get(spec.id);
    if (!config) return undefined;
    const own = call.getSourceFile();
    let results = this.sitesIn(spec.id, config, own);
    if (!results.length && this.projectFiles) {
      results = [];
      for (const sf of this.projectFiles()) if (sf !== own) results.push(...this.sitesIn(spec.id, config, sf));
    }
    return agreed(results);
  }

  private sitesIn(id: string, config: CompiledConfig, sf: ts.SourceFile): Array<SiteResult<H>> {
    let byFile = this.sites.get(id);
    if (!byFile) this.sites.set(id, (byFile = new Map()));
    const cached = byFile.get(sf.fileName);
    if (cached?.sf === sf) return cached.found;
    const found: Array<SiteResult<H>> = [];
    byFile.set(sf.fileName, { sf, found });
    if (config.names && ![...config.names].some((n) => sf.text.includes(n))) return found;
    const visit = (n: ts.Node): void => {
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && this.isConfiguringCall(n, config)) {
        found.push(this.hostIn(n, config.hostFrom, config.zones) ?? 'default');
      }
      ts.forEachChild(n, visit);
    };
    try {
      visit(sf);
    } catch {
      // A file the compiler cannot resolve in places configures nothing we can see.
    }
    return found;
  }

  private isConfiguringCall(call: ts.CallExpression | ts.NewExpression, config: CompiledConfig): boolean {
    if (config.names) {
      const callee = call.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (!name || !config.names.has(name)) return false;
    }
    const origin = this.origins.of(call.expression);
    return !!origin && this.rootKeyOf(origin.root.module, origin.root.global) === config.rootKey && config.matches([...origin.path, '()']);
  }
}

/** One answer from several configuring calls: the same host everywhere, or `unknown`. */
function agreed<H extends { host: string }>(results: ReadonlyArray<SiteResult<H>>): ConfiguredHost<H> | undefined {
  if (!results.length) return undefined;
  const keyOf = (r: SiteResult<H>) => (typeof r === 'string' ? r : `host:${r.host}`);
  const first = keyOf(results[0]);
  if (results.some((r) => keyOf(r) !== first)) return 'unknown';
  const r = results[0];
  return r === 'default' ? undefined : r;
}
