// `npm run bench:lsp`: edit-to-diagnostics latency and memory of the real language server over
// stdio. For the generated 2,000-file project (test/bench/generate.ts) and for each `--corpus <dir>`,
// it waits for the full analysis, opens files that have findings, then makes single-file edits one
// after another and times each from didChange to the publishDiagnostics carrying that version;
// every tenth edit is followed by a one-second pause, in which the server catches up on dependents;
// memory is sampled (after a GC) once warmed up, every 100 edits (printed with the progress) and
// after all edits. Figures, not asserts: targets are p95 ≤ 100 ms and flat memory. Workspace files are
// never written, only edited in memory.
//
//   node test/out/bench/bench-lsp.js [--files 2000] [--edits 1000] [--corpus <dir>]… [--skip-generated]
//
// To look inside the server: PL_BENCH_RAW=<prefix> writes every edit's times to <prefix>-<name>.json,
// PL_SERVER_PROF=<dir> writes its CPU profile there, and
// PL_SERVER_FLAGS="--flag …" passes extra Node flags to it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateProject, isGenerated } from './generate';
import { LspSession, REPO_ROOT, uriOf } from '../lsp/support/lsp-session';

interface Figures {
  name: string;
  files: number;
  initialMs: number;
  edits: number;
  p50: number;
  p95: number;
  max: number;
  /** The engine's share of each edit (update, analyse, evaluate), measured inside the server. */
  engineP50: number;
  engineP95: number;
  /** From the server reading each edit to writing its diagnostics; the rest is waiting to be read. */
  serverP95: number;
  /** p95 of the edits that follow a pause (background work may hold the thread) and of the others. */
  afterPauseP95: number;
  inBurstP95: number;
  rssWarmMb: number;
  rssEndMb: number;
  heapWarmMb: number;
  heapEndMb: number;
}

const WARMUP_EDITS = 20;
/** Files opened and edited in turn: an editor session has a handful of files open. */
const OPEN_FILES = 10;
/** Every tenth edit is followed by this pause. */
const PAUSE_MS = 1000;

async function benchWorkspace(name: string, root: string, edits: number): Promise<Figures> {
  const session = new LspSession({ workspace: root, nodeArgs: ['--expose-gc', '--max-old-space-size=8192', ...(process.env.PL_SERVER_FLAGS ? process.env.PL_SERVER_FLAGS.split(' ') : []), ...(process.env.PL_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.PL_SERVER_PROF] : [])], capabilities: undefined });
  const started = Date.now();
  try {
    await session.initialize();
    process.stderr.write(`${name}: waiting for the full analysis…\n`);
    await session.waitForNotification('privacyLens/status', (p) => (p as { state: string }).state === 'ready', 30 * 60_000);
    const initialMs = Date.now() - started;
    const stats0 = (await session.connection.sendRequest('privacyLens/stats', {})) as { files: number };

    // Files with findings republish on every edit, so each edit has a publish to wait for.
    const withFindings = [...session.diagnostics.values()]
      .filter((d) => d.diagnostics.some((x) => x.source === 'privacy-lens'))
      .map((d) => d.uri)
      .sort();
    if (withFindings.length === 0) throw new Error(`${name}: no file has findings, nothing to time`);
    const step = Math.max(1, Math.floor(withFindings.length / OPEN_FILES));
    const chosen = withFindings.filter((_, i) => i % step === 0).slice(0, OPEN_FILES);
    const files = chosen.map((uri) => fileOf(uri));
    const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    for (const file of files) session.open(file, texts.get(file));
    const versions = new Map(files.map((f) => [f, 1]));

    const latencies: number[] = [];
    const engine: number[] = [];
    const server: number[] = [];
    const afterPause: number[] = [];
    const inBurst: number[] = [];
    const raw: { edit: number; at: number; ms: number; engineMs: number; serverMs: number }[] = [];
    let warm = { rss: 0, heap: 0 };
    for (let i = 0; i < WARMUP_EDITS + edits; i++) {
      const file = files[i % files.length];
      const version = versions.get(file)! + 1;
      versions.set(file, version);
      // A realistic keystroke-sized change that keeps the file's findings: a new comment line in the middle.
      const original = texts.get(file)!;
      const lines = original.split('\n');
      const at = Math.floor(lines.length / 2);
      const edited = [...lines.slice(0, at), `  // edit ${i}`, ...lines.slice(at)].join('\n');
      const uri = uriOf(file);
      const t0 = process.hrtime.bigint();
      const sentAt = Date.now();
      session.change(file, version, edited);
      await session.waitFor(() => session.diagnostics.get(uri)?.version === version, 60_000, `diagnostics for ${path.basename(file)} v${version}`);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= WARMUP_EDITS) {
        const stats = (await session.connection.sendRequest('privacyLens/stats', {})) as { lastEditEngineMs: number; lastEditServerMs: number };
        latencies.push(ms);
        engine.push(stats.lastEditEngineMs);
        server.push(stats.lastEditServerMs);
        (i % 10 === 0 ? afterPause : inBurst).push(ms);
        raw.push({ edit: i, at: sentAt, ms, engineMs: stats.lastEditEngineMs, serverMs: stats.lastEditServerMs });
      }
      if (i === WARMUP_EDITS - 1) warm = await memory(session);
      // A pause now and then, as a person makes: the server analyses dependents in pauses, so the
      // next edit may land while that background work holds the thread.
      if ((i + 1) % 10 === 0) await new Promise((r) => setTimeout(r, PAUSE_MS));
      if ((i + 1) % 100 === 0) {
        const m = await memory(session);
        process.stderr.write(`${name}: ${i + 1 - WARMUP_EDITS} edits, last ${ms.toFixed(1)} ms; heap ${m.heap.toFixed(0)} MB of ${m.heapTotal.toFixed(0)} reserved, RSS ${m.rss.toFixed(0)} MB\n`);
      }
    }
    const end = await memory(session);
    if (process.env.PL_BENCH_RAW) fs.writeFileSync(`${process.env.PL_BENCH_RAW}-${name}.json`, JSON.stringify(raw));
    for (const list of [latencies, engine, server, afterPause, inBurst]) list.sort((a, b) => a - b);
    return {
      name,
      files: stats0.files,
      initialMs,
      edits,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      max: latencies[latencies.length - 1],
      engineP50: percentile(engine, 0.5),
      engineP95: percentile(engine, 0.95),
      serverP95: percentile(server, 0.95),
      afterPauseP95: percentile(afterPause, 0.95),
      inBurstP95: percentile(inBurst, 0.95),
      rssWarmMb: warm.rss,
      rssEndMb: end.rss,
      heapWarmMb: warm.heap,
      heapEndMb: end.heap,
    };
  } finally {
    await session.stop();
  }
}

