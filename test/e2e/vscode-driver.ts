// The "VS Code executable" that @vscode/test-electron's runTests starts (through a small shell
// shim): it serves code-server's bundled VS Code with its own server-main.js, opens the workbench in
// headless Chromium with the extension-test payload, forwards the test output, takes the screenshot
// the in-host suite asks for, and exits with the suite's code. Recipe: ../shared/E2E.md.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { ensureTools, REPO_ROOT } from './setup';

/** Where the suite and the driver meet for the screenshot (both run on this machine). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');
export const SCREENSHOT_REQUEST = path.join(ARTIFACTS, 'e2e-screenshot.request');
export const SCREENSHOT_DONE = path.join(ARTIFACTS, 'e2e-screenshot.done');
export const SCREENSHOT_FILE = path.join(ARTIFACTS, 'e2e-quick-fix.png');

const RUN_TIMEOUT_MS = Number(process.env.PRIVACY_LENS_E2E_TIMEOUT_MS ?? 5 * 60_000);

interface Args {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  folder: string;
}

function parseArgs(argv: string[]): Args {
  let extensionDevelopmentPath = '';
  let extensionTestsPath = '';
  let folder = '';
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath=')) extensionDevelopmentPath = arg.slice('--extensionDevelopmentPath='.length);
    else if (arg.startsWith('--extensionTestsPath=')) extensionTestsPath = arg.slice('--extensionTestsPath='.length);
    else if (!arg.startsWith('-')) folder = arg;
    // Electron-only flags (--no-sandbox, --user-data-dir=…, --disable-updates …) have no meaning here.
  }
  if (!extensionDevelopmentPath || !extensionTestsPath || !folder) {
    throw new Error(`vscode-driver: need --extensionDevelopmentPath=, --extensionTestsPath= and a folder; got ${argv.join(' ')}`);
  }
  return { extensionDevelopmentPath, extensionTestsPath, folder };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const tools = ensureTools();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-e2e-'));
  const dirs = {
    userData: path.join(tmp, 'user-data'),
    extensions: path.join(tmp, 'extensions'),
    serverData: path.join(tmp, 'server-data'),
    xdgConfig: path.join(tmp, 'xdg-config'),
    xdgData: path.join(tmp, 'xdg-data'),
    chrome: path.join(tmp, 'chrome'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // The remote side (where the extension host runs) reads machine settings from the server data.
  fs.mkdirSync(path.join(dirs.serverData, 'data', 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(dirs.serverData, 'data', 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));

  const port = await freePort();
  const server = spawn(
    tools.node24,
    [
      tools.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--server-data-dir', dirs.serverData,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData },
    },
  );
  let serverLog = '';
  server.stdout!.on('data', (d: Buffer) => (serverLog += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (serverLog += d.toString()));

  let browser: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  let stopScreenshots = () => {};
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
    browser = await chromium.launchPersistentContext(dirs.chrome, {
      executablePath: tools.chromium,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
    });
    // The workbench forwards console calls as (level, args): format them as console.log would.
    await page.exposeFunction('codeAutomationLog', (_level: string, message: unknown) =>
      process.stdout.write(`${Array.isArray(message) ? format(...(message as unknown[])) : String(message)}\n`),
    );
    stopScreenshots = serveScreenshots(page);

    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(args.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(args.extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.resolve(args.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.stderr.write(`vscode-driver: no result after ${RUN_TIMEOUT_MS} ms\n`);
        resolve(1);
      }, RUN_TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    if (code !== 0) process.stderr.write(`vscode-driver: tests failed (${code}); server log:\n${serverLog.slice(-4000)}\n`);
    return code;
  } finally {
    stopScreenshots();
    await browser?.close().catch(() => undefined);
    // The server leaves watchers and helper processes behind: end its whole process group.
    try {
      if (server.pid) process.kill(-server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The in-host suite cannot see the workbench's DOM; when it has the editor where it wants it, it
 * writes SCREENSHOT_REQUEST. The driver then waits for the lightbulb, opens the quick-fix menu with
 * Ctrl+., saves the screenshot, closes the menu, and answers with SCREENSHOT_DONE.
 */
function serveScreenshots(page: Page): () => void {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(SCREENSHOT_REQUEST, { force: true });
  fs.rmSync(SCREENSHOT_DONE, { force: true });
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !fs.existsSync(SCREENSHOT_REQUEST)) return;
    busy = true;
    fs.rmSync(SCREENSHOT_REQUEST, { force: true });
    void (async () => {
      let outcome = 'ok';
      try {
        // The lightbulb says the editor has the code actions; Ctrl+. opens the same menu without
        // it, so a missed lightbulb (a slow machine) only costs the wait.
        await page.waitForSelector('[class*="codicon-gutter-lightbulb"]', { timeout: 10_000 }).catch(() => undefined);
        let opened = false;
        for (let attempt = 0; attempt < 3 && !opened; attempt++) {
          await page.keyboard.press('Control+Period');
          opened = await page
            .waitForSelector('.action-widget', { state: 'visible', timeout: 10_000 })
            .then(() => true)
            .catch(() => false);
        }
        if (!opened) throw new Error('the quick-fix menu did not open');
        await page.waitForTimeout(300); // let the menu finish its fade-in animation
        await page.screenshot({ path: SCREENSHOT_FILE });
        await page.keyboard.press('Escape');
      } catch (e) {
        outcome = `failed: ${e instanceof Error ? e.message : String(e)}`;
        await page.screenshot({ path: SCREENSHOT_FILE }).catch(() => undefined);
      }
      fs.writeFileSync(SCREENSHOT_DONE, outcome);
      busy = false;
    })();
  }, 200);
  return () => clearInterval(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.setTimeout(2000, () => req.destroy());
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`vscode-driver: ${url} did not answer 200 within ${timeoutMs} ms`);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`vscode-driver: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
