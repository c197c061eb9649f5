// The whole-repo benchmark (`npm run bench`): on generated projects of several sizes and on real
// corpora, runs `tsc --noEmit` with the TypeScript Privacy Lens itself uses and `privacy-lens scan`,
// each as a child process, and prints wall and CPU time, peak memory and their ratios, plus scan CPU seconds
// per thousand lines to show whether cost grows linearly. Figures, not asserts: it exits 0 unless
// it could not run at all.
//
//   npm run bench -- [--sizes 500,2000,8000] [--corpus <dir>]... [--no-generated]

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateProject, isGenerated } from './generate';

/** A config that only says `tests: true`, outside every corpus (nothing is written into them). */
function benchConfig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-bench-'));
  const file = path.join(dir, 'privacy-lens.yaml');
  fs.writeFileSync(file, 'tests: true\n');
  return file;
}

/** test/out/bench → the repository root. */
const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'tsc.js');
const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli', 'main.js');
const GENERATED = path.join(REPO_ROOT, 'bench', 'generated');
const TIME = '/usr/bin/time';
/** Both children get the same heap limit, so neither wins by failing sooner. */
const NODE_FLAGS = ['--max-old-space-size=8192'];
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

interface Measure {
  seconds: number;
  /** User plus system CPU seconds: steadier than wall time on a shared machine. */
  cpu: number;
  megabytes: number;
  exitCode: number | null;
  stderr: string;
  /** Findings in the scan's JSON report; undefined when the scan wrote no valid report. */
  findings?: number;
}

interface Row {
  name: string;
  files: number;
  lines: number;
  tsc?: Measure;
  scan: Measure;
}

