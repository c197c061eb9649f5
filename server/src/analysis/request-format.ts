// Request-logging middleware (`morgan('combined')`) writes what its format names about each request:
// the client's IP address and user agent are personal data the program never passes explicitly.

import ts = require('typescript');
import { locationOf } from './locations';
import type { SourceHit } from './sources';

/** morgan's predefined formats, by the tokens in them that name personal data. */
const PREDEFINED: Readonly<Record<string, string>> = {
  combined: ':remote-addr :user-agent',
  common: ':remote-addr',
  default: ':remote-addr :user-agent',
  short: ':remote-addr',
  tiny: '',
  dev: '',
};

const TOKENS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/:remote-addr\b|:req\[x-forwarded-for\]/i, 'user.device.ip_address', "the client's IP address"],
  [/:user-agent\b|:req\[user-agent\]/i, 'user.device', "the client's user agent"],
];

/** The personal request fields a log format writes (every format the expression may be, as written). */
export function requestFormatHits(format: ts.Expression, declarationOf: (id: ts.Identifier) => ts.Declaration | undefined): SourceHit[] {
  const texts = formatTexts(format, declarationOf, 0);
  const hits: SourceHit[] = [];
  for (const [re, category, what] of TOKENS) {
    const text = texts.find((t) => re.test(PREDEFINED[t] ?? t));
    if (text !== undefined) {
      const how = text in PREDEFINED ? `its '${text}' format` : `its format '${text}'`;
      hits.push({ category, reason: { kind: 'config', detail: `request-logging middleware writes ${what} (${how})`, location: locationOf(format) } });
    }
  }
  return hits;
}

function formatTexts(e: ts.Expression, declarationOf: (id: ts.Identifier) => ts.Declaration | undefined, depth: number): string[] {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isStringLiteralLike(e)) return [e.text];
  // log4js's `connectLogger(logger, { level: 'auto', format: ':remote-addr …' })`: its `format`, else
  // the default one (the client's address and user agent, as morgan's).
  if (ts.isObjectLiteralExpression(e)) {
    const format = e.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === 'format');
    return format ? formatTexts(format.initializer, declarationOf, depth + 1) : e.properties.some(ts.isSpreadAssignment) ? [] : ['default'];
  }
  if (depth > 4) return [];
  if (ts.isConditionalExpression(e)) return [...formatTexts(e.whenTrue, declarationOf, depth + 1), ...formatTexts(e.whenFalse, declarationOf, depth + 1)];
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return [...formatTexts(e.left, declarationOf, depth + 1), ...formatTexts(e.right, declarationOf, depth + 1)];
  if (ts.isIdentifier(e)) {
    const decl = declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && decl.parent.flags & ts.NodeFlags.Const) return formatTexts(decl.initializer, declarationOf, depth + 1);
  }
  return [];
}

/**
 * `Fastify({ logger: true })`: the framework's logger writes a line for every request with the client's
 * address, unless its options turn that off (`disableRequestLogging: true`) or serialize the request
 * themselves (`logger: { serializers: { req } }`).
 */
export function requestLogHits(call: ts.CallExpression | ts.NewExpression, spec: { enabledBy: string; disabledBy?: string }): SourceHit[] {
  const options = call.arguments?.[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return [];
  const option = (o: ts.ObjectLiteralExpression, key: string) => o.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === key)?.initializer;
  const logger = option(options, spec.enabledBy);
  if (!logger || logger.kind === ts.SyntaxKind.FalseKeyword) return [];
  const off = spec.disabledBy ? option(options, spec.disabledBy) : undefined;
  if (off && off.kind !== ts.SyntaxKind.FalseKeyword) return [];
  const serializers = ts.isObjectLiteralExpression(logger) ? option(logger, 'serializers') : undefined;
  if (serializers && (!ts.isObjectLiteralExpression(serializers) || option(serializers, 'req') || serializers.properties.some((p) => ts.isMethodDeclaration(p) && p.name.getText() === 'req'))) return [];
  return [{ category: 'user.device.ip_address', reason: { kind: 'config', detail: `the framework's logger writes each request's client address ('${spec.enabledBy}' is on)`, location: locationOf(logger) } }];
}
