// `privacy-lens scan`: resolves the paths, the config and the packs into a rule set, runs the engine
// over one project per scanned folder, evaluates the flows and writes the report. Returns the exit
// code; configuration errors end the scan with code 2 before any analysis runs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ts = require('typescript');
import { openProject } from '../analysis/api';
import type { Flow, Problem } from '../analysis/types';
import { defaultRulesDir } from '../policy/catalogue';
import { findConfig } from '../policy/config';
import { resolvePackRef } from '../policy/pack';
import { evaluate } from '../policy/evaluate';
import { buildRuleSet, fileFilter } from '../policy/rule-set';
import type { RuleSet } from '../policy/types';
import type { ScanCommand } from './args';
import { paletteFor } from './colours';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { createProgressReporter } from './progress';
import { formatConfigError, formatProblem, toPosix } from './report-paths';
import type { ScanReport } from './scan-report';
import { DEFAULT_FAIL_ON, failsOn } from './severity';

export interface CliIo {
  cwd: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/**
 * One engine project: a folder with its tsconfig.json when it has one. `only` restricts the scan to
 * files named on the command line; the project around them still gives the engine their imports.
 */
export interface Target {
  root: string;
  tsconfig?: string;
  only?: string[];
  /** A folder inside the tsconfig's project: scan the project's files under it. */
  under?: string;
}

export function runScan(command: ScanCommand, io: CliIo): number {
  const paths = command.paths.map((p) => path.resolve(io.cwd, p));
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new CliError(`no such file or folder: ${p}`);
  }

  const configFile = command.config !== undefined ? existingFile(path.resolve(io.cwd, command.config), '--config') : findConfig(paths[0]);
  const packFiles = command.policies.map((policy) => resolvePolicy(policy, io.cwd));
  const built = buildRuleSet({ configFile, packFiles: packFiles.length > 0 ? packFiles : undefined });
  if (built.errors.length > 0 || !built.ruleSet) {
    for (const error of built.errors) io.stderr.write(`${formatConfigError(error, io.cwd)}\n`);
    if (built.errors.length === 0) io.stderr.write('privacy-lens: the rule set could not be built\n');
    return EXIT_USAGE;
  }
  const ruleSet = built.ruleSet;

  const root = commonRoot(paths);
  const analysed = analyse(targetsOf(paths), ruleSet, io, root);
  const evaluated = evaluate(analysed.flows, ruleSet);
  const report: ScanReport = {
    root,
    files: analysed.files,
    findings: evaluated.findings,
    problems: [...analysed.problems, ...evaluated.problems],
    ruleSet,
  };

  // Problems always reach stderr, whatever the format, so a file the engine could not read is never silent.
  for (const problem of report.problems) io.stderr.write(`${formatProblem(problem, io.cwd)}\n`);

