// Runs the real `privacy-lens` CLI as a child process, and writes small temporary projects for it
// to scan: the CLI tests exercise exactly what a user or CI runs.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** test/out/support → the repository root. */
export const REPO_ROOT = path.join(__dirname, '..', '..', '..');
export const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    // NO_COLOR so that output compares as plain text even if a test runner gives the child a TTY.
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `files` (relative path → text) under a new temporary folder and returns the folder. */
export function tempProject(files: Record<string, string>, prefix = 'privacy-lens-cli-'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

export function removeProject(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** The text on stdout parsed as JSON, with the CLI's stderr in the error when it is not JSON. */
export function parseJsonOutput<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`);
  }
}
