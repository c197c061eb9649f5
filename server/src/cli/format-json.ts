// The machine-readable report: `{ version, findings, problems }` with paths relative to the scan
// root and keys in a fixed order, so that two scans of the same code give byte-identical output.

import { relativePath } from './report-paths';
import type { ScanReport } from './scan-report';
import { toolInfo } from './version';

/** The order of a finding's own keys; nested objects list their keys alphabetically. */
const FINDING_KEYS = ['ruleId', 'severity', 'message', 'ruleMessage', 'location', 'clause', 'flow', 'fixes'];

export function formatJson(report: ScanReport): string {
  const json = {
    version: toolInfo().version,
    findings: report.findings.map((finding) => canonical(finding, report.root, FINDING_KEYS)),
    problems: report.problems.map((problem) => canonical(problem, report.root)),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * A deep copy with keys in a stable order and every `file` property made relative to the root.
 * `first` names keys that lead, in that order; the rest follow alphabetically.
 */
function canonical(value: unknown, root: string, first: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item, root));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined);
  const ordered = [...first.filter((key) => keys.includes(key)), ...keys.filter((key) => !first.includes(key)).sort()];
  const copy: Record<string, unknown> = {};
  for (const key of ordered) {
    const item = record[key];
    copy[key] = key === 'file' && typeof item === 'string' ? relativePath(root, item) : canonical(item, root);
  }
  return copy;
}
