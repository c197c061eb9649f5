// The one helper fixture tests go through: runs the real engine (and, for `finding[...]` markers,
// the policy layer) on a fixture folder and compares every result with the inline markers.
//
//   // $ flow[log] user.contact.email            a flow to a log sink with exactly these categories
//   // $ flow[transfer@IN] user.contact.email    … to a transfer whose host is in region IN
//   // $ flow[third-party:PostHog@?] …          … to PostHog, in a region that is not known
//   // $ flow[third-party:Segment] user.name     … to a vendor
//   // $ flow[log] hash:user.contact.email       a category that arrives hashed (derived)
//   // $ finding[sonarcx/special-categories]     a finding of that rule (with the fixture's config)
//   // $ MISSING flow[log] user.name             a known miss: counted, not failed
//   // $ SPURIOUS flow[log] user.name            a known false positive: counted, not failed
//
// A flow or finding on a line without a marker fails the check, and so does a marker with none.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Flow } from '../../server/src/analysis/types';
import type { Finding } from '../../server/src/policy/types';
import { serverModule } from './server-module';

const { openProject } = serverModule<typeof import('../../server/src/analysis/api')>('analysis/api');
const { buildRuleSet, fileFilter } = serverModule<typeof import('../../server/src/policy/rule-set')>('policy/rule-set');
const { evaluate } = serverModule<typeof import('../../server/src/policy/evaluate')>('policy/evaluate');
const { findConfig } = serverModule<typeof import('../../server/src/policy/config')>('policy/config');

export interface CheckResult {
  failures: string[];
  missing: number;
  spurious: number;
  flows: Flow[];
  findings: Finding[];
}

interface Marker {
  file: string;
  line: number;
  kind: 'flow' | 'finding';
  status: 'expected' | 'missing' | 'spurious';
  key: string;
  text: string;
}

const MARKER = /\$\s*(MISSING\s+|SPURIOUS\s+)?(flow|finding)\[([^\]]+)\]([^$]*)/g;

export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot(), 'test', 'fixtures', ...parts).replace(/\\/g, '/');
}

export function check(dir: string): CheckResult {
  const root = path.resolve(dir).replace(/\\/g, '/');
  const configFile = findConfig(root);
  const built = buildRuleSet({ configFile: configFile && configFile.startsWith(root) ? configFile : undefined });
  if (!built.ruleSet) throw new Error(`rule set: ${built.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n')}`);
  const ruleSet = built.ruleSet;
  const tsconfig = fs.existsSync(path.join(root, 'tsconfig.json')) ? path.join(root, 'tsconfig.json') : undefined;
  const project = openProject({ root, tsconfig, filter: fileFilter(ruleSet, root), catalogue: ruleSet.catalogue });
  const result = project.analyze();
  project.dispose();
  const { findings } = evaluate(result.flows, ruleSet);

  const actual = new Map<string, { kind: 'flow' | 'finding'; key: string; where: string }[]>();
  const add = (file: string, line: number, kind: 'flow' | 'finding', key: string) => {
    const at = `${path.relative(root, file)}:${line + 1}`;
    const list = actual.get(at) ?? [];
    list.push({ kind, key, where: at });
    actual.set(at, list);
  };
  for (const f of result.flows) add(f.location.file, f.location.range.start.line, 'flow', flowKey(f));
  const wantsFindings = new Set<string>();
  const markers = readMarkers(root, result.files);
  // A marker in a file the scan left out (a tsconfig's `include`, test code) could never fail: it does.
  const scanned = new Set(result.files.map((f) => path.resolve(f)));
  const failures: string[] = [];
  for (const file of codeFiles(root)) {
    if (scanned.has(path.resolve(file))) continue;
    for (const m of readMarkers(root, [file])) failures.push(`${m.file}:${m.line + 1}: marker in a file the scan does not cover: ${m.kind}[${m.text}`);
  }
  for (const m of markers) if (m.kind === 'finding') wantsFindings.add(m.file);
  for (const f of findings) if (wantsFindings.has(path.relative(root, f.location.file))) add(f.location.file, f.location.range.start.line, 'finding', f.ruleId);

  let missing = 0;
  let spurious = 0;
  const byLine = new Map<string, Marker[]>();
  for (const m of markers) {
    const at = `${m.file}:${m.line + 1}`;
    byLine.set(at, [...(byLine.get(at) ?? []), m]);
  }
  for (const [at, list] of byLine) {
    const got = actual.get(at) ?? [];
    for (const m of list) {
      const i = got.findIndex((g) => g.kind === m.kind && (m.kind === 'flow' ? flowMatches(m.key, g.key) : g.key === m.key));
      const present = i >= 0;
      if (present) got.splice(i, 1);
      if (m.status === 'expected' && !present) failures.push(`${at}: expected ${m.kind}[${m.text}, got ${describe(actual.get(at))}`);
      if (m.status === 'missing') {
        if (present) failures.push(`${at}: marked MISSING but now found: ${m.kind}[${m.text} — turn the marker into an expectation`);
        else missing++;
      }
      if (m.status === 'spurious') {
        if (!present) failures.push(`${at}: marked SPURIOUS but no longer reported: ${m.kind}[${m.text} — remove the marker`);
        else spurious++;
      }
    }
    const kinds = new Set(list.map((m) => m.kind));
    for (const g of got) if (kinds.has(g.kind) || g.kind === 'flow') failures.push(`${at}: unexpected ${g.kind}[${g.key}]`);
    actual.delete(at);
  }
  for (const [at, got] of actual) for (const g of got) if (g.kind === 'flow') failures.push(`${at}: unexpected flow[${g.key}]`);
  return { failures, missing, spurious, flows: result.flows, findings };
}

