// A quick scan for how deeply a file's brackets nest. The TypeScript parser recurses once per
// level and overflows the stack somewhere past a few thousand; generated files get there, people
// don't. Strings and comments are skipped so that brackets inside them don't count.

/** Deeper than this, a file is generated data, not code a person reviews. */
export const MAX_BRACKET_DEPTH = 500;

export function bracketDepth(text: string, limit = MAX_BRACKET_DEPTH): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      // ( [ {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39 || c === 96) {
      // " ' `: skip to the closing quote, honouring escapes.
      for (i++; i < n && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    }
  }
  return max;
}
