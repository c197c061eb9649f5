// Evaluates string expressions that are known without running anything: literals, templates and
// concatenations of constants, `const` declarations across files, object-literal properties,
// `process.env.X ?? 'default'` and `new URL(path, base)`. A partial result keeps the known prefix,
// which is what a URL's host needs.

import ts = require('typescript');
import { declarationOf, isDynamicImport } from './origin-syntax';

export interface ConstString {
  text: string;
  /** False when only a prefix of the value is known. */
  complete: boolean;
  /** The literal the text starts in, for fixes that replace a host. */
  literal?: ts.StringLiteralLike | ts.TemplateLiteralLikeNode;
}

const MAX_DEPTH = 10;

/** The page's own address, as a base for a relative URL. */
const PAGE_LOCATION = /^(?:(?:window|self|globalThis)\.)?(?:location\.(?:origin|href)|document\.(?:baseURI|location\.(?:origin|href)))$/;

export class ConstantEvaluator {
  constructor(private readonly checker: () => ts.TypeChecker) {}

  evaluate(expr: ts.Expression, depth = 0): ConstString | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isStringLiteralLike(expr)) return { text: expr.text, complete: true, literal: expr };
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) {
      return this.evaluate(expr.expression, depth + 1);
    }
    if (ts.isTemplateExpression(expr)) {
      let text = expr.head.text;
      let literal: ConstString['literal'] = expr.head;
      for (const span of expr.templateSpans) {
        const v = this.evaluate(span.expression, depth + 1);
        if (!v) return { text, complete: false, literal };
        if (text === '' && v.literal) literal = v.literal;
        text += v.text;
        if (!v.complete) return { text, complete: false, literal };
        text += span.literal.text;
      }
      return { text, complete: true, literal };
    }
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        const l = this.evaluate(expr.left, depth + 1);
        if (!l) return undefined;
        if (!l.complete) return l;
        const r = this.evaluate(expr.right, depth + 1);
        return r ? { text: l.text + r.text, complete: r.complete, literal: l.literal } : { text: l.text, complete: false, literal: l.literal };
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        // (`process.env.CRM_URL ?? ''`: an empty fallback says nothing of where the setting points.)
        const fallback = this.evaluate(expr.right, depth + 1);
        return this.evaluate(expr.left, depth + 1) ?? (fallback?.text === '' ? undefined : fallback);
      }
      return undefined;
    }
    // `fetch(new Request(url, init))`: the request's URL.
    if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'Request' && expr.arguments?.length) return this.evaluate(expr.arguments[0], depth + 1);
    if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'URL' && expr.arguments?.length) {
      const [first, base] = expr.arguments;
      const f = this.evaluate(first, depth + 1);
      if (f && /^[a-z][a-z0-9+.-]*:\/\//i.test(f.text)) return f;
      // `new URL('/api/lookup', window.location.origin)`: a path on the page's own origin.
      if (f && base && PAGE_LOCATION.test(base.getText())) return f;
      return base ? this.evaluate(base, depth + 1) : undefined;
    }
    // `url.toString()`, `url.href` of `const url = new URL(…)`: the URL itself.
    if (ts.isCallExpression(expr) && !expr.arguments.length && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'toString') return this.evaluate(expr.expression.expression, depth + 1);
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'href' && ts.isIdentifier(expr.expression)) return this.evaluate(expr.expression, depth + 1);
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
      const init = this.initializerOf(expr);
      return init ? this.evaluate(init, depth + 1) : undefined;
    }
    if (ts.isElementAccessExpression(expr) && (ts.isIdentifier(expr.expression) || ts.isPropertyAccessExpression(expr.expression))) return this.entryOf(expr, depth);
    return undefined;
  }

  /**
   * `HOOKS['sales']`, `HOOKS[channel]` of a constant object: the entry named, or what every entry
   * starts with when the key is not known (the host they share, if they do).
   */
  private entryOf(expr: ts.ElementAccessExpression, depth: number): ConstString | undefined {
    let holder = this.initializerOf(expr.expression as ts.Identifier | ts.PropertyAccessExpression);
    while (holder && (ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder) || ts.isParenthesizedExpression(holder))) holder = holder.expression;
    if (!holder || !ts.isObjectLiteralExpression(holder)) return undefined;
    const key = expr.argumentExpression;
    const entries = holder.properties.filter((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p));
    if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) {
      const entry = entries.find((p) => (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) || ts.isNumericLiteral(p.name)) && p.name.text === key.text);
      return entry ? this.evaluate(entry.initializer, depth + 1) : undefined;
    }
    if (!entries.length || entries.length !== holder.properties.length) return undefined;
    const values = entries.map((p) => this.evaluate(p.initializer, depth + 1));
    if (values.some((v) => !v)) return undefined;
    const texts = values.map((v) => v!.text);
    if (values.every((v) => v!.complete && v!.text === texts[0])) return values[0];
    let common = texts[0];
    for (const t of texts) while (!t.startsWith(common)) common = common.slice(0, -1);
    // Only up to a path separator after the host: `https://api.` names no host.
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(common)?.[0].length ?? 0;
    const cut = common.lastIndexOf('/');
    if (!scheme || cut < scheme) return undefined;
    return { text: common.slice(0, cut + 1), complete: false };
  }

  /** The initialiser behind a name or property read, when it is a constant one. */
  private initializerOf(expr: ts.Identifier | ts.PropertyAccessExpression): ts.Expression | undefined {
    const checker = this.checker();
    let symbol = checker.getSymbolAtLocation(ts.isIdentifier(expr) ? expr : expr.name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      try {
        symbol = checker.getAliasedSymbol(symbol);
      } catch {
        return undefined;
      }
    }
    let decl = declarationOf(symbol, expr);
    if (!decl) return undefined;
    // `const { PARTNER_API: base } = await import('./partner')`: that module's export.
    if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent) && decl.parent.parent.initializer) {
      const loaded = decl.parent.parent.initializer;
      const key = decl.propertyName ?? decl.name;
      if (!ts.isAwaitExpression(loaded) || !isDynamicImport(loaded) || !ts.isIdentifier(key)) return undefined;
      let exported = checker.getTypeAtLocation(loaded).getProperty(key.text);
      if (exported && exported.flags & ts.SymbolFlags.Alias) exported = checker.getAliasedSymbol(exported);
      decl = exported?.declarations?.[0];
      if (!decl) return undefined;
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const isConst = ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
      return isConst ? decl.initializer : undefined;
    }
    if (ts.isPropertyAssignment(decl)) return decl.initializer;
    if (ts.isPropertyDeclaration(decl) && decl.initializer && (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly) !== 0) return decl.initializer;
    if (ts.isEnumMember(decl) && decl.initializer) return decl.initializer;
    return undefined;
  }
}
