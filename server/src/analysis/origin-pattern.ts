// The `calls` pattern language of sink and sanitiser specs (see SinkSpec in types.ts): patterns over
// a callee's origin path, whose segments are property names or `()` for a call.
//
//   `**`     zero or more segments        `*`  exactly one segment
//   `{a,b}`  one segment, any alternative `()` a call (also allowed as an alternative: `{(),send}`)
//   anything else is a property name matched literally (case-sensitive, as JavaScript is).

export type OriginPath = readonly string[];
export type OriginMatcher = (path: OriginPath) => boolean;

type Segment = { kind: 'any-many' } | { kind: 'any-one' } | { kind: 'one-of'; names: ReadonlySet<string> };

/** Characters a literal segment may not contain: they belong to the pattern syntax. */
const RESERVED = /[/{},*\s]/;

/**
 * Why a pattern is malformed, or undefined when it is fine. The catalogue loader reports this with
 * the pattern's line and column; the engine only ever compiles patterns that passed.
 */
export function originPatternError(pattern: string): string | undefined {
  const parsed = parse(pattern);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * Compiles a pattern into a matcher over whole paths. A malformed pattern (see `originPatternError`)
 * matches nothing rather than throwing: patterns are data and are validated where they are loaded.
 */
export function compileOriginPattern(pattern: string): OriginMatcher {
  const parsed = parse(pattern);
  if (typeof parsed === 'string') return () => false;
  return (path) => matches(parsed, path);
}

/** Compiles several patterns into one matcher that accepts a path any of them accepts. */
export function compileOriginPatterns(patterns: readonly string[]): OriginMatcher {
  const matchers = patterns.map(compileOriginPattern);
  return (path) => matchers.some((m) => m(path));
}

/**
 * The names a matching call's callee can end in (`{withScope,configureScope}` → both), for a cheap
 * filter before resolving origins; undefined when the pattern does not pin them (`**`, `*`, `()/()`).
 */
export function calleeNames(pattern: string): ReadonlySet<string> | undefined {
  const parsed = parse(pattern);
  if (typeof parsed === 'string') return new Set();
  let i = parsed.length - 1;
  const last = parsed[i];
  if (last?.kind === 'one-of' && last.names.size === 1 && last.names.has('()')) i--;
  const seg = parsed[i];
  if (seg?.kind !== 'one-of' || seg.names.has('()')) return undefined;
  return seg.names;
}

/**
 * A literal origin path (`getCurrentScope/()`: property names and `()`, no wildcards or alternatives),
 * as the catalogue names the object a callback receives; or why the text is not one.
 */
export function parseOriginPath(text: string): string[] | string {
  const parsed = parse(text);
  if (typeof parsed === 'string') return parsed;
  const path: string[] = [];
  for (const seg of parsed) {
    if (seg.kind !== 'one-of' || seg.names.size !== 1) return `'${text}' is a pattern: an object's path has literal segments only`;
    path.push([...seg.names][0]);
  }
  return path;
}

function parse(pattern: string): Segment[] | string {
  if (pattern.trim() === '') return 'empty pattern: use `()` for a call of the root itself';
  const segments: Segment[] = [];
  for (const raw of pattern.split('/')) {
    if (raw === '') return `empty segment in '${pattern}' (two '/' in a row, or a leading or trailing '/')`;
    if (raw === '**') {
      // `**/**` is the same as `**`; collapsing keeps matching linear.
      if (segments[segments.length - 1]?.kind !== 'any-many') segments.push({ kind: 'any-many' });
      continue;
    }
    if (raw === '*') {
      segments.push({ kind: 'any-one' });
      continue;
    }
    let alternatives: string[];
    if (raw.startsWith('{')) {
      if (!raw.endsWith('}')) return `unclosed '{' in segment '${raw}' of '${pattern}'`;
      alternatives = raw.slice(1, -1).split(',');
      if (alternatives.length < 2) return `'${raw}' in '${pattern}' has one alternative: write it without braces`;
    } else {
      alternatives = [raw];
    }
    for (const name of alternatives) {
      if (name === '') return `empty alternative in '${raw}' of '${pattern}'`;
      if (name === '()') continue;
      if (name.includes('(') || name.includes(')')) return `'${name}' in '${pattern}': a call is its own segment, write '${name.replace(/\(\)$/, '')}/()'`;
      if (RESERVED.test(name)) return `'${name}' in '${pattern}' contains a character reserved by the pattern syntax`;
    }
    segments.push({ kind: 'one-of', names: new Set(alternatives) });
  }
  return segments;
}

function matches(segments: readonly Segment[], path: OriginPath): boolean {
  // reachable[j]: the segments consumed so far can match exactly path[0..j). One pass per segment,
  // so a pattern with several `**` stays O(segments × path) instead of backtracking.
  let reachable: boolean[] = new Array<boolean>(path.length + 1).fill(false);
  reachable[0] = true;
  for (const seg of segments) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    if (seg.kind === 'any-many') {
      let seen = false;
      for (let j = 0; j <= path.length; j++) {
        seen = seen || reachable[j];
        next[j] = seen;
      }
    } else {
      for (let j = 0; j < path.length; j++) {
        if (reachable[j] && (seg.kind === 'any-one' || seg.names.has(path[j]))) next[j + 1] = true;
      }
    }
    reachable = next;
  }
  return reachable[path.length];
}
