// Findings and problems of one file as LSP diagnostics, per the DESIGN.md contract: `source`
// privacy-lens, `code` the rule id, `codeDescription.href` the clause, `relatedInformation` the
// source declarations and every flow step; severity from the rules, the config and the settings.
// Capabilities the client did not advertise are left out rather than sent anyway.

import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Problem } from '../analysis/types';
import type { ConfigError, Finding } from '../policy/types';
import type { ClientFeatures } from './capabilities';
import { configErrorRange, pathToUri, toLspRange, toLspSeverity } from './convert';
import type { Settings } from './settings';

export const diagnosticSource = 'privacy-lens';

/** What a diagnostic carries back to the server in code action requests. */
export interface DiagnosticData {
  findingKey: string;
}

/** What a problem's diagnostic carries: the texts that would fix it, for quick fixes. */
export interface ProblemData {
  replacements: string[];
}

/** Identifies a finding within its file across re-analyses (not by index, which shifts). */
export function findingKey(finding: Finding): string {
  const { start } = finding.location.range;
  const categories = finding.flow.data.map((d) => d.category).sort().join(',');
  return `${finding.ruleId}|${start.line}:${start.character}|${categories}`;
}

export function findingDiagnostic(finding: Finding, settings: Settings, features: ClientFeatures): Diagnostic | undefined {
  const override = settings.severity[finding.ruleId];
  if (override === 'off') return undefined;
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.location.range),
    severity: toLspSeverity(override ?? finding.severity),
    source: diagnosticSource,
    code: finding.ruleId,
    message: finding.message,
  };
  if (features.codeDescription && finding.clause.url) diagnostic.codeDescription = { href: finding.clause.url };
  if (features.relatedInformation) diagnostic.relatedInformation = relatedInformation(finding);
  if (features.diagnosticData) diagnostic.data = { findingKey: findingKey(finding) } satisfies DiagnosticData;
  return diagnostic;
}

/**
 * The path a finding rests on, in reading order: for each data category its source declaration
 * (why it is personal data), then the steps that carry it to the sink.
 */
export function relatedInformation(finding: Finding): DiagnosticRelatedInformation[] {
  const out: DiagnosticRelatedInformation[] = [];
  const seen = new Set<string>();
  const push = (file: string, range: Finding['location']['range'], message: string) => {
    const key = `${file}|${range.start.line}:${range.start.character}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ location: { uri: pathToUri(file), range: toLspRange(range) }, message });
  };
  for (const data of finding.flow.data) {
    if (data.reason.location) push(data.reason.location.file, data.reason.location.range, `source: ${data.reason.detail} (${data.category})`);
    for (const step of data.steps) push(step.location.file, step.location.range, step.message);
  }
  return out;
}

export function problemDiagnostic(problem: Problem): Diagnostic {
  const range = problem.range ? toLspRange(problem.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const severity =
    problem.severity === 'error' ? DiagnosticSeverity.Error : problem.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
  const data: ProblemData | undefined = problem.replacements?.length ? { replacements: problem.replacements } : undefined;
  return { range, severity, source: diagnosticSource, message: problem.message, ...(data ? { data } : {}) };
}

export function configErrorDiagnostic(error: ConfigError, text: string | undefined): Diagnostic {
  return {
    range: configErrorRange(error, text),
    severity: DiagnosticSeverity.Error,
    source: diagnosticSource,
    message: error.message,
  };
}

export function fileDiagnostics(
  findings: readonly Finding[],
  problems: readonly Problem[],
  settings: Settings,
  features: ClientFeatures,
): Diagnostic[] {
  if (!settings.enable) return [];
  const out: Diagnostic[] = [];
  for (const finding of findings) {
    const diagnostic = findingDiagnostic(finding, settings, features);
    if (diagnostic) out.push(diagnostic);
  }
  for (const problem of problems) out.push(problemDiagnostic(problem));
  return out;
}
