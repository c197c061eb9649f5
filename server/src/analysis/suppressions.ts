// `// privacy-lens-ignore <rule-id>: <reason>` comments on a sink's line or the line above it.
// The engine only finds them; the policy layer decides which findings they silence.

import ts = require('typescript');
import type { Flow } from './types';

const IGNORE = /\/\/\s*privacy-lens-ignore\s+([\w./*-]+)\s*(?::\s*(.*))?$/;

export function suppressionsAt(sf: ts.SourceFile, line: number): NonNullable<Flow['suppressions']> {
  const out: NonNullable<Flow['suppressions']> = [];
  const starts = sf.getLineStarts();
  for (const l of [line - 1, line]) {
    if (l < 0 || l >= starts.length) continue;
    const text = sf.text.slice(starts[l], l + 1 < starts.length ? starts[l + 1] : sf.text.length).replace(/\r?\n$/, '');
    const idx = text.indexOf('privacy-lens-ignore');
    if (idx < 0) continue;
    const comment = text.slice(text.lastIndexOf('//', idx));
    const m = IGNORE.exec(comment);
    if (!m) continue;
    const character = text.length - comment.length;
    out.push({
      ruleId: m[1],
      reason: (m[2] ?? '').trim(),
      location: { file: sf.fileName, range: { start: { line: l, character }, end: { line: l, character: text.length } } },
    });
  }
  return out;
}
