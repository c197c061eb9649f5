// How paths appear in reports: relative to a base folder with forward slashes, so that output is
// the same on every machine and in every checkout (text is relative to the cwd, JSON and SARIF to
// the scan root).

import * as path from 'node:path';
import type { ConfigError } from '../policy/types';
import type { Problem } from '../analysis/types';

export function relativePath(base: string, file: string): string {
  const relative = path.relative(base, file);
  // A file outside the base (or on another drive) stays absolute rather than a `../../..` chain.
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return toPosix(file);
  return toPosix(relative);
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** `file:line:col: message`, as compilers print errors, so that terminals and editors link them. */
export function formatConfigError(error: ConfigError, base: string): string {
  return `${relativePath(base, error.file)}:${error.line}:${error.column}: ${error.message}`;
}

/**
 * `file:line:col: warning: message` for an engine or evaluation problem (1-based line and column).
 * Always `warning`, whatever the engine's own severity (kept in JSON and SARIF): a problem never
 * changes the exit code, and the word says so.
 */
export function formatProblem(problem: Problem, base: string): string {
  const where = problem.range
    ? `${relativePath(base, problem.file)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}`
    : relativePath(base, problem.file);
  return `${where}: warning: ${problem.message}`;
}