/** Live memory after a GC (the server runs with --expose-gc), in MB. */
async function memory(session: LspSession): Promise<{ rss: number; heap: number; heapTotal: number }> {
  const stats = (await session.connection.sendRequest('privacyLens/stats', { gc: true })) as { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number };
  return { rss: stats.rssBytes / 2 ** 20, heap: stats.heapUsedBytes / 2 ** 20, heapTotal: stats.heapTotalBytes / 2 ** 20 };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function fileOf(uri: string): string {
  return decodeURIComponent(new URL(uri).pathname);
}

function table(rows: Figures[]): string {
  const header = ['workspace', 'files', 'first analysis s', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'engine p50 ms', 'engine p95 ms', 'server p95 ms', 'p95 after a pause ms', 'p95 in a burst ms', 'RSS warm MB', 'RSS end MB', 'heap warm MB', 'heap end MB'];
  const body = rows.map((r) => [
    r.name,
    String(r.files),
    (r.initialMs / 1000).toFixed(1),
    String(r.edits),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.max.toFixed(1),
    r.engineP50.toFixed(0),
    r.engineP95.toFixed(0),
    r.serverP95.toFixed(0),
    r.afterPauseP95.toFixed(0),
    r.inBurstP95.toFixed(0),
    r.rssWarmMb.toFixed(0),
    r.rssEndMb.toFixed(0),
    r.heapWarmMb.toFixed(0),
    r.heapEndMb.toFixed(0),
  ]);
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '2000' },
      edits: { type: 'string', default: '1000' },
      corpus: { type: 'string', multiple: true, default: [] },
      'skip-generated': { type: 'boolean', default: false },
    },
  });
  const edits = Number(values.edits);
  const rows: Figures[] = [];
  if (!values['skip-generated']) {
    const files = Number(values.files);
    const outDir = path.join(REPO_ROOT, 'bench', 'generated', String(files));
    if (!isGenerated({ files, outDir })) {
      process.stderr.write(`generating ${files} files into ${path.relative(REPO_ROOT, outDir)}…\n`);
      generateProject({ files, outDir });
    }
    rows.push(await benchWorkspace(`generated-${files}`, outDir, edits));
  }
  for (const corpus of values.corpus ?? []) {
    rows.push(await benchWorkspace(path.basename(path.resolve(corpus)), path.resolve(corpus), edits));
  }
  process.stdout.write(`\n${table(rows)}\n\nnode ${process.version}, ${process.platform} ${process.arch}; each edit waits for its publishDiagnostics before the next.\n`);
}

main().catch((e) => {
  process.stderr.write(`bench-lsp: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
