// The human report: one block per finding (where, severity, what, rule; the flow from source to
// sink; the clause it breaks, quoted) and a summary line. Paths are relative to the cwd so that
// terminals and editors turn them into links.

import type { Location } from '../analysis/types';
import type { Finding, Severity } from '../policy/types';
import { PLAIN, type Palette } from './colours';
import { relativePath } from './report-paths';
import type { ScanReport } from './scan-report';

export interface TextOptions {
  cwd: string;
  palette?: Palette;
}

/** Long clause quotes are cut at a word boundary near this length; the URL leads to the full text. */
const QUOTE_LIMIT = 200;

export function formatText(report: ScanReport, options: TextOptions): string {
  const palette = options.palette ?? PLAIN;
  const where = (location: Location): string =>
    `${relativePath(options.cwd, location.file)}:${location.range.start.line + 1}:${location.range.start.character + 1}`;
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${palette.bold(where(finding.location))}  ${colour(palette, finding.severity)}  ${finding.message}  ${palette.dim(`[${finding.ruleId}]`)}`);
    lines.push(...flowLines(finding, where, palette));
    const clause = finding.clause;
    lines.push(`  ↳ breaks ${clause.policyTitle} § ${clause.title}: "${trimQuote(clause.quote)}" ${palette.dim(clause.url)}`);
    lines.push('');
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

function flowLines(finding: Finding, where: (location: Location) => string, palette: Palette): string[] {
  const lines: string[] = [];
  const several = finding.flow.data.length > 1;
  for (const data of finding.flow.data) {
    // With several categories each path gets a heading; with one, the message already names it.
    if (several) lines.push(`  ${data.category}${data.derivedBy ? ` (${data.derivedBy})` : ''}:`);
    const indent = several ? '      ' : '    ';
    for (const step of data.steps) lines.push(`${indent}${palette.dim(where(step.location))} ${step.message}`);
  }
  return lines;
}

export function trimQuote(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  if (flat.length <= QUOTE_LIMIT) return flat;
  const cut = flat.slice(0, QUOTE_LIMIT);
  const space = cut.lastIndexOf(' ');
  return `${(space > QUOTE_LIMIT * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

function colour(palette: Palette, severity: Severity): string {
  return palette[severity](severity);
}

function summary(report: ScanReport): string {
  const count = (severity: Severity): number => report.findings.filter((f) => f.severity === severity).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  if (count('note') > 0) parts.push(plural(count('note'), 'note'));
  const filesWithFindings = new Set(report.findings.map((f) => f.location.file)).size;
  const problems = report.problems.length > 0 ? `, ${plural(report.problems.length, 'problem')}` : '';
  return `${plural(report.findings.length, 'finding')} (${parts.join(', ')}) in ${plural(filesWithFindings, 'file')}; ${plural(report.files.length, 'file')} scanned${problems}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
