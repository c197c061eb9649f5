// The policy model: packs (a privacy policy's clauses and the rules that enforce them), the
// project config, the immutable rule set built from both, and the findings a rule set makes of flows.

import type { Catalogue, Fix, Flow, Location, Purpose, SanitiserSpec, SinkKind, SinkSpec } from '../analysis/types';

export type Severity = 'error' | 'warning' | 'note';

/** One section of a privacy policy that a rule can cite. */
export interface Clause {
  id: string;
  /** The section's heading, as the policy gives it. */
  title: string;
  /** The sentences the rules rest on, verbatim from the policy. */
  quote: string;
  /** A link to the clause (the policy URL with an anchor). */
  url: string;
}

/**
 * The conditions under which a rule forbids a flow; every condition given must hold.
 * Categories match by prefix on dot boundaries: `user.contact` covers `user.contact.email`.
 */
export interface RuleCondition {
  categories?: string[];
  exceptCategories?: string[];
  sinkKinds?: SinkKind[];
  vendors?: string[];
  purposes?: Purpose[];
  /** The host's region is known and is (covered by) one of these. `$home` means the config's home regions. */
  regionIn?: string[];
  /** The host's region is known and is not (covered by) any of these. `$home` as above. */
  regionNotIn?: string[];
  /** The resolved URL's scheme is one of these (`http` for "card data only over TLS"). */
  schemes?: string[];
  /**
   * Hashed or pseudonymised data: `exclude` (default) ignores it, `include` counts it too, `only`
   * counts nothing else (e.g. hashed e-mails uploaded for ad audience matching).
   */
  derived?: 'exclude' | 'include' | 'only';
}

export interface PolicyRule {
  /** Unique within the pack; the reported rule id is `<pack id>/<rule id>`. */
  id: string;
  clause: string;
  severity: Severity;
  /** The commitment in one sentence, e.g. "Personal data is hosted only in the US and the EU." */
  message: string;
  when: RuleCondition;
  /** Proposed by `privacy-lens policy draft` from the policy's text and not yet reviewed. */
  draft?: boolean;
}

export interface PackIdentity {
  id: string;
  company: string;
  title: string;
  url: string;
  /** The "last updated" or effective date as the text gives it. */
  version: string;
}

export interface Pack {
  policy: PackIdentity;
  clauses: Clause[];
  rules: PolicyRule[];
  /** Commitments deliberately not encoded, and why. */
  notEncoded?: Array<{ commitment: string; why: string }>;
  /** Drafted by `privacy-lens policy draft` and not yet reviewed as a whole. */
  draft?: boolean;
  /** Where the pack was loaded from. */
  file: string;
}

/** A project's `privacy-lens.yaml`. Paths in it are relative to the file. */
export interface ProjectConfig {
  /** Bundled pack ids (`sonarcx`) or paths to pack files. Default: the bundled `default` pack. */
  packs?: string[];
  include?: string[];
  exclude?: string[];
  /** Scan test files too (`*.test.ts`, `__tests__/`, `e2e/`…); default false: tests send fake people to fake servers. */
  tests?: boolean;
  homeRegions?: string[];
  /** Host glob → region code, checked before the built-in catalogue. */
  hosts?: Record<string, string>;
  /** Extra sources: a declaration path (`Lead.contactInfo`) or a name pattern, with its category. */
  sources?: Array<{ field?: string; name?: string; category: string }>;
  sinks?: SinkSpec[];
  sanitisers?: SanitiserSpec[];
  /** Rule id (`sonarcx/no-logs`) → severity, or `off`. */
  severity?: Record<string, Severity | 'off'>;
  failOn?: Severity;
  /** The sanitiser the "wrap in sanitiser" quick fix uses, and where to import it from. */
  fix?: { sanitiser?: string; import?: string };
  /** Where the config was loaded from (absolute), or undefined for the built-in defaults. */
  file?: string;
}

/** Everything a scan applies: catalogue, packs and config, merged and frozen. */
export interface RuleSet {
  catalogue: Catalogue;
  packs: Pack[];
  config: ProjectConfig;
}

export interface ClauseRef {
  /** The pack id, e.g. `sonarcx`. */
  policy: string;
  policyTitle: string;
  id: string;
  title: string;
  quote: string;
  url: string;
}

/** A flow that a rule forbids. */
export interface Finding {
  /** `<pack id>/<rule id>`. */
  ruleId: string;
  severity: Severity;
  /** One factual sentence: "'customer.ssn' (user.government_id) reaches the log call 'logger.info'." */
  message: string;
  /** The commitment the rule enforces, in one sentence. */
  ruleMessage: string;
  location: Location;
  flow: Flow;
  clause: ClauseRef;
  fixes: Fix[];
}

/** A configuration or pack error, with file, line and column (1-based, as a user reads them). */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  message: string;
}
