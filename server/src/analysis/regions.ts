// Where hosts are: host → region code by the region catalogue (and the project's own host map, which
// wins), then by the vendors' hosts of the sink catalogue; whether a region code or group covers
// another; and the host part of a URL. An unknown host has no region: it is never guessed from a
// country-code TLD or anything else.

import { Minimatch } from 'minimatch';
import type { RegionCatalogue, SinkSpec } from './types';

export interface RegionResolver {
  /** The region code of a host (`api.eu.example.com`, `x.ap-south-1.amazonaws.com:443`), or undefined. */
  regionOf(host: string): string | undefined;
  /**
   * Whether `regionOrGroup` covers `region`: the same code, a group containing it (`EU` covers `DE`),
   * or a group containing every member of a group (`EEA` covers `EU`). Case-insensitive.
   */
  covers(regionOrGroup: string, region: string): boolean;
}

interface CompiledHost {
  glob: Minimatch;
  region: string;
}

export function createRegionResolver(
  regions: RegionCatalogue,
  extra?: ReadonlyArray<{ host: string; region: string }>,
  /** Hosts known from elsewhere (the vendors' hosts: `vendorHosts`), checked after the catalogue. */
  fallback?: ReadonlyArray<{ host: string; region: string }>,
): RegionResolver {
  // The project's map comes first so that it can override the built-in catalogue.
  const hosts: CompiledHost[] = [...(extra ?? []), ...regions.hosts, ...(fallback ?? [])].map((h) => ({
    glob: new Minimatch(normaliseHost(h.host), { nocase: true, dot: true, nonegate: true, nocomment: true }),
    region: h.region,
  }));
  const known = new Map<string, string | undefined>();
  const groups = new Map<string, string[]>();
  for (const [name, members] of Object.entries(regions.groups)) groups.set(name.toUpperCase(), members.map((m) => m.toUpperCase()));

  const expansions = new Map<string, ReadonlySet<string>>();
  const expand = (code: string): ReadonlySet<string> => {
    const key = code.toUpperCase();
    let done = expansions.get(key);
    if (!done) {
      const out = new Set<string>();
      const visit = (c: string, seen: Set<string>) => {
        const members = groups.get(c);
        if (!members) {
          out.add(c);
          return;
        }
        // A group may name other groups (EEA = EU + IS, LI, NO); a cycle is cut, not followed.
        if (seen.has(c)) return;
        seen.add(c);
        for (const m of members) visit(m, seen);
      };
      visit(key, new Set());
      done = out;
      expansions.set(key, done);
    }
    return done;
  };

  return {
    regionOf(host) {
      const h = normaliseHost(host);
      if (h === '') return undefined;
      // A project asks about the same few hosts thousands of times; each answer is a scan of globs.
      if (known.has(h)) return known.get(h);
      const region = hosts.find((c) => c.glob.match(h))?.region;
      if (known.size < 10_000) known.set(h, region);
      return region;
    },
    covers(regionOrGroup, region) {
      if (regionOrGroup.toUpperCase() === region.toUpperCase()) return true;
      const outer = expand(regionOrGroup);
      const inner = expand(region);
      if (inner.size === 0) return false;
      for (const c of inner) if (!outer.has(c)) return false;
      return true;
    },
  };
}

/**
 * The hosts that the sink catalogue's vendors document (`api.eu.intercom.io` → EU), most specific
 * first: a plain HTTP call to a vendor's regional host is as much in that region as its SDK's call.
 * The data stays in rules/sinks/*.yaml; this only reads it.
 */
export function vendorHosts(sinks: readonly SinkSpec[]): Array<{ host: string; region: string }> {
  const seen = new Set<string>();
  const out: Array<{ host: string; region: string }> = [];
  for (const spec of sinks) {
    for (const [host, region] of Object.entries(spec.hosts ?? {})) {
      const key = `${host.toLowerCase()}|${region}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ host, region });
    }
  }
  return mostSpecificFirst(out);
}

/**
 * Host globs ordered so that a specific entry wins over a broad one whatever the order they were
 * written in: exact names first, then globs by how many literal characters they pin (stable
 * otherwise). `ap1.datadoghq.com` must not be swallowed by `*.datadoghq.com`.
 */
export function mostSpecificFirst<T extends { host: string }>(hosts: readonly T[]): T[] {
  const weight = (h: string) => (/[*?[\]{}]/.test(h) ? h.replace(/[*?[\]{},]/g, '').length : Number.MAX_SAFE_INTEGER);
  return hosts
    .map((h, i) => ({ h, i, w: weight(h.host) }))
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .map((x) => x.h);
}

/** Lower case, without a port, a trailing dot or IPv6 brackets. */
function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(1, end) : h;
  }
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && /^\d*$/.test(h.slice(colon + 1)) && h.indexOf(':') === colon) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?$/i;
const IPV6 = /^[0-9a-f:.]+$/i;

/**
 * The host of a URL: `https://api.x.com/v1` → `api.x.com` (scheme `https`), `//x.com/p` → `x.com`, a
 * bare host (`api.x.com`, `api.x.com:8443/v1`) → itself. A relative URL (`/path`, `./x`, `?q=1`), a
 * non-network scheme (`mailto:`, `data:`) or text that is not a host name gives undefined.
 */
export function hostOfUrl(url: string): { host: string; scheme?: string } | undefined {
  const text = url.trim();
  let scheme: string | undefined;
  let rest: string;
  const withScheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(text);
  if (withScheme) {
    scheme = withScheme[1].toLowerCase();
    rest = withScheme[2];
  } else if (text.startsWith('//')) {
    rest = text.slice(2);
  } else if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) || /^[/.?#]/.test(text) || text === '') {
    // `mailto:x`, `data:…`, or a path relative to the current origin.
    return undefined;
  } else {
    rest = text;
    // A bare word without a dot is more likely a path segment than a host, except localhost.
    const first = rest.split(/[/?#:]/, 1)[0];
    if (!first.includes('.') && first.toLowerCase() !== 'localhost') return undefined;
  }
  let authority = rest.split(/[/?#]/, 1)[0];
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host: string;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return undefined;
    host = authority.slice(1, end);
    if (!IPV6.test(host)) return undefined;
  } else {
    const colon = authority.indexOf(':');
    host = colon >= 0 ? authority.slice(0, colon) : authority;
    if (colon >= 0 && !/^\d*$/.test(authority.slice(colon + 1))) return undefined;
    if (!HOST.test(host)) return undefined;
  }
  host = host.toLowerCase().replace(/\.$/, '');
  if (host === '') return undefined;
  return scheme ? { host, scheme } : { host };
}
