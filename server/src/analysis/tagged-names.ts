// Names that may be personal data because of a `@pii` tag rather than the name classifier: tagged
// declarations' own names, and the names of fields and parameters whose type is a tagged type.
// A cheap syntactic pass, so that the engine asks the checker only about names that matter.

import ts = require('typescript');
import { piiTag } from './pii-tags';
import { nameOf } from './locations';
import { isStaticField } from './declaration-kinds';

/** What the project declares, by name: a cheap filter before asking the checker. */
export function collectNames(program: ts.Program, files: readonly string[]): NameIndex {
  const index: NameIndex = { holders: new Set(), functions: new Set(), implemented: new Set(), getters: new Set(), setters: new Set(), statics: new Set() };
  for (const f of files) {
    const sf = program.getSourceFile(f);
    if (sf) addNames(sf, index);
  }
  return index;
}

export interface NameIndex {
  /** Properties, fields and keys that may hold a client (not literals, not functions). */
  holders: Set<string>;
  /** Functions and methods the project declares: what a call can resolve to in the project. */
  functions: Set<string>;
  /** Interfaces some project class implements (`class TwilioDialer implements Dialer`). */
  implemented: Set<string>;
  /** Getters the project declares (`get displayLabel()`): a read of one runs it. */
  getters: Set<string>;
  /** Setters the project declares (`set recipient(v)`): an assignment to one runs it. */
  setters: Set<string>;
  /** Static fields the project declares (`static lastNumber`): a store every function shares. */
  statics: Set<string>;
}

export function addNames(sf: ts.SourceFile, index: NameIndex): void {
  // A switch on the kind, not a chain of `ts.isX` calls: this visits every node of the project.
  walk(sf, (n) => {
    switch (n.kind) {
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.MethodSignature:
      case ts.SyntaxKind.GetAccessor: {
        const name = nameOf(n as ts.Declaration);
        if (name) index.functions.add(name);
        if (name && n.kind === ts.SyntaxKind.GetAccessor) index.getters.add(name);
        return;
      }
      case ts.SyntaxKind.SetAccessor: {
        const name = nameOf(n as ts.Declaration);
        if (name) index.setters.add(name);
        return;
      }
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.VariableDeclaration: {
        const d = n as ts.PropertyDeclaration | ts.PropertyAssignment | ts.VariableDeclaration;
        const init = d.initializer;
        const name = nameOf(d);
        if (!name) return;
        if (isStaticField(d)) index.statics.add(name);
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          index.functions.add(name);
          return;
        }
        if (n.kind !== ts.SyntaxKind.VariableDeclaration && !(init && isPlainData(init))) index.holders.add(name);
        // A function under another name: `const notify = require('./notify')`, `{ track: trackEvent }`.
        if (init && (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init) || (n.kind === ts.SyntaxKind.VariableDeclaration && ts.isCallExpression(init)))) index.functions.add(name);
        return;
      }
      case ts.SyntaxKind.Parameter:
        // A constructor parameter with a modifier is a field.
        if ((n as ts.ParameterDeclaration).modifiers?.length) addField(n as ts.ParameterDeclaration, index);
        return;
      case ts.SyntaxKind.ShorthandPropertyAssignment:
      case ts.SyntaxKind.PropertySignature:
        addField(n as ts.PropertySignature | ts.ShorthandPropertyAssignment, index);
        return;
      // Local names a called function may go by: `import { track as t }`, `import send from`,
      // `const { a: b } = lib`, `const notify = require('./notify')`.
      case ts.SyntaxKind.ImportSpecifier:
      case ts.SyntaxKind.ImportClause:
      case ts.SyntaxKind.NamespaceImport:
      case ts.SyntaxKind.ImportEqualsDeclaration:
      case ts.SyntaxKind.BindingElement: {
        const name = (n as ts.ImportSpecifier).name;
        if (name && ts.isIdentifier(name)) index.functions.add(name.text);
        return;
      }
      case ts.SyntaxKind.HeritageClause: {
        const h = n as ts.HeritageClause;
        if (h.token !== ts.SyntaxKind.ImplementsKeyword) return;
        for (const t of h.types) if (ts.isIdentifier(t.expression)) index.implemented.add(t.expression.text);
        return;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = n as ts.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) return;
        index.holders.add(b.left.name.text);
        if (ts.isArrowFunction(b.right) || ts.isFunctionExpression(b.right)) index.functions.add(b.left.name.text);
        return;
      }
    }
  });
}

