// One workspace folder as the server holds it: the rule set in force (the last good one), the
// engine's project, and the latest flows, findings and problems per file. It knows no LSP: the
// features read it and the analysis queue writes it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { openProject } from '../analysis/api';
import type { AnalysisResult, Project } from '../analysis/api';
import type { Flow, Problem } from '../analysis/types';
import { findConfig } from '../policy/config';
import { evaluate } from '../policy/evaluate';
import { buildRuleSet, fileFilter } from '../policy/rule-set';
import type { ConfigError, Finding, RuleSet } from '../policy/types';
import { rulesDir } from './bundled-packs';
import { normalisePath } from './convert';

export interface ReloadOutcome {
  /** The rule set in force changed, so the workspace must be analysed again. */
  changed: boolean;
  /** This attempt's errors (config and packs), empty when it loaded clean. */
  errors: ConfigError[];
}

export class FolderState {
  /** The rule set in force: the last one that loaded without errors. */
  ruleSet: RuleSet | undefined;
  configFile: string | undefined;
  configErrors: ConfigError[] = [];
  project: Project | undefined;
  /** Why the project could not be opened, if it could not. */
  openError: string | undefined;

  private readonly flows = new Map<string, Flow[]>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly problems = new Map<string, Problem[]>();
  private packSetting: string[] = [];

  /**
   * @param root absolute folder path in engine form.
   * @param looseFiles for a file opened without a workspace folder: analyse just these files.
   */
  constructor(
    readonly root: string,
    readonly looseFiles?: string[],
  ) {}

  /** Whether a file belongs to this folder. */
  contains(file: string): boolean {
    if (this.looseFiles) return this.looseFiles.includes(file);
    return file === this.root || file.startsWith(this.root.endsWith('/') ? this.root : this.root + '/');
  }

  /**
   * Find and load the config and packs. On errors the previous rule set stays in force; with none
   * before, the built-in defaults apply so that the workspace is still analysed.
   */
  reload(packSetting: string[]): ReloadOutcome {
    this.packSetting = packSetting;
    this.configFile = safe<string | undefined>(() => findConfig(this.root), () => undefined);
    // The packs setting names bundled pack ids or files relative to the folder, like `--policy`.
    const packFiles = packSetting.length > 0 ? packSetting : undefined;
    const dir = rulesDir();
    const built = safe(
      () => buildRuleSet({ configFile: this.configFile, packFiles, cwd: this.root, ...(dir ? { rulesDir: dir } : {}) }),
      (e) => ({ ruleSet: undefined, errors: [{ file: this.configFile ?? this.root, line: 1, column: 1, message: `cannot load the configuration: ${e}` }] }),
    );
    this.configErrors = built.errors.map((e) => ({ ...e, file: normalisePath(e.file) }));
    if (built.ruleSet && built.errors.length === 0) {
      this.ruleSet = built.ruleSet;
      return { changed: true, errors: [] };
    }
    if (!this.ruleSet) {
      // Nothing good yet: fall back to the bundled defaults, without the broken config.
      const fallback = safe(() => buildRuleSet({ ...(dir ? { rulesDir: dir } : {}) }), () => ({ ruleSet: undefined, errors: [] }));
      if (fallback.ruleSet) {
        this.ruleSet = fallback.ruleSet;
        return { changed: true, errors: this.configErrors };
      }
    }
    return { changed: false, errors: this.configErrors };
  }

  /** The pack settings the rule set was last built with (to notice a settings change). */
  get packs(): readonly string[] {
    return this.packSetting;
  }

  /** Files whose change on disk rebuilds the rule set: the config and every pack in force or in error. */
  isConfigFile(file: string): boolean {
    if (/(^|\/)privacy-lens\.ya?ml$/.test(file)) return file.startsWith(this.root + '/') || this.looseFiles !== undefined;
    if (this.configFile && normalisePath(this.configFile) === file) return true;
    if (this.ruleSet?.packs.some((p) => normalisePath(p.file) === file)) return true;
    return this.configErrors.some((e) => e.file === file);
  }

  /** (Re)open the engine's project with the rule set's catalogue; results so far are dropped. */
  openProject(): void {
    this.project?.dispose();
    this.project = undefined;
    this.openError = undefined;
    if (!this.ruleSet) return;
    const ruleSet = this.ruleSet;
    try {
      const tsconfig = this.looseFiles ? undefined : existingTsconfig(this.root);
      this.project = openProject({
        root: this.root,
        ...(tsconfig ? { tsconfig } : {}),
        ...(this.looseFiles ? { files: this.looseFiles } : {}),
        filter: fileFilter(ruleSet, this.root),
        catalogue: ruleSet.catalogue,
      });
    } catch (e) {
      this.openError = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * Take an analysis result: evaluate its flows against the rule set and replace what each analysed
   * file had. Returns the files whose findings or problems must be published again.
   */
  record(result: AnalysisResult): string[] {
    if (!this.ruleSet) return [];
    const files = new Set(result.files.map(normalisePath));
    const flowsByFile = new Map<string, Flow[]>();
    for (const flow of result.flows) {
      const file = normalisePath(flow.location.file);
      files.add(file);
      let list = flowsByFile.get(file);
      if (!list) flowsByFile.set(file, (list = []));
      list.push(flow);
    }
    const problemsByFile = new Map<string, Problem[]>();
    const addProblem = (p: Problem) => {
      const file = normalisePath(p.file);
      files.add(file);
      let list = problemsByFile.get(file);
      if (!list) problemsByFile.set(file, (list = []));
      list.push(p);
    };
    result.problems.forEach(addProblem);
    for (const file of files) {
      const flows = flowsByFile.get(file) ?? [];
      const evaluated = evaluate(flows, this.ruleSet);
      evaluated.problems.forEach(addProblem);
      this.flows.set(file, flows);
      this.findings.set(file, evaluated.findings);
    }
    for (const file of files) this.problems.set(file, problemsByFile.get(file) ?? []);
    return [...files];
  }

  /** Forget a file's results (deleted from disk). */
  forget(file: string): void {
    this.flows.delete(file);
    this.findings.delete(file);
    this.problems.delete(file);
  }

  /** Drop every result (a new rule set or project), returning the files that had any. */
  clearResults(): string[] {
    const files = [...new Set([...this.findings.keys(), ...this.problems.keys()])];
    this.flows.clear();
    this.findings.clear();
    this.problems.clear();
    return files;
  }

  findingsOf(file: string): readonly Finding[] {
    return this.findings.get(file) ?? [];
  }

  problemsOf(file: string): readonly Problem[] {
    return this.problems.get(file) ?? [];
  }

  *allFindings(): Iterable<Finding> {
    for (const list of this.findings.values()) yield* list;
  }

  get findingCount(): number {
    let n = 0;
    for (const list of this.findings.values()) n += list.length;
    return n;
  }

  get analysedFileCount(): number {
    return this.flows.size;
  }

  dispose(): void {
    this.project?.dispose();
    this.project = undefined;
  }
}

function existingTsconfig(root: string): string | undefined {
  const candidate = path.join(root, 'tsconfig.json');
  return fs.existsSync(candidate) ? normalisePath(candidate) : undefined;
}

/** The edge between the server and code that may throw: turn an exception into a value. */
function safe<T>(run: () => T, onError: (message: string) => T): T {
  try {
    return run();
  } catch (e) {
    return onError(e instanceof Error ? e.message : String(e));
  }
}
