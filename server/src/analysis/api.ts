// The engine's entry points, as the CLI and the language server see them. The engine is pure:
// it reads files through the host it is given and never writes, spawns or connects.

import type { Catalogue, Flow, Fix, Location, Position, Problem, SourceReason } from './types';

export interface ProjectOptions {
  /** The folder being analysed (absolute). */
  root: string;
  /** A tsconfig.json to use; when absent, the files are found under `root` (see `files`). */
  tsconfig?: string;
  /** Explicit files (absolute); when absent, from the tsconfig or by walking `root`. */
  files?: string[];
  /** Extra filter over the files found: return false to skip a file (config include/exclude). */
  filter?: (file: string) => boolean;
  catalogue: Catalogue;
}

export interface AnalysisResult {
  /** The files whose flows are in `flows` (every analysed file, even those with none). */
  files: string[];
  flows: Flow[];
  problems: Problem[];
}

export interface Progress {
  (done: number, total: number, file?: string): void;
}

/** What a hover shows for a value carrying personal data or a sink call. */
export interface Explanation {
  range: Location['range'];
  /** Categories of the value under the cursor, each with why. */
  data: Array<{ category: string; reason: SourceReason; derivedBy?: string }>;
  /** When the position is on a sink call, the flows it has. */
  flows: Flow[];
}

/** Options for fixes the engine computes. */
export interface FixOptions {
  /** Name of the sanitiser to wrap values in (default `redact`) and the module to import it from. */
  sanitiser?: string;
  sanitiserImport?: string;
  /** The config's home regions, for "switch to an in-region host". */
  homeRegions?: readonly string[];
  /** The rule id the suppression comment names (default `*`). */
  ruleId?: string;
}

export interface Project {
  /** Files the project analyses (absolute, forward slashes). */
  readonly files: readonly string[];
  /** Analyse every file (or the given ones, and what depends on them). Cancellable between files. */
  analyze(files?: readonly string[], progress?: Progress, isCancelled?: () => boolean): AnalysisResult;
  /**
   * Replace a file's text (an editor buffer), or go back to the disk (`undefined`). Returns the
   * files whose flows may have changed and must be analysed again: the file and its dependents.
   */
  update(file: string, text: string | undefined): string[];
  /** Hover: personal data or sink at a position. */
  explain(file: string, position: Position): Explanation | undefined;
  /** Fixes for one flow (wrap in sanitiser, drop a field, tag the field, suppress). */
  fixes(flow: Flow, options?: FixOptions): Fix[];
  /** Drop caches; the project can no longer be used. */
  dispose(): void;
}

export { openProject } from './project';