function main(): number {
  let options: { sizes: number[]; corpora: string[] };
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\nusage: npm run bench -- [--sizes 500,2000,8000] [--corpus <dir>]... [--no-generated]\n`);
    return 2;
  }
  if (!fs.existsSync(CLI)) {
    process.stderr.write(`bench: ${CLI} is missing: build first (npm run build)\n`);
    return 2;
  }
  const tsVersion = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version;
  process.stdout.write(`Privacy Lens bench: node ${process.version}, TypeScript ${tsVersion}, ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB; peak memory by ${fs.existsSync(TIME) ? TIME : 'process.resourceUsage()'}\n\n`);

  const targets: Array<{ name: string; dir: string }> = [];
  for (const size of options.sizes) {
    const dir = path.join(GENERATED, String(size));
    if (!isGenerated({ files: size, outDir: dir })) {
      process.stderr.write(`generating ${size} files in ${path.relative(process.cwd(), dir)}…\n`);
      generateProject({ files: size, outDir: dir });
    }
    targets.push({ name: `generated ${size}`, dir });
  }
  for (const corpus of options.corpora) targets.push({ name: path.basename(corpus), dir: path.resolve(corpus) });

  const rows: Row[] = [];
  for (const target of targets) {
    const { files, lines } = countSource(target.dir);
    const hasTsconfig = fs.existsSync(path.join(target.dir, 'tsconfig.json'));
    process.stderr.write(`${target.name}: ${files} files, ${lines} lines — tsc…`);
    // `--incremental false`: a corpus whose tsconfig sets `incremental` (outline does) would otherwise
    // reuse a .tsbuildinfo left by an earlier run and skip the checking it is compared for.
    const tsc = hasTsconfig ? measure([TSC, '--noEmit', '--incremental', 'false', '-p', target.dir], target.dir) : undefined;
    process.stderr.write(' scan…');
    // The report goes to a scratch file rather than /dev/null: that it parses proves the scan finished.
    // The same files as tsc: test code too, which the scan leaves out by default.
    const scan = measure([CLI, 'scan', target.dir, '--config', benchConfig(), '--format', 'json', '--output', REPORT_FILE], target.dir, REPORT_FILE);
    process.stderr.write(' done\n');
    rows.push({ name: target.name, files, lines, tsc, scan });
    report(rows.at(-1) as Row);
  }
  process.stdout.write(`\n${table(rows)}\n`);
  return 0;
}

function parseOptions(argv: string[]): { sizes: number[]; corpora: string[] } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      'no-generated': { type: 'boolean' },
    },
  });
  const sizes = values['no-generated'] ? [] : (values.sizes ?? '500,2000,8000').split(',').map((s) => Number(s.trim()));
  for (const size of sizes) if (!Number.isInteger(size) || size < 20) throw new Error(`--sizes: '${size}' is not a file count of at least 20`);
  const corpora = values.corpus ?? [];
  for (const corpus of corpora) if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) throw new Error(`--corpus: no such folder: ${corpus}`);
  if (sizes.length === 0 && corpora.length === 0) throw new Error('nothing to measure');
  return { sizes, corpora };
}

const REPORT_FILE = '{report}';

/**
 * Runs `node <args>` and measures its wall time and peak resident memory. A `{report}` argument
 * becomes a scratch file whose JSON report is read back for the number of findings.
 */
function measure(args: string[], cwd: string, reportArg?: string): Measure {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-lens-bench-'));
  const out = path.join(scratch, 'usage');
  const reportFile = path.join(scratch, 'report.json');
  args = args.map((arg) => (arg === reportArg ? reportFile : arg));
  try {
    const useTime = fs.existsSync(TIME);
    const command = useTime ? TIME : process.execPath;
    const commandArgs = useTime
      ? ['-f', '%e %U %S %M', '-o', out, process.execPath, ...NODE_FLAGS, ...args]
      : [...NODE_FLAGS, '-e', LAUNCHER, out, ...args];
    const started = process.hrtime.bigint();
    const child = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, stdio: ['ignore', 'ignore', 'pipe'] });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const usage = fs.existsSync(out) ? fs.readFileSync(out, 'utf8').trim().split(/\s+/) : [];
    // GNU time prints "Command exited with non-zero status N" before the figures; the last field is always %M.
    const kilobytes = Number(usage.at(-1));
    const cpu = useTime ? Number(usage.at(-3)) + Number(usage.at(-2)) : Number(usage.at(-2));
    return {
      seconds,
      cpu,
      megabytes: Number.isFinite(kilobytes) ? kilobytes / 1024 : NaN,
      exitCode: child.status,
      stderr: child.stderr ?? '',
      findings: reportArg !== undefined ? findingsIn(reportFile) : undefined,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Without GNU time, the child runs under this launcher, which writes its own peak RSS (kilobytes,
 * as Linux reports it) when it exits: argv is `<out file> <script> <args…>`.
 */
const LAUNCHER = `
const fs = require('node:fs');
const path = require('node:path');
const [out, script, ...rest] = process.argv.slice(1);
process.argv = [process.argv[0], script, ...rest];
process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeFileSync(out, ((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(2) + ' ' + String(u.maxRSS));
});
require(path.resolve(script));
`;

function findingsIn(file: string): number | undefined {
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { findings?: unknown[] };
    return Array.isArray(report.findings) ? report.findings.length : undefined;
  } catch {
    return undefined;
  }
}

function countSource(dir: string): { files: number; lines: number } {
  let files = 0;
  let lines = 0;
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE.test(entry.name)) {
        files++;
        const text = fs.readFileSync(full, 'utf8');
        for (const line of text.split('\n')) if (line.trim() !== '') lines++;
      }
    }
  };
  walk(dir);
  return { files, lines };
}

function report(row: Row): void {
  for (const [name, m] of [['tsc', row.tsc], ['scan', row.scan]] as const) {
    if (!m) continue;
    // tsc exits 1-2 on type errors and scan exits 1 on findings: both still measured the full run.
    const failed = name === 'scan' ? m.findings === undefined : m.exitCode === null || m.exitCode > 2;
    if (failed) process.stderr.write(`  ${name} on ${row.name} failed (exit ${m.exitCode}):\n${indent(m.stderr.split('\n').slice(-15).join('\n'))}\n`);
    else if (name === 'tsc' && m.exitCode !== 0) process.stderr.write(`  note: tsc reported type errors on ${row.name} (exit ${m.exitCode})\n`);
  }
}

function table(rows: Row[]): string {
  const header = ['project', 'files', 'kLOC', 'tsc s', 'scan s', 'scan/tsc', 'tsc CPU s', 'scan CPU s', 'CPU scan/tsc', 'tsc MB', 'scan MB', 'scan/tsc', 'scan CPU s/kLOC', 'findings'];
  const body = rows.map((row) => {
    const kloc = row.lines / 1000;
    const t = row.tsc;
    const s = row.scan;
    return [
      row.name,
      String(row.files),
      kloc.toFixed(1),
      t ? t.seconds.toFixed(2) : 'n/a',
      s.seconds.toFixed(2),
      t ? ratio(s.seconds, t.seconds) : 'n/a',
      t ? t.cpu.toFixed(2) : 'n/a',
      s.cpu.toFixed(2),
      t ? ratio(s.cpu, t.cpu) : 'n/a',
      t ? t.megabytes.toFixed(0) : 'n/a',
      s.megabytes.toFixed(0),
      t ? ratio(s.megabytes, t.megabytes) : 'n/a',
      (s.cpu / Math.max(kloc, 0.001)).toFixed(3),
      s.findings === undefined ? 'failed' : String(s.findings),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

process.exitCode = main();
