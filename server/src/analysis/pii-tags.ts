// The `@pii` and `@pii-sanitizer` JSDoc tags: on a declaration, or on the type a value is written
// with. JSDoc is parsed on demand, and only in files that write `@pii` at all.

import ts = require('typescript');

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
  let out: string[] | undefined;
  for (const tag of tags) {
    if (tag.tagName.text !== 'pii') continue;
    const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
    const words = text.split(/[\s,]+/).filter(Boolean);
    if (!words.length || words[0] === 'none') return 'none';
    // Only the leading category words: anything after a non-category word is prose.
    for (const w of words) {
      if (!/^[a-z_]+(?:\.[a-z0-9_]+)*$/.test(w)) break;
      (out ??= []).push(w);
    }
  }
  return out;
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
