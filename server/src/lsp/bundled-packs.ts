// Where the server's own data lives (the `rules/` folder beside the compiled or bundled server) and
// which policy packs ship in it, for the "choose policy packs" command.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { BundledPackInfo } from './protocol';

let rulesDirCache: string | undefined;

/**
 * The `rules/` folder: found by walking up from this file, because the server runs from
 * `server/out/lsp/` in a checkout and from a bundle elsewhere in the packaged extension.
 */
export function rulesDir(): string | undefined {
  if (rulesDirCache) return rulesDirCache;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'rules');
    if (fs.existsSync(path.join(candidate, 'policies'))) return (rulesDirCache = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function listBundledPacks(): BundledPackInfo[] {
  const dir = rulesDir();
  if (!dir) return [];
  const out: BundledPackInfo[] = [];
  for (const name of safeReaddir(path.join(dir, 'policies')).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    try {
      const doc = parse(fs.readFileSync(path.join(dir, 'policies', name), 'utf8')) as { policy?: Record<string, unknown> };
      const policy = doc?.policy ?? {};
      out.push({
        id: typeof policy.id === 'string' ? policy.id : name.replace(/\.ya?ml$/, ''),
        title: typeof policy.title === 'string' ? policy.title : name,
        company: typeof policy.company === 'string' ? policy.company : '',
      });
    } catch {
      // A broken bundled pack is reported by the rule set when someone selects it; the list skips it.
    }
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
