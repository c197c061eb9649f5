// Reviewed snapshots: a whole output (CLI text, SARIF, an LSP conversation) is compared with
// test/snapshots/<name>.snap. UPDATE_SNAPSHOTS=1 rewrites the file for review in the diff; otherwise
// a mismatch fails with a readable line diff. A missing snapshot is written on a developer's
// machine (and the test says so) but fails under CI, where nobody would review it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** test/out/support/snapshot.js → test/snapshots. */
export const SNAPSHOT_DIR = path.join(__dirname, '..', '..', 'snapshots');

export function matchSnapshot(name: string, actual: string): void {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`snapshot name '${name}' must be a plain file name`);
  const file = path.join(SNAPSHOT_DIR, `${name}.snap`);
  const update = process.env.UPDATE_SNAPSHOTS === '1';
  const exists = fs.existsSync(file);
  if (update || (!exists && !process.env.CI)) {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    if (!update) process.stderr.write(`snapshot written: ${path.relative(process.cwd(), file)} (review it)\n`);
    return;
  }
  if (!exists) {
    assert.fail(`no snapshot ${path.relative(process.cwd(), file)}: run the tests with UPDATE_SNAPSHOTS=1 and review the new file`);
  }
  const expected = fs.readFileSync(file, 'utf8');
  if (expected === actual) return;
  assert.fail(`snapshot ${name} differs (- expected, + actual; UPDATE_SNAPSHOTS=1 accepts the new output):\n${lineDiff(expected, actual)}`);
}

/** Context lines shown around each change. */
const CONTEXT = 3;

/**
 * A unified-style diff of two texts by longest common subsequence of lines. Snapshots are small
 * (hundreds of lines), so the quadratic table is fine; beyond that, compare from the first change.
 */
export function lineDiff(expected: string, actual: string): string {
  let a = expected.split('\n');
  let b = actual.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const head = a.slice(Math.max(0, prefix - CONTEXT), prefix).map((line) => `  ${line}`);
  const tail = a.slice(a.length - suffix, Math.min(a.length, a.length - suffix + CONTEXT)).map((line) => `  ${line}`);
  a = a.slice(prefix, a.length - suffix);
  b = b.slice(prefix, b.length - suffix);
  const body = a.length * b.length > 4_000_000 ? [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)] : lcsDiff(a, b);
  const marker = `@@ line ${prefix + 1} @@`;
  return [marker, ...head, ...collapse(body), ...tail].join('\n');
}

function lcsDiff(a: string[], b: string[]): string[] {
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i === a.length || table[i][j + 1] > table[i + 1][j])) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }
  return out;
}

/** Long runs of unchanged lines inside the changed region are elided to keep the failure readable. */
function collapse(lines: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > CONTEXT * 2 + 1) out.push(...run.slice(0, CONTEXT), `  … ${run.length - CONTEXT * 2} unchanged lines`, ...run.slice(-CONTEXT));
    else out.push(...run);
    run = [];
  };
  for (const line of lines) {
    if (line.startsWith('  ')) run.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out;
}
