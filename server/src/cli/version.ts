// The tool's name, version and home page, read once from the package's own package.json so that
// `--version`, the JSON report and SARIF's tool.driver never disagree.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

/** Used when package.json carries no `homepage`. */
const FALLBACK_URI = 'https://github.com/privacy-lens/privacy-lens';

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached) return cached;
  // server/out/cli/version.js → the package root three folders up.
  const file = path.join(__dirname, '..', '..', '..', 'package.json');
  let version = '0.0.0';
  let informationUri = FALLBACK_URI;
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string; homepage?: string };
    if (typeof pkg.version === 'string') version = pkg.version;
    if (typeof pkg.homepage === 'string') informationUri = pkg.homepage;
  } catch {
    // A broken install still scans; it only reports an unknown version.
  }
  cached = { name: 'Privacy Lens', version, informationUri };
  return cached;
}
