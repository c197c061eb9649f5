// What a project's error class puts in its message: `super(\`No customer with phone number ${phoneNumber}\`)`
// in the constructor makes `err.message` (once `err` is narrowed to the class) that parameter's data.

import ts = require('typescript');
import type { FunctionAnalyzer } from './interpreter';
import type { SourceHit } from './sources';
import { CLEAN, type Taint, union } from './taint';

/**
 * `err.message` where `err` is (narrowed to) a project error class whose constructor writes its
 * parameters into the message (`super(\`No customer with phone number ${phoneNumber}\`)`): what those
 * parameters are, by their names or tags. The throw site may be anywhere; the class says.
 */
export function messageOfErrorClass(a: FunctionAnalyzer, holder: ts.Expression): readonly SourceHit[] {
  const cls = a.ctx.checker().getTypeAtLocation(holder).getSymbol()?.valueDeclaration;
  if (!cls || !ts.isClassDeclaration(cls) || !a.ctx.isProjectFile(cls.getSourceFile().fileName)) return [];
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  const message = ctor && superMessageArgument(ctor, a.ctx.checker());
  if (!ctor || !message) return [];
  const hits: SourceHit[] = [];
  const visit = (n: ts.Node): void => {
    // `super(\`An account exists for ${maskEmail(email)}\`)`: what a masking sanitiser gives is not the data.
    if (ts.isCallExpression(n) && masks(a, n)) return;
    // `super(\`Could not parse CV for ${candidate.email}\`)`: a field of a parameter, by its name.
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && ctor.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === (n.expression as ts.Identifier).text)) {
      if (a.mayBePersonal(n.name.text)) hits.push(...a.ctx.sources.ofName(n.name.text, n.expression.text, 'any', n));
      return;
    }
    if (ts.isIdentifier(n)) {
      const param = ctor.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === n.text);
      const c = param && a.mayBePersonal(n.text) ? a.ctx.sources.ofDeclaration(param) : undefined;
      if (c && c !== 'none') hits.push(...c);
    }
    ts.forEachChild(n, visit);
  };
  visit(message);
  return hits;
}

/** A call of a masking sanitiser (built in, configured or tagged `@pii-sanitizer`): what it gives is not the data. */
export function masks(a: FunctionAnalyzer, call: ts.CallExpression): boolean {
  const effect = a.ctx.sinks.sanitiser(call)?.spec.effect;
  if (effect) return effect === 'redact' || effect === 'mask' || effect === 'anonymise';
  const fn = a.ctx.origins.projectFunction(call.expression);
  return !!fn && a.ctx.isTaggedSanitiser(fn);
}

/** What a constructor passes to `super(…)` second: an error's options (`{ cause }`). */
export function superOptionsArgument(ctor: ts.ConstructorDeclaration): ts.Expression | undefined {
  return superArguments(ctor)[1];
}

/**
 * What a constructor passes to `super(…)` that becomes the error's message: the first argument, or,
 * where the base is a project class of its own (`AppError(code, message, status)`), the one its
 * constructor makes its message of.
 */
export function superMessageArgument(ctor: ts.ConstructorDeclaration, checker?: ts.TypeChecker): ts.Expression | undefined {
  const args = superArguments(ctor);
  if (!checker) return args[0];
  // (Per checker: the base may be in another file, edited since.)
  let byClass = messageIndexes.get(checker);
  if (!byClass) messageIndexes.set(checker, (byClass = new WeakMap()));
  let index = byClass.get(ctor.parent);
  if (index === undefined) byClass.set(ctor.parent, (index = messageIndex(ctor.parent, checker, 0) ?? null));
  return index === null ? args[0] : args[index];
}

const messageIndexes = new WeakMap<ts.TypeChecker, WeakMap<ts.ClassLikeDeclaration, number | null>>();

/** Which argument of a class's `super(…)` becomes the message (-1: none; undefined: the first, as `Error`'s). */
function messageIndex(cls: ts.ClassLikeDeclaration, checker: ts.TypeChecker, depth: number): number | undefined {
  const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage || depth > 4) return undefined;
  let symbol = checker.getSymbolAtLocation(heritage.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const base = symbol?.valueDeclaration;
  if (!base || !ts.isClassLike(base) || base.getSourceFile().isDeclarationFile) return undefined;
  const baseCtor = base.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  if (!baseCtor) return messageIndex(base, checker, depth + 1);
  const passed = superArguments(baseCtor)[messageIndex(base, checker, depth + 1) ?? 0];
  if (!passed) return -1;
  const mentions = (n: ts.Node, name: string): boolean => (ts.isIdentifier(n) && n.text === name) || !!ts.forEachChild(n, (c) => mentions(c, name));
  return baseCtor.parameters.findIndex((p) => ts.isIdentifier(p.name) && mentions(passed, p.name.text));
}

function superArguments(ctor: ts.ConstructorDeclaration): readonly ts.Expression[] {
  for (const st of ctor.body?.statements ?? []) {
    if (ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword) return st.expression.arguments;
  }
  return [];
}

/** An error's own fields, which say what kind of error it is or hold its message: not what a class adds. */
const ERROR_OWN_FIELDS = new Set(['message', 'stack', 'name', 'cause', 'code', 'status', 'statusCode']);

/**
 * `throw new IdentityCheckError(check)` where the class holds `readonly check: IdentityCheck`: the
 * fields its type declares with personal data in them, kept as fields of what is thrown (a logger
 * writes them; an error tracker does not), since whoever catches it sees no type.
 */
export function declaredErrorFields(a: FunctionAnalyzer, e: ts.Expression, t: Taint): Taint {
  const checker = a.ctx.checker();
  const type = checker.getTypeAtLocation(e);
  const cls = type.getSymbol()?.valueDeclaration;
  if (!cls || !ts.isClassDeclaration(cls) || !type.getProperty('message') || !a.ctx.isProjectFile(cls.getSourceFile().fileName)) return t;
  let fields: Map<string, Taint> | undefined;
  for (const p of type.getProperties()) {
    const decl = p.valueDeclaration;
    if (ERROR_OWN_FIELDS.has(p.name) || !decl || !a.ctx.isProjectFile(decl.getSourceFile().fileName)) continue;
    const hits = a.ctx.sources.ofType(checker.getTypeOfSymbolAtLocation(p, e));
    if (!hits.length) continue;
    fields ??= new Map(t.fields ?? []);
    fields.set(p.name, union(fields.get(p.name) ?? CLEAN, a.sourceTaint(hits, e)));
  }
  return fields ? { labels: t.labels, fields } : t;
}
