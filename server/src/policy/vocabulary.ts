// The closed word lists of the policy model (severities, sink kinds, purposes), as runtime values for
// meaning checks of packs and configs that did not come through the JSON Schemas, and the one
// "did you mean" helper their error messages share.

import type { Purpose, SinkKind } from '../analysis/types';
import type { Severity } from './types';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export const SINK_KINDS: readonly SinkKind[] = ['log', 'third-party', 'transfer'];

export const PURPOSES: readonly Purpose[] = [
  'advertising',
  'marketing',
  'analytics',
  'error-monitoring',
  'messaging',
  'email',
  'crm',
  'payments',
  'support',
  'search',
  'ai',
  'storage',
  'identity',
];

/** `$home` in a rule's region lists stands for the config's `homeRegions`. */
export const HOME_REGION = '$home';

/**
 * The candidate closest to `word` by edit distance, when it is close enough to be a likely typo
 * (at most a third of the word's length): `user.contact.emial` → `user.contact.email`. Words
 * shorter than three characters get no suggestion: every two-letter region code is one edit from
 * dozens of others.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.floor(word.length / 3);
  if (limit === 0) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean 'x'?` or nothing: appended to "unknown …" messages. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match !== undefined && match !== word ? `; did you mean '${match}'?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
