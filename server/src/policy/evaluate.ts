// Evaluation: judges the engine's flows against a rule set and turns the forbidden ones into
// findings (one per flow and rule), applying severity overrides and reasoned suppressions. Pure.

import { createRegionResolver } from '../analysis/regions';
import type { Flow, FlowData, Problem } from '../analysis/types';
import { findingMessage } from './finding-message';
import type { Clause, Finding, Pack, PolicyRule, RuleCondition, RuleSet, Severity } from './types';
import { HOME_REGION } from './vocabulary';

export function evaluate(flows: readonly Flow[], ruleSet: RuleSet): { findings: Finding[]; problems: Problem[] } {
  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const context: Context = {
    covers: coverageOf(ruleSet),
    home: ruleSet.config.homeRegions ?? [],
  };

  for (const flow of flows) {
    reportReasonlessSuppressions(flow, reported, problems);
    for (const pack of ruleSet.packs) {
      for (const rule of pack.rules) {
        const data = forbiddenData(flow, rule.when, context);
        if (!data) continue;
        const ruleId = `${pack.policy.id}/${rule.id}`;
        const severity = severityOf(ruleId, rule, ruleSet);
        if (severity === 'off' || isSuppressed(flow, ruleId, rule.id)) continue;
        findings.push(makeFinding(flow, data, pack, rule, ruleId, severity));
      }
    }
  }
  findings.sort(compareFindings);
  return { findings, problems };
}

interface Context {
  /** Whether a region code or group covers a region: `EU` covers `DE`, `EEA` covers `EU`. */
  covers: (regionOrGroup: string, region: string) => boolean;
  home: readonly string[];
}

/** Region coverage is compiled once per rule set: the same rule set judges every analysis. */
const coverage = new WeakMap<RuleSet, Context['covers']>();

function coverageOf(ruleSet: RuleSet): Context['covers'] {
  let covers = coverage.get(ruleSet);
  if (!covers) {
    // Only the groups matter for coverage; the host globs are the engine's business.
    const resolver = createRegionResolver({ groups: ruleSet.catalogue.regions.groups, hosts: [] });
    covers = (group, region) => resolver.covers(group, region);
    coverage.set(ruleSet, covers);
  }
  return covers;
}

/**
 * The data entries of `flow` that the rule forbids, or undefined when the rule does not forbid the
 * flow: the category and derivation conditions pick entries, the destination conditions the flow.
 */
function forbiddenData(flow: Flow, when: RuleCondition, context: Context): FlowData[] | undefined {
  const d = flow.destination;
  if (when.sinkKinds && !when.sinkKinds.includes(d.sinkKind)) return undefined;
  if (when.vendors && !(d.vendor && when.vendors.some((v) => v.toLowerCase() === d.vendor!.toLowerCase()))) return undefined;
  if (when.purposes && !(d.purpose && when.purposes.includes(d.purpose))) return undefined;
  if (when.schemes && !(d.scheme && when.schemes.includes(d.scheme.toLowerCase()))) return undefined;
  if (when.regionIn && !(d.region !== undefined && regionCovered(when.regionIn, d.region, context) === true)) return undefined;
  if (when.regionNotIn && !(d.region !== undefined && regionCovered(when.regionNotIn, d.region, context) === false)) return undefined;

  const derived = when.derived ?? 'exclude';
  const data = flow.data.filter(
    (entry) =>
      (derived === 'include' || (derived === 'only') === (entry.derivedBy !== undefined)) &&
      (!when.categories || when.categories.some((c) => categoryCovers(c, entry.category))) &&
      !(when.exceptCategories ?? []).some((c) => categoryCovers(c, entry.category)),
  );
  return data.length > 0 ? data : undefined;
}

/** Dotted-prefix match: `user.contact` covers `user.contact.email`, not `user.contacts`. */
export function categoryCovers(rule: string, category: string): boolean {
  return category === rule || category.startsWith(rule + '.');
}

/**
 * Whether `region` is covered by one of `list`, or undefined when the list cannot be judged: it
 * names `$home` and the config sets no home regions. A condition that cannot be judged never holds,
 * so a pack's "outside home" rule stays silent until the project says where home is.
 */
function regionCovered(list: readonly string[], region: string, context: Context): boolean | undefined {
  const expanded: string[] = [];
  for (const entry of list) {
    if (entry !== HOME_REGION) expanded.push(entry);
    else if (context.home.length === 0) return undefined;
    else expanded.push(...context.home);
  }
  return expanded.some((group) => context.covers(group, region));
}

function severityOf(ruleId: string, rule: PolicyRule, ruleSet: RuleSet): Severity | 'off' {
  const overrides = ruleSet.config.severity ?? {};
  return own(overrides, ruleId) ?? own(overrides, rule.id) ?? rule.severity;
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function isSuppressed(flow: Flow, ruleId: string, shortId: string): boolean {
  return (flow.suppressions ?? []).some(
    (s) => s.reason.trim() !== '' && (s.ruleId === ruleId || s.ruleId === shortId || s.ruleId === '*'),
  );
}

/** A suppression without a reason is not honoured; it is reported once, where it is written. */
function reportReasonlessSuppressions(flow: Flow, reported: Set<string>, problems: Problem[]): void {
  for (const s of flow.suppressions ?? []) {
    if (s.reason.trim() !== '') continue;
    const start = s.location.range.start;
    const key = `${s.location.file}:${start.line}:${start.character}:${s.ruleId}`;
    if (reported.has(key)) continue;
    reported.add(key);
    problems.push({
      file: s.location.file,
      range: s.location.range,
      severity: 'warning',
      message: `suppression needs a reason: // privacy-lens-ignore ${s.ruleId || '<rule-id>'}: <reason>`,
    });
  }
}

function makeFinding(flow: Flow, data: FlowData[], pack: Pack, rule: PolicyRule, ruleId: string, severity: Severity): Finding {
  const categories = new Set(data.map((d) => d.category));
  const args = flow.arguments.filter((a) => a.categories.some((c) => categories.has(c)));
  const clause = pack.clauses.find((c) => c.id === rule.clause) ?? missingClause(rule);
  return {
    ruleId,
    severity,
    message: findingMessage(data, flow.destination),
    ruleMessage: rule.message,
    location: flow.location,
    // Only the arguments that carry this finding's data, so that fixes touch nothing else; if the
    // engine's argument categories disagree with its data, keep them all rather than none.
    flow: { ...flow, data, arguments: args.length > 0 ? args : flow.arguments },
    clause: {
      policy: pack.policy.id,
      policyTitle: pack.policy.title,
      id: clause.id,
      title: clause.title,
      quote: clause.quote,
      url: clause.url,
    },
    fixes: [],
  };
}

/** Packs that cite a missing clause are refused by `checkPack`; this keeps a hand-built one usable. */
function missingClause(rule: PolicyRule): Clause {
  return { id: rule.clause, title: rule.clause, quote: '', url: '' };
}

function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location.file;
  const fb = b.location.file;
  if (fa !== fb) return fa < fb ? -1 : 1;
  const sa = a.location.range.start;
  const sb = b.location.range.start;
  return sa.line - sb.line || sa.character - sb.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
