// What a sink call's arguments carry beyond their own taint: the fields a logger was built to censor
// come out (pino's \`redact\`), and whoever an e-mail service writes to is a person's address.

import ts = require('typescript');
import { type Taint, flatten, union } from './taint';
import type { FunctionAnalyzer } from './interpreter';
import { isConfigRead, isConstant } from './value-kinds';

/**
 * Paths a logger was built to censor: pino's `redact: ['email', '*.password']` or
 * `redact: { paths: [...] }` on the factory call (`pino({ redact })`, `logger.child({}, { redact })`).
 * Only paths written as literals count.
 */
export function redactPaths(calls: ReadonlyArray<ts.CallExpression | ts.NewExpression>): string[][] {
  const out: string[][] = [];
  for (const c of calls) {
    for (const arg of c.arguments ?? []) {
      if (!ts.isObjectLiteralExpression(arg)) continue;
      for (const p of arg.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || p.name.text !== 'redact') continue;
        let list: ts.Expression | undefined = p.initializer;
        if (ts.isObjectLiteralExpression(list)) {
          const paths = list.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && ts.isIdentifier(q.name) && q.name.text === 'paths');
          // `remove: false` with a censor still hides the value; both count as redacted.
          list = paths?.initializer;
        }
        if (!list || !ts.isArrayLiteralExpression(list)) continue;
        for (const el of list.elements) if (ts.isStringLiteralLike(el)) out.push(el.text.replace(/\[["']?([^\]"']+)["']?\]/g, '.$1').split('.').filter(Boolean));
      }
    }
  }
  return out;
}

/** A logged value without the fields its logger censors (`*` matches any one field). */
export function redacted(t: Taint, paths: readonly string[][]): Taint {
  if (!paths.length || !t.fields) return t;
  let out = t;
  for (const path of paths) out = withoutPath(out, path);
  return out;
}

function withoutPath(t: Taint, path: readonly string[]): Taint {
  if (!t.fields || !path.length) return t;
  const [head, ...rest] = path;
  const fields = new Map(t.fields);
  for (const key of head === '*' ? [...fields.keys()] : [head]) {
    const field = fields.get(key);
    if (!field) continue;
    if (rest.length === 0) fields.delete(key);
    else fields.set(key, withoutPath(field, rest));
  }
  return { labels: t.labels, fields };
}

const RECIPIENT_FIELDS = new Set(['to', 'cc', 'bcc']);

/**
 * `resend.emails.send({ to: item.to })`: whoever an e-mail service is asked to write to is a
 * person's address, whatever the value was called. The application's own addresses (literals,
 * settings, UPPER_CASE constants) are not.
 */
export function recipients(a: FunctionAnalyzer, arg: ts.Expression, t: Taint, vendor: string): Taint {
  // Where the data already reads as an address, its own reason is the better explanation.
  if (!ts.isObjectLiteralExpression(arg) || flatten(t).some((l) => l.category === 'user.contact.email')) return t;
  let out = t;
  for (const p of arg.properties) {
    if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !ts.isIdentifier(p.name) || !RECIPIENT_FIELDS.has(p.name.text)) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
    if (isConstant(value) || isConfigRead(value) || (ts.isIdentifier(value) && /^[A-Z][A-Z0-9_]*$/.test(value.text))) continue;
    out = union(out, a.sourceTaint([{ category: 'user.contact.email', reason: { kind: 'name', detail: `the recipient ('${p.name.text}') of an e-mail sent with ${vendor}` } }], value));
  }
  return out;
}