  writeReport(report, command, io);
  const failOn = command.failOn ?? ruleSet.config.failOn ?? DEFAULT_FAIL_ON;
  return failsOn(report.findings, failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function analyse(targets: Target[], ruleSet: RuleSet, io: CliIo, root: string): { files: string[]; flows: Flow[]; problems: Problem[] } {
  const files: string[] = [];
  const flows: Flow[] = [];
  const problems: Problem[] = [];
  const reporter = createProgressReporter(io.stderr, root);
  try {
    const queue = [...targets];
    for (let target = queue.shift(); target; target = queue.shift()) {
      const project = openProject({
        root: target.root,
        tsconfig: target.tsconfig,
        filter: fileFilter(ruleSet, target.root),
        catalogue: ruleSet.catalogue,
      });
      try {
        // A folder or file the enclosing tsconfig does not include is scanned on its own instead.
        const fallback = target.tsconfig ? outsideProject(target, project.files) : undefined;
        if (fallback) {
          queue.push(...fallback.targets);
          if (fallback.only !== undefined) target = { ...target, only: fallback.only };
          if (target.only?.length === 0) continue;
        }
        const only = target.only ? new Set(target.only.map(toPosix)) : undefined;
        const result = project.analyze(only ? [...only] : undefined, reporter.progress);
        // Analysing named files also analyses what depends on them; report only the files asked for.
        const keep = (file: string): boolean => !only || only.has(file);
        files.push(...result.files.filter(keep));
        flows.push(...result.flows.filter((flow) => keep(flow.location.file)));
        problems.push(...result.problems.filter((problem) => keep(problem.file)));
      } finally {
        project.dispose();
      }
    }
  } finally {
    reporter.finish();
  }
  return { files, flows, problems };
}

/**
 * One project per scanned folder, using its tsconfig.json when it has one. Files named directly are
 * analysed inside the project of their nearest tsconfig.json (or their folder), so that their
 * imports resolve as they do in a full scan. A path inside another scanned folder is dropped so
 * nothing is reported twice.
 */
export function targetsOf(paths: string[]): Target[] {
  const folders = unique(paths.filter((p) => fs.statSync(p).isDirectory()));
  const outer = folders.filter((folder) => !folders.some((other) => other !== folder && isInside(folder, other)));
  const targets: Target[] = outer.map((folder) => {
    const tsconfig = path.join(folder, 'tsconfig.json');
    if (fs.existsSync(tsconfig)) return { root: folder, tsconfig };
    // `scan apps/web/lib`: the tsconfig of apps/web gives its path aliases and options.
    const enclosing = fs.existsSync(path.join(folder, '.git')) ? undefined : nearestTsconfig(path.dirname(folder));
    return enclosing && !isSolutionStyle(enclosing) ? { root: path.dirname(enclosing), tsconfig: enclosing, under: folder } : { root: folder };
  });
  const files = unique(paths.filter((p) => !fs.statSync(p).isDirectory() && !outer.some((folder) => isInside(p, folder))));
  const byProject = new Map<string, Target>();
  for (const file of files) {
    const tsconfig = nearestTsconfig(path.dirname(file));
    const root = tsconfig ? path.dirname(tsconfig) : path.dirname(file);
    const target = byProject.get(root) ?? { root, tsconfig, only: [] };
    target.only?.push(file);
    byProject.set(root, target);
  }
  return [...targets, ...byProject.values()];
}

/**
 * The nearest tsconfig.json from a folder upward, not above the repository root (the folder with
 * `.git`): a checkout inside another project's tree is never scanned with that project's tsconfig.
 */
function nearestTsconfig(folder: string): string | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A tsconfig that lists no files of its own (`"files": []` with `references`): it governs nothing,
 * and opening it would walk its whole folder.
 */
function isSolutionStyle(tsconfig: string): boolean {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const config = read.config as { files?: unknown; include?: unknown } | undefined;
  return !config || (Array.isArray(config.files) && config.files.length === 0 && config.include === undefined);
}

/**
 * What of a target its tsconfig's project leaves out. For a folder: the project's files under it
 * become the target's `only`, or, when there are none, the folder is scanned as a project of its own.
 * For named files: those the project lacks are scanned in a project of their folder.
 */
function outsideProject(target: Target, projectFiles: readonly string[]): { only?: string[]; targets: Target[] } | undefined {
  const files = new Set(projectFiles);
  if (target.under) {
    const under = target.under;
    const only = projectFiles.filter((f) => isInside(f, under));
    return only.length ? { only, targets: [] } : { only: [], targets: [{ root: under }] };
  }
  const missing = (target.only ?? []).filter((f) => !files.has(toPosix(f)));
  if (!missing.length) return undefined;
  const byFolder = new Map<string, string[]>();
  for (const f of missing) byFolder.set(path.dirname(f), [...(byFolder.get(path.dirname(f)) ?? []), f]);
  return { only: (target.only ?? []).filter((f) => files.has(toPosix(f))), targets: [...byFolder].map(([root, only]) => ({ root, only })) };
}

/** A `--policy` value: the id of a pack bundled in rules/policies/, or a pack file. */
function resolvePolicy(policy: string, cwd: string): string {
  const resolved = resolvePackRef(policy, cwd, defaultRulesDir());
  if (resolved.file === undefined) throw new CliError(`--policy ${policy}: ${resolved.error ?? 'no such pack'}`);
  return resolved.file;
}

function existingFile(file: string, option: string): string {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`${option}: no such file: ${file}`);
  return file;
}

function writeReport(report: ScanReport, command: ScanCommand, io: CliIo): void {
  const toFile = command.output !== undefined;
  let text: string;
  switch (command.format) {
    case 'json':
      text = formatJson(report);
      break;
    case 'sarif':
      text = formatSarif(report);
      break;
    case 'text':
      text = formatText(report, { cwd: io.cwd, palette: toFile ? paletteFor({}) : paletteFor(io.stdout, io.env) });
      break;
  }
  if (!toFile) {
    io.stdout.write(text);
    return;
  }
  const output = path.resolve(io.cwd, command.output as string);
  try {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, text);
  } catch (error) {
    throw new CliError(`--output ${command.output}: ${(error as Error).message}`);
  }
}

/** The deepest folder containing every path (a file counts by its folder). */
export function commonRoot(paths: string[]): string {
  const folders = paths.map((p) => (fs.existsSync(p) && fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  let root = folders[0];
  while (!folders.every((folder) => isInside(folder, root))) {
    const parent = path.dirname(root);
    if (parent === root) break;
    root = parent;
  }
  return root;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
