// Syntactic and type-level judgements about values: which expressions are constants written in the
// code or the deployment's settings (never a person's data), whether a variable only repeats a field's
// name, and which parameter types stand for "whatever the caller passes".

import ts = require('typescript');
import { normaliseName } from './names';

/** Literals and templates of literals: values written in the code, not data from outside. */
export function isConstant(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return isConstant(e.expression);
  if (ts.isLiteralExpression(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
  const k = e.kind;
  if (k === ts.SyntaxKind.TrueKeyword || k === ts.SyntaxKind.FalseKeyword || k === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(e) && e.text === 'undefined') return true;
  if (ts.isPrefixUnaryExpression(e)) return isConstant(e.operand);
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isConstant(s.expression));
  if (ts.isArrayLiteralExpression(e)) return e.elements.every(isConstant);
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && isConstant(p.initializer));
  if (ts.isBinaryExpression(e)) return isConstant(e.left) && isConstant(e.right);
  if (ts.isConditionalExpression(e)) return isConstant(e.whenTrue) && isConstant(e.whenFalse);
  // Arrays and objects built empty (`[]`, `{}`, `new Map()`) are filled later, by flow.
  if (ts.isNewExpression(e) && !e.arguments?.length) return true;
  return false;
}

/**
 * A read of the deployment's configuration: `process.env.TWILIO_NUMBER`, `import.meta.env.X`,
 * `this.config.get('SUPPORT_EMAIL')`. What it holds is the organisation's own setting (its sender
 * number, its support address), not a person's data, whatever the variable is called.
 */
export function isConfigRead(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return isConfigRead(e.left) && (isConfigRead(e.right) || isConstant(e.right) || isUpperCaseConstant(e.right));
  }
  // Built only from settings and literals: `Outline-${env.VERSION ? env.VERSION.slice(0, 7) : ''}`.
  const part = (x: ts.Expression) => isConstant(x) || isConfigRead(x);
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => part(s.expression));
  if (ts.isConditionalExpression(e)) return part(e.whenTrue) && part(e.whenFalse);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return part(e.left) && part(e.right) && !(isConstant(e.left) && isConstant(e.right));
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && STRING_METHODS.has(e.expression.name.text)) {
    return isConfigRead(e.expression.expression) && e.arguments.every(isConstant);
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const env = e.expression;
    if (ts.isPropertyAccessExpression(env) && env.name.text === 'env') {
      const owner = env.expression;
      if ((ts.isIdentifier(owner) && owner.text === 'process') || ts.isMetaProperty(owner)) return true;
      // A Worker's bindings (`c.env.OPS_EMAIL` of Hono's context, `this.env.OPS_EMAIL`), named in capitals.
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : '';
      return /^[A-Z][A-Z0-9_]*$/.test(key);
    }
    // The application's own settings object: `env.SMTP_REPLY_EMAIL`, `this.config.fromNumber`; a
    // field of a constant the program declares in capitals (`TEMPLATES.recall`, `SENDERS.billing`).
    const owner = ts.isIdentifier(env) ? env.text : ts.isPropertyAccessExpression(env) && env.expression.kind === ts.SyntaxKind.ThisKeyword ? env.name.text : '';
    if (SETTINGS_OBJECT.test(owner) || isUpperCaseConstant(env)) return true;
    // Deeper in a settings object (`config.blackBook.username`), or in Nuxt's runtime config
    // (`useRuntimeConfig().public.apiBase`).
    let root: ts.Expression = env;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isNonNullExpression(root)) root = root.expression;
    return (root !== env && ts.isIdentifier(root) && SETTINGS_OBJECT.test(root.text)) || isRuntimeConfigCall(root);
  }
  // `DOCUMENT_CONVERSION_AUTH()`: a settings accessor named as a constant.
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(e.expression.text)) return true;
  // `env('SMTP_FROM_ADDRESS')`, `getEnv('X')`: a settings helper called with the setting's name.
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && SETTINGS_FUNCTION.test(e.expression.text)) {
    const arg = e.arguments[0];
    return !!arg && ts.isStringLiteralLike(arg);
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && /^get(?:OrThrow)?$/.test(e.expression.name.text)) {
    const arg = e.arguments[0];
    const receiver = e.expression.expression;
    const receiverName = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
    return !!arg && ts.isStringLiteralLike(arg) && /(?:config|configuration|settings|env)(?:Service)?$/i.test(receiverName);
  }
  return false;
}

/** `useRuntimeConfig()`, `useAppConfig()` (Nuxt): the deployment's settings. */
function isRuntimeConfigCall(e: ts.Expression): boolean {
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && /^use(?:Runtime|App)Config$/.test(e.expression.text);
}