function describe(got: { kind: string; key: string }[] | undefined): string {
  return got?.length ? got.map((g) => `${g.kind}[${g.key}]`).join(', ') : 'nothing';
}

/** `log user.contact.email` style key: the sink kind (with vendor/region when the marker names them) and the sorted categories. */
function flowKey(f: Flow): string {
  const cats = [...new Set(f.data.map((d) => (d.derivedBy ? `${d.derivedBy}:${d.category}` : d.category)))].sort();
  return `${f.destination.sinkKind}|${f.destination.vendor ?? ''}|${f.destination.region ?? ''}|${cats.join(',')}`;
}

function markerKey(head: string, rest: string): string {
  const m = /^([\w-]+)(?::([^@]+))?(?:@(\w+|\?))?$/.exec(head.trim());
  const cats = rest.split(/[\s,]+/).filter(Boolean).sort();
  if (!m) return head;
  // `@?`: the region is unknown (no host, or one that no catalogue places).
  const region = m[3] === '?' ? '' : (m[3] ?? '*');
  return `${m[1]}|${m[2] ?? '*'}|${region}|${cats.join(',')}`;
}

function readMarkers(root: string, files: readonly string[]): Marker[] {
  const out: Marker[] = [];
  for (const file of files) {
    const rel = path.relative(root, file);
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    lines.forEach((text, line) => {
      const comment = text.indexOf('// $');
      if (comment < 0) return;
      for (const m of text.slice(comment).matchAll(MARKER)) {
        const status = m[1]?.startsWith('MISSING') ? 'missing' : m[1]?.startsWith('SPURIOUS') ? 'spurious' : 'expected';
        const kind = m[2] as 'flow' | 'finding';
        const key = kind === 'flow' ? markerKey(m[3], m[4]) : m[3].trim();
        out.push({ file: rel, line, kind, status, key, text: `${m[3]}]${m[4]}`.trim() });
      }
    });
  }
  return out;
}

/** The fixture's source files, as the scanner's own walk would find them, wherever a tsconfig says to look. */
function codeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git' || e.name === '.hg' || e.name === '.svn') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(?:[cm]?[jt]s|[jt]sx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Flow keys compare vendor and region only where the marker names them. */
export function flowMatches(markerKeyText: string, actualKey: string): boolean {
  const [k, v, r, c] = markerKeyText.split('|');
  const [ak, av, ar, ac] = actualKey.split('|');
  return k === ak && (v === '*' || v === av) && (r === '*' || r === ar) && c === ac;
}
