// Hover on a sink call or on a value carrying personal data: its categories and why (which tag or
// name rule), where it goes (logger; vendor and purpose; host and region), and for every finding it
// takes part in, the clause it breaks with the clause's own words.

import { MarkupKind } from 'vscode-languageserver';
import type { Hover, Position } from 'vscode-languageserver';
import type { Explanation } from '../analysis/api';
import type { Destination, Flow } from '../analysis/types';
import type { Finding } from '../policy/types';
import { rangeContains, toLspRange } from './convert';

export function describeDestination(d: Destination): string {
  const callee = d.callee ? ` via \`${d.callee}\`` : '';
  const where = d.host ? ` at \`${d.host}\`${d.region ? ` (${d.region})` : ' (region unknown)'}` : '';
  switch (d.sinkKind) {
    case 'log':
      return `the log call \`${d.callee || d.name}\` (${d.name})`;
    case 'third-party':
      return `${d.vendor ?? d.name}${d.purpose ? ` (${d.purpose})` : ''}${callee}${where}`;
    case 'transfer':
      return `an HTTP request${callee}${where || ' to an unresolved host'}`;
  }
}

/**
 * Findings a position takes part in: those reported at a sink call covering it, and those whose
 * path (a source declaration, a step, an argument) passes through it.
 */
export function findingsAt(file: string, position: Position, candidates: Iterable<Finding>): Finding[] {
  const out: Finding[] = [];
  for (const finding of candidates) {
    const { flow } = finding;
    const onSink = finding.location.file === file && rangeContains(finding.location.range, position);
    const onArgument = flow.location.file === file && flow.arguments.some((a) => rangeContains(a.range, position));
    const onPath = flow.data.some(
      (d) =>
        (d.reason.location?.file === file && rangeContains(d.reason.location.range, position)) ||
        d.steps.some((s) => s.location.file === file && rangeContains(s.location.range, position)),
    );
    if (onSink || onArgument || onPath) out.push(finding);
  }
  return out;
}

function sameFlow(a: Flow, b: Flow): boolean {
  return (
    a.location.file === b.location.file &&
    a.location.range.start.line === b.location.range.start.line &&
    a.location.range.start.character === b.location.range.start.character &&
    a.destination.sinkId === b.destination.sinkId
  );
}

export function buildHover(
  file: string,
  position: Position,
  explanation: Explanation | undefined,
  findings: Iterable<Finding>,
  markdown: boolean,
): Hover | null {
  const all = [...findings];
  const related = findingsAt(file, position, all);
  for (const flow of explanation?.flows ?? []) {
    for (const f of all) if (sameFlow(f.flow, flow) && !related.includes(f)) related.push(f);
  }
  // On a sink call there is no value under the cursor: describe what reaches it instead.
  const data = explanation?.data.length ? explanation.data : dataOfFindings(related);
  const flowsWithoutFinding = (explanation?.flows ?? []).filter((flow) => !related.some((f) => sameFlow(f.flow, flow)));
  if (data.length === 0 && related.length === 0 && flowsWithoutFinding.length === 0) return null;

  const lines: string[] = [];
  if (data.length > 0) {
    lines.push(bold('Personal data', markdown));
    for (const d of data) {
      const derived = d.derivedBy ? ` (${d.derivedBy}ed)` : '';
      lines.push(`- ${code(d.category, markdown)}${derived}: ${d.reason.detail}`);
    }
    lines.push('');
  }
  const destinations = new Set<string>();
  for (const f of related) destinations.add(describeDestination(f.flow.destination));
  for (const flow of flowsWithoutFinding) destinations.add(describeDestination(flow.destination));
  if (destinations.size > 0) {
    lines.push(bold('Goes to', markdown));
    for (const d of destinations) lines.push(`- ${markdown ? d : d.replace(/`/g, "'")}`);
    lines.push('');
  }
  const byRule = new Map<string, Finding>();
  for (const f of related) if (!byRule.has(f.ruleId)) byRule.set(f.ruleId, f);
  for (const f of byRule.values()) {
    const clause = f.clause;
    const title = markdown ? `[${clause.title}](${clause.url})` : `${clause.title} <${clause.url}>`;
    lines.push(`${bold('Breaks', markdown)} ${clause.policyTitle} § ${title} — ${code(f.ruleId, markdown)} (${f.severity})`);
    lines.push(markdown ? `> ${clause.quote.replace(/\n+/g, ' ')}` : `"${clause.quote.replace(/\n+/g, ' ')}"`);
    lines.push('');
  }
  const range = explanation?.range ?? related.find((f) => f.location.file === file && rangeContains(f.location.range, position))?.location.range;
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: lines.join('\n').trim() },
    ...(range ? { range: toLspRange(range) } : {}),
  };
}

function dataOfFindings(findings: readonly Finding[]): Explanation['data'] {
  const seen = new Map<string, Explanation['data'][number]>();
  for (const f of findings) {
    for (const d of f.flow.data) {
      const key = `${d.category}|${d.reason.detail}`;
      if (!seen.has(key)) seen.set(key, { category: d.category, reason: d.reason, ...(d.derivedBy ? { derivedBy: d.derivedBy } : {}) });
    }
  }
  return [...seen.values()];
}

function bold(text: string, markdown: boolean): string {
  return markdown ? `**${text}**` : `${text}:`;
}

function code(text: string, markdown: boolean): string {
  return markdown ? `\`${text}\`` : text;
}
