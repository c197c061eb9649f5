// The `@pii` and `@pii-sanitizer` JSDoc tags: on a declaration, or on the type a value is written
// with. JSDoc is parsed on demand, and only in files that write `@pii` at all.

import ts = require('typescript');
import type { Problem } from './types';

/** A word of a `@pii` tag that names a category: dotted (`user.name`), or the root `user`; other words are prose. */
const CATEGORY_WORD = /^(?:user|[a-z_]+(?:\.[a-z0-9_]+)+)$/;

/** Categories named by `@pii` tags on a node, `none` for an opt-out, undefined when untagged. */
export function piiTag(node: ts.Node): string[] | 'none' | undefined {
  // JSDoc is parsed on demand, per node: a file that never writes `@pii` needs none of it.
  if (!mentionsPii(node)) return undefined;
  let tags: readonly ts.JSDocTag[];
  try {
    // A JSDoc `@typedef` is a tag itself: its comment's other tags are its own.
    tags = (ts.isJSDocTypedefTag(node) || ts.isJSDocCallbackTag(node)) && ts.isJSDoc(node.parent) ? (node.parent.tags ?? []) : ts.getJSDocTags(node);
  } catch {
    return undefined;
  }
  const texts = tags.filter((t) => t.tagName.text === 'pii').map((t) => ts.getTextOfJSDocComment(t.comment) ?? '');
  if (!texts.length) texts.push(...sameLineTags(node));
  let out: string[] | undefined;
  for (const text of texts) {
    const words = text.split(/[\s,]+/).filter(Boolean);
    if (!words.length || words[0] === 'none') return 'none';
    // Only the leading category words: anything after a non-category word is prose.
    for (const w of words) {
      if (!CATEGORY_WORD.test(w)) break;
      (out ??= []).push(w);
    }
  }
  return out;
}

/**
 * `@pii` texts of a doc comment on the same line as the end of the previous member:
 * `{ id: string; /** @pii user.health *\/ notes: string }`. TypeScript counts such a comment as
 * trailing the previous token and attaches it to no node, so it is read here from the trivia.
 */
function sameLineTags(node: ts.Node): string[] {
  if (node.flags & ts.NodeFlags.JSDoc || node.kind === ts.SyntaxKind.SourceFile) return [];
  const sf = node.getSourceFile();
  const trivia = sf.text.slice(node.pos, node.getStart(sf));
  const docs = trivia.match(/\/\*\*[\s\S]*?\*\//g);
  const doc = docs?.[docs.length - 1];
  if (!doc?.includes('@pii')) return [];
  const body = doc.slice(3, -2).replace(/^[ \t]*\*/gm, ' ');
  return [...body.matchAll(/@pii(?![\w-])([^@]*)/g)].map((m) => m[1]!.trim());
}

export function hasSanitizerTag(node: ts.Node): boolean {
  if (!mentionsPii(node)) return false;
  try {
    return ts.getJSDocTags(node).some((t) => t.tagName.text === 'pii-sanitizer' || t.tagName.text === 'pii-sanitiser');
  } catch {
    return false;
  }
}

export function typeTag(type: ts.Type): { categories: string[]; name: string } | 'none' | undefined {
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    for (const d of symbol?.declarations ?? []) {
      if (!(ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d) || ts.isEnumDeclaration(d) || ts.isJSDocTypedefTag(d))) continue;
      const tag = piiTag(d);
      if (tag === 'none') return 'none';
      if (tag) return { categories: tag, name: symbol!.name };
    }
  }
  return undefined;
}

const mentions = new WeakMap<ts.SourceFile, boolean>();

/** Whether the node's file has `@pii` anywhere (every tag this module reads starts so). */
function mentionsPii(node: ts.Node): boolean {
  const sf = node.getSourceFile();
  if (!sf) return true;
  let known = mentions.get(sf);
  if (known === undefined) mentions.set(sf, (known = sf.text.includes('@pii')));
  return known;
}

/**
 * `@pii` tags in a file that name no category of the taxonomy (`@pii user.helth`): a tag no pack rule
 * would ever match, reported where it is written, with the categories the author may have meant.
 */
export function tagProblems(sf: ts.SourceFile, categories: ReadonlyMap<string, unknown>): Problem[] {
  if (!sf.text.includes('@pii')) return [];
  const out: Problem[] = [];
  for (const doc of sf.text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    if (!doc[0].includes('@pii')) continue;
    for (const tag of doc[0].matchAll(/@pii(?![\w-])([^@]*)/g)) {
      const text = tag[1]!.replace(/\*\/$/, '').replace(/^[ \t]*\*/gm, ' ');
      let at = doc.index! + tag.index! + 4;
      for (const word of text.split(/([\s,]+)/)) {
        const start = at;
        at += word.length;
        if (!word || /^[\s,]+$/.test(word)) continue;
        if (!CATEGORY_WORD.test(word)) break;
        if (categories.has(word)) continue;
        const pos = sf.getLineAndCharacterOfPosition(start);
        const end = sf.getLineAndCharacterOfPosition(at);
        const near = nearestCategories(word, [...categories.keys()]);
        out.push({
          file: sf.fileName,
          range: { start: pos, end },
          message: `@pii names an unknown category '${word}' (not in rules/taxonomy.yaml)${near.length ? `; did you mean ${near.map((c) => `'${c}'`).join(' or ')}?` : ''}`,
          severity: 'warning',
          replacements: near.length ? near : undefined,
        });
      }
    }
  }
  return out;
}

/** Categories that extend the word (`user.health` → `user.health_and_medical`), else those a typo away. */
function nearestCategories(word: string, ids: readonly string[]): string[] {
  const longer = ids.filter((id) => id.startsWith(word) && !ids.some((other) => other !== id && id.startsWith(other) && other.startsWith(word)));
  if (longer.length) return longer.slice(0, 3);
  const scored = ids.map((id) => ({ id, d: editDistance(word, id) })).filter((s) => s.d <= 2);
  return scored.sort((a, b) => a.d - b.d).slice(0, 3).map((s) => s.id);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
