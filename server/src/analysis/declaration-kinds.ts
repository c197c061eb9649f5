// What a declaration is, whatever it is called: a constant the code names, a setting, a choice among
// literals, a field of a tagged type. Sources ask before the name rules do.

import ts = require('typescript');
import { isConfigRead, isConstant } from './value-kinds';
import { constructorAssignment } from './origin-syntax';

/**
 * UPPER_SNAKE_CASE names a setting or a constant (`TO_EMAIL_ADDRESS`, Twilio's `context.CALLER_ID`,
 * `const CUSTOMER_NAME = getParam('CUSTOMER_NAME')`): the organisation's own value, never a person's
 * by its name. What flows into it still counts.
 */
export const SETTING_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Categories a value chosen from a few literals cannot hold. */
export const NOT_AN_ENUMERATION = /^user\.(?:contact|name|device|authorization|content|account|unique_id|government_id)\b/;

/** A union of string literals (`'customer' | 'agent'`), possibly optional. */
export function isEnumeration(type: ts.Type): boolean {
  if (!type.isUnion()) return false;
  const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  return members.length > 0 && members.every((t) => t.isStringLiteral());
}

/** The interface, class or type alias a field is declared in. */
export function ownerDeclaration(decl: ts.PropertySignature | ts.PropertyDeclaration | ts.JSDocPropertyTag): ts.Declaration | undefined {
  const p: ts.Node = decl.parent;
  // (`@typedef {Object} Account` with its `@property` tags, in JavaScript.)
  if (ts.isJSDocPropertyTag(decl)) return ts.isJSDocTypeLiteral(p) && ts.isJSDocTypedefTag(p.parent) ? p.parent : undefined;
  if (ts.isInterfaceDeclaration(p) || ts.isClassLike(p)) return p as ts.Declaration;
  return ts.isTypeLiteralNode(p) && ts.isTypeAliasDeclaration(p.parent) ? p.parent : undefined;
}

/**
 * An enum member, a `readonly` property initialised with a literal, or a property of an `as const`
 * object: a constant the code names (`Channel.EMAIL = 'email'`, `static readonly SUPPORT_EMAIL`),
 * the organisation's own value or a kind of thing, not a person's data.
 */
export function isNamedConstant(decl: ts.Declaration): boolean {
  if (ts.isEnumMember(decl)) return true;
  // `constructor(private readonly branchPhone = process.env.BRANCH_PHONE ?? '+44…')`: the class's setting.
  if (ts.isParameter(decl) && decl.initializer && ts.isConstructorDeclaration(decl.parent) && ts.getModifiers(decl)?.length && isConfigRead(decl.initializer)) return true;
  // `private readonly dutyManagerPhone: string`, set in the constructor from `config.getOrThrow('DUTY_MANAGER_PHONE')`.
  if (ts.isPropertyDeclaration(decl) && !decl.initializer && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly) {
    const set = constructorAssignment(decl);
    if (set && isConfigRead(set)) return true;
  }
  if (ts.isPropertyDeclaration(decl) && decl.initializer && isConstant(decl.initializer)) {
    return ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly ? !isEmptyLiteral(decl.initializer) : false;
  }
  // `{ from: SMS_SENDER }`, `{ phone: process.env.SUPPORT_PHONE }`: the organisation's own setting.
  if (ts.isPropertyAssignment(decl) && ((ts.isIdentifier(decl.initializer) && SETTING_NAME.test(decl.initializer.text)) || isConfigRead(decl.initializer))) return true;
  if (ts.isPropertyAssignment(decl) && isConstant(decl.initializer) && !isEmptyLiteral(decl.initializer)) {
    let object: ts.Node = decl.parent;
    while (object.parent && (ts.isObjectLiteralExpression(object.parent) || ts.isPropertyAssignment(object.parent))) object = object.parent;
    const outer = object.parent;
    return !!outer && ts.isAsExpression(outer) && ts.isTypeReferenceNode(outer.type) && outer.type.typeName.getText() === 'const';
  }
  return false;
}

function isEmptyLiteral(e: ts.Expression): boolean {
  return ts.isStringLiteralLike(e) && e.text === '';
}

/** `static lastNumber`: one store for every function of the program, as a module variable is. */
export function isStaticField(decl: ts.Declaration): decl is ts.PropertyDeclaration {
  return ts.isPropertyDeclaration(decl) && !!decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

const withoutThis = new WeakMap<ts.SignatureDeclaration, readonly ts.ParameterDeclaration[]>();

/**
 * A function's parameters as its callers' arguments fill them: TypeScript's `this:` parameter
 * (`function logPair(this: Tagged, key, value)`) is no argument's.
 */
export function argumentParameters(fn: ts.SignatureDeclaration): readonly ts.ParameterDeclaration[] {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name) || first.name.escapedText !== 'this') return fn.parameters;
  let rest = withoutThis.get(fn);
  if (!rest) withoutThis.set(fn, (rest = fn.parameters.slice(1)));
  return rest;
}