/** `CLINIC_FROM`, `TEMPLATES`: a name written in capitals, by convention the program's own constant. */
function isUpperCaseConstant(e: ts.Expression): boolean {
  return ts.isIdentifier(e) && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(e.text) && e.text.length > 1;
}

const STRING_METHODS = new Set(['slice', 'substring', 'trim', 'toLowerCase', 'toUpperCase', 'replace', 'split', 'toString']);

const SETTINGS_FUNCTION = /^(?:env|getEnv|readEnv|requireEnv|getConfig|config|setting|getSetting)$/;

const SETTINGS_OBJECT = /^(?:env|environment|config|configuration|settings|appConfig|appSettings)$/i;

/** A member of an enum (`Channel.EMAIL`): a constant that names a kind of thing, never its value. */
export function isEnumValue(checker: ts.TypeChecker, e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  return (checker.getTypeAtLocation(e).flags & ts.TypeFlags.EnumLiteral) !== 0;
}

/** A parameter type that stands for whatever callers pass: strings, `any`, generics, records. */
export function isOpenType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.StringLike | ts.TypeFlags.TypeParameter | ts.TypeFlags.NonPrimitive)) return true;
  if (f & (ts.TypeFlags.BooleanLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return false;
  if (type.isUnion()) return type.types.some((t) => isOpenType(checker, t));
  if (checker.isArrayType(type)) return (checker.getTypeArguments(type as ts.TypeReference) ?? []).some((t) => isOpenType(checker, t));
  if (f & ts.TypeFlags.Object) {
    if (type.getCallSignatures().length) return false;
    return !!type.getStringIndexType() || type.getProperties().length === 0;
  }
  return false;
}

/**
 * `alreadySentEmails: { partnerId: string }[]`: records (or a list of them) whose declared fields say
 * what they hold, none of it personal, whatever the variable holding them is called.
 */
export function hasOnlyOtherFields(checker: ts.TypeChecker, type: ts.Type, mayBePersonal: (name: string) => boolean): boolean {
  const shape = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : type;
  if (!shape || !(shape.flags & ts.TypeFlags.Object) || isOpenType(checker, shape)) return false;
  const fields = shape.getProperties();
  return fields.length > 0 && !fields.some((f) => mayBePersonal(f.name));
}

/** A record of flags and counts only (`Filter { read?: boolean; seen?: boolean }`): never an address or a name. */
export function isFlagRecord(checker: ts.TypeChecker, type: ts.Type, kindOf: (t: ts.Type) => string): boolean {
  const shape = checker.getNonNullableType(type);
  if (!(shape.flags & ts.TypeFlags.Object) || isOpenType(checker, shape) || shape.getCallSignatures().length) return false;
  const fields = shape.getProperties();
  return fields.length > 0 && fields.every((f) => {
    const kind = kindOf(checker.getNonNullableType(checker.getTypeOfSymbol(f)));
    return kind === 'boolean' || kind === 'number';
  });
}

/**
 * `export const SUPPORT_EMAIL = …` at module level: upper-case constants are the application's own
 * values by convention (its sender, its support inbox), not a person's.
 */
export function isModuleConstant(d: ts.VariableDeclaration): boolean {
  const list = d.parent;
  return ts.isIdentifier(d.name) && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{2,}[0-9]*$/.test(d.name.text) && ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0 && ts.isSourceFile(list.parent.parent);
}

/** `const name = queue.name`: the variable repeats the field's name and says nothing new about it. */
export function repeatsFieldName(name: string, init: ts.Expression): boolean {
  let e = init;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = e.left;
    else break;
  }
  const field = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
  return field !== undefined && normaliseName(field) === normaliseName(name);
}

/**
 * `org.supportEmail ?? 'help@northwind.example'`: a value that is only fields whose names say they
 * never carry personal data (and literals), whatever the variable holding it is called.
 */
export function readsExcludedFields(init: ts.Expression, isExcluded: (name: string) => boolean): boolean {
  let reads = 0;
  const only = (e: ts.Expression): boolean => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return only(e.left) && only(e.right);
    if (ts.isConditionalExpression(e)) return only(e.whenTrue) && only(e.whenFalse);
    if (ts.isStringLiteralLike(e)) return true;
    if (!ts.isPropertyAccessExpression(e) || !isExcluded(e.name.text)) return false;
    reads++;
    return true;
  };
  return only(init) && reads > 0;
}

/** Test-data generators: what they return is invented. */
const FAKE_DATA = /^(?:@faker-js\/faker|faker|chance|casual|@ngneat\/falso)(?:\/|$)/;

/** `faker.internet.email()`: a test-data library's invention, no person behind it. */
export function isMadeUp(e: ts.Expression, moduleOf: (callee: ts.Expression) => string | undefined): boolean {
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e)) return false;
  const module = moduleOf(e.expression);
  return !!module && FAKE_DATA.test(module);
}
