// Severity ranks and the exit-code rule: a scan fails when a finding is at or above the
// failing severity (`--fail-on`, else the config's `failOn`, else `warning`).

import type { Finding, Severity } from '../policy/types';

/**
 * The default failing severity is `warning`, not `error`: the default pack reports personal data in
 * logs and third-party SDKs as warnings, and a CI job that ignores those would pass a build that
 * breaks the policy.
 */
export const DEFAULT_FAIL_ON: Severity = 'warning';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** Findings sorted most severe first is not needed here: only whether any reaches the threshold. */
export function failsOn(findings: readonly Finding[], threshold: Severity): boolean {
  return findings.some((finding) => atLeast(finding.severity, threshold));
}
