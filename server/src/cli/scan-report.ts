// What one scan produced, as every report format reads it: the findings, the problems met on the
// way, the files analysed and the rule set that judged them.

import type { Problem } from '../analysis/types';
import type { Finding, RuleSet } from '../policy/types';

export interface ScanReport {
  /** The folder the report's paths are relative to (absolute): the scanned folder, or the common ancestor of the scanned paths. */
  root: string;
  /** Every file analysed (absolute). */
  files: string[];
  findings: Finding[];
  /** Engine and evaluation problems: unparsable files, suppressions without a reason. */
  problems: Problem[];
  ruleSet: RuleSet;
}