function addField(n: ts.PropertySignature | ts.ShorthandPropertyAssignment | ts.ParameterDeclaration, index: NameIndex): void {
  const name = nameOf(n);
  const type = (n as ts.PropertySignature).type;
  if (name && !(type && isKeywordType(type))) index.holders.add(name);
  if (name && type && ts.isFunctionTypeNode(type)) index.functions.add(name);
}

function isPlainData(e: ts.Expression): boolean {
  return ts.isLiteralExpression(e) || ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || ts.isTemplateExpression(e) || ts.isPrefixUnaryExpression(e);
}

function isKeywordType(t: ts.TypeNode): boolean {
  return t.kind === ts.SyntaxKind.StringKeyword || t.kind === ts.SyntaxKind.NumberKeyword || t.kind === ts.SyntaxKind.BooleanKeyword || ts.isLiteralTypeNode(t);
}

export function collectTaggedNames(program: ts.Program, files: readonly string[]): Set<string> {
  const names = new Set<string>();
  const taggedTypes = new Set<string>();
  const tagged: ts.SourceFile[] = [];
  for (const f of files) {
    const sf = program.getSourceFile(f);
    if (!sf || !sf.text.includes('@pii')) continue;
    tagged.push(sf);
    walk(sf, (n) => {
      if (!isDeclarationWithName(n)) return;
      const tag = piiTag(n);
      if (!tag) return;
      const name = nameOf(n);
      if (!name) return;
      if (ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isClassDeclaration(n)) {
        taggedTypes.add(name);
        // Its fields are part of it (`vitals.pulse` of a tagged `Vitals`).
        if (tag === 'none') return;
        const members = ts.isTypeAliasDeclaration(n) ? (ts.isTypeLiteralNode(n.type) ? n.type.members : []) : (n as ts.InterfaceDeclaration | ts.ClassDeclaration).members;
        for (const m of members) {
          const field = (ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) && nameOf(m);
          if (field) names.add(field);
        }
      } else names.add(name);
    });
    // JSDoc typedefs are not in the syntax tree walked above: `@pii … @typedef {string} Handle`.
    for (const doc of sf.text.match(JSDOC_WITH_PII) ?? []) {
      const typedef = /@typedef\s*(?:\{[^}]*\})?\s*([A-Za-z_$][\w$]*)/.exec(doc);
      if (!typedef || /@pii\s+none\b/.test(doc)) continue;
      taggedTypes.add(typedef[1]);
      for (const m of doc.matchAll(JSDOC_FIELD)) names.add(m[2]);
    }
  }
  if (taggedTypes.size) {
    const mentions = new RegExp(`\\b(?:${[...taggedTypes].map((t) => t.replace(/\$/g, '\\$')).join('|')})\\b`);
    for (const f of files) {
      const sf = program.getSourceFile(f);
      if (!sf || ![...taggedTypes].some((t) => sf.text.includes(t))) continue;
      // `@property {Handle} author`, `@param {ReachNumber} target` in JSDoc.
      for (const m of sf.text.matchAll(JSDOC_FIELD)) if (mentions.test(m[1])) names.add(m[2]);
      walk(sf, (n) => {
        const type = (n as ts.PropertySignature).type;
        if (!type || !(ts.isPropertySignature(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isVariableDeclaration(n))) return;
        const text = type.getText(sf);
        if (mentions.test(text)) {
          const name = nameOf(n);
          if (name) names.add(name);
        }
      });
    }
  }
  return names;
}

/** A JSDoc comment that writes `@pii`. */
const JSDOC_WITH_PII = /\/\*\*(?:(?!\*\/)[\s\S])*?@pii\b(?:(?!\*\/)[\s\S])*\*\//g;
/** `@property {Type} name`, `@param {Type} [name]`: the written type and the name. */
const JSDOC_FIELD = /@(?:property|prop|param|arg|argument)\s*\{([^}]*)\}\s*\[?([A-Za-z_$][\w$]*)/g;

function isDeclarationWithName(n: ts.Node): boolean {
  return (
    ts.isPropertySignature(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isVariableDeclaration(n) ||
    ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isClassDeclaration(n) || ts.isPropertyAssignment(n) ||
    ts.isGetAccessor(n)
  );
}

/** Iterative walk: generated files can nest deeper than the stack allows. */
export function walk(root: ts.Node, visit: (n: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const push = (c: ts.Node): undefined => {
    stack.push(c);
    return undefined;
  };
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    ts.forEachChild(n, push);
  }
}
