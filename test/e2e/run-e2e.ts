// `npm run test:e2e`: the extension in a real VS Code. Prepares the tools (setup.ts), a scratch copy
// of the fixture workspace, and a shell shim that stands in for the VS Code executable, then runs
// the in-host suite through @vscode/test-electron's standard runTests entry point.
//
//   node test/out/e2e/run-e2e.js [--vsix privacy-lens.vsix]
//
// With --vsix the suite runs against the packaged extension as VS Code's own installer unpacks it
// (no node_modules anywhere above it) instead of the checkout.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ensureTools, REPO_ROOT, serverMainPath } from './setup';

async function main(): Promise<number> {
  const tools = ensureTools();
  const vsixAt = process.argv.indexOf('--vsix');
  const vsix = vsixAt >= 0 ? path.resolve(process.argv[vsixAt + 1] ?? '') : undefined;
  const bundle = path.join(REPO_ROOT, 'client', 'out', 'bundle', 'extension.js');
  if (!vsix && !fs.existsSync(bundle)) throw new Error(`run-e2e: ${bundle} is missing; run 'npm run bundle' first (npm run test:e2e does)`);

  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-e2e-ws-')));
  const extension = vsix ? installVsix(vsix, scratch, tools.node24) : REPO_ROOT;
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp-workspace'), workspace, { recursive: true });
  const shim = path.join(scratch, 'code');
  const driver = path.join(__dirname, 'vscode-driver.js');
  fs.writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${driver}" "$@"\n`, { mode: 0o755 });

  try {
    return await runTests({
      vscodeExecutablePath: shim,
      extensionDevelopmentPath: extension,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace],
    });
  } catch (e) {
    process.stderr.write(`run-e2e: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Install the .vsix with code-server's own installer into a scratch folder; returns the installed extension. */
function installVsix(vsix: string, scratch: string, node24: string): string {
  if (!fs.existsSync(vsix)) throw new Error(`run-e2e: ${vsix} not found; run 'npm run package' first`);
  const extensionsDir = path.join(scratch, 'installed');
  const entry = path.join(path.dirname(serverMainPath()), '..', '..', '..', 'out', 'node', 'entry.js');
  const result = spawnSync(node24, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'install-data'), '--install-extension', vsix], {
    stdio: 'inherit',
    env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'), XDG_DATA_HOME: path.join(scratch, 'xdg-data') },
  });
  if (result.status !== 0) throw new Error(`run-e2e: installing ${vsix} failed (${result.status})`);
  const installed = fs.readdirSync(extensionsDir).find((name) => name.startsWith('privacy-lens.privacy-lens-'));
  if (!installed) throw new Error(`run-e2e: ${vsix} installed nothing into ${extensionsDir}`);
  const dir = path.join(extensionsDir, installed);
  if (fs.existsSync(path.join(dir, 'node_modules'))) throw new Error('run-e2e: the packaged extension carries node_modules');
  process.stderr.write(`run-e2e: testing the installed package at ${dir}\n`);
  return dir;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`run-e2e: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
