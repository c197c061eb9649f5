// The SARIF 2.1.0 report (the contract in DESIGN.md): one result per finding at its sink, the flow
// as codeFlows, the destination and clause as result properties, and one reporting descriptor per
// rule used, whose help carries the clause's quoted words and links to it. Code scanning services
// (GitHub, Azure DevOps) read this file, so it must validate against the official schema.

import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Location, Problem } from '../analysis/types';
import type { Finding, Severity } from '../policy/types';
import { relativePath } from './report-paths';
import type { ScanReport } from './scan-report';
import { toolInfo } from './version';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** Versioned so that a change to what is hashed can move to `/v2` without matching old alerts wrongly. */
const FINGERPRINT_KEY = 'privacyLens/v1';

type Json = Record<string, unknown>;

export function formatSarif(report: ScanReport): string {
  return `${JSON.stringify(sarifLog(report), null, 2)}\n`;
}

export function sarifLog(report: ScanReport): Json {
  const tool = toolInfo();
  const rules = ruleDescriptors(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id as string, index]));
  const fingerprints = fingerprintsOf(report);
  const results = report.findings.map((finding, index) => result(finding, ruleIndex.get(finding.ruleId) ?? -1, fingerprints[index], report.root));
  return {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.problems.map((problem) => notification(problem, report.root)),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(report.root) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function ruleDescriptors(report: ScanReport): Json[] {
  const first = new Map<string, Finding>();
  for (const finding of report.findings) if (!first.has(finding.ruleId)) first.set(finding.ruleId, finding);
  return [...first.keys()].sort().map((ruleId) => {
    const finding = first.get(ruleId) as Finding;
    const clause = finding.clause;
    const shortId = ruleId.slice(ruleId.indexOf('/') + 1);
    const quote = clause.quote.replace(/\s+/g, ' ').trim();
    return {
      id: ruleId,
      name: shortId,
      shortDescription: { text: finding.ruleMessage },
      fullDescription: { text: `${finding.ruleMessage} (${clause.policyTitle}, § ${clause.title})` },
      helpUri: clause.url,
      help: {
        text: `${clause.title}: "${quote}"`,
        markdown: `**${escapeMarkdown(clause.title)}** (${escapeMarkdown(clause.policyTitle)})\n\n> ${escapeMarkdown(quote)}\n\n[Read the clause](${clause.url})`,
      },
      defaultConfiguration: { level: packSeverity(report, clause.policy, shortId) ?? finding.severity },
      properties: { tags: ['privacy', clause.policy] },
    };
  });
}

/** The rule's severity as its pack declares it; a finding's own severity may be a config override. */
function packSeverity(report: ScanReport, policy: string, ruleId: string): Severity | undefined {
  const pack = report.ruleSet.packs.find((p) => p.policy.id === policy);
  return pack?.rules.find((rule) => rule.id === ruleId)?.severity;
}

function result(finding: Finding, ruleIndex: number, fingerprint: string, root: string): Json {
  const destination = finding.flow.destination;
  const categories = [...new Set(finding.flow.data.map((data) => data.category))];
  const properties: Json = {
    sinkKind: destination.sinkKind,
    dataCategories: categories,
    sink: destination.name,
    callee: destination.callee,
  };
  if (destination.vendor !== undefined) properties.vendor = destination.vendor;
  if (destination.purpose !== undefined) properties.purpose = destination.purpose;
  if (destination.host !== undefined) properties.host = destination.host;
  if (destination.region !== undefined) properties.region = destination.region;
  properties.clause = { policy: finding.clause.policy, id: finding.clause.id, title: finding.clause.title };

  const related = finding.flow.data
    .filter((data) => data.reason.location !== undefined)
    .map((data, index) => ({ id: index + 1, ...location(data.reason.location as Location, root, data.reason.detail) }));

  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: finding.severity,
    message: { text: oneSentence(finding.message) },
    locations: [location(finding.location, root)],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    codeFlows: finding.flow.data.map((data) => ({
      message: { text: `${data.category}: ${data.reason.detail}` },
      threadFlows: [
        {
          // A thread flow needs at least one location: with no recorded steps, the sink itself.
          locations: (data.steps.length > 0 ? data.steps : [{ location: finding.location, message: finding.message }]).map((step) => ({
            location: location(step.location, root, step.message),
          })),
        },
      ],
    })),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    properties,
  };
}

function location(where: Location, root: string, message?: string): Json {
  const { start, end } = where.range;
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(where.file, root),
      region: {
        startLine: start.line + 1,
        startColumn: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      },
    },
    ...(message !== undefined ? { message: { text: message } } : {}),
  };
}

function artifactLocation(file: string, root: string): Json {
  const relative = relativePath(root, file);
  // A file outside the root keeps an absolute file: URI rather than a relative one that climbs out.
  if (relative.startsWith('/') || /^[a-z]:/i.test(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function notification(problem: Problem, root: string): Json {
  const level = problem.severity === 'info' ? 'note' : problem.severity;
  const where: Location = { file: problem.file, range: problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const loc = location(where, root);
  if (!problem.range) delete (loc.physicalLocation as Json).region;
  return { level, message: { text: problem.message }, locations: [loc] };
}

/**
 * Fingerprints survive edits elsewhere in the file: they hash the rule, the file, the sink call's
 * text and the categories, never the line. Identical sinks in one file are told apart by their
 * order of occurrence.
 */
function fingerprintsOf(report: ScanReport): string[] {
  const seen = new Map<string, number>();
  return report.findings.map((finding) => {
    const expressions = [...new Set(finding.flow.data.map((data) => data.expression))].sort();
    const categories = [...new Set(finding.flow.data.map((data) => data.category))].sort();
    const key = [finding.ruleId, relativePath(report.root, finding.location.file), finding.flow.destination.callee, expressions.join(','), categories.join(',')].join('\u0000');
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/** SARIF asks for a message of one or more sentences ending in a period. */
function oneSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
