// What a project's error class puts in its message: `super(\`No customer with phone number ${phoneNumber}\`)`
// in the constructor makes `err.message` (once `err` is narrowed to the class) that parameter's data.

import ts = require('typescript');
import type { FunctionAnalyzer } from './interpreter';
import type { SourceHit } from './sources';

/**
 * `err.message` where `err` is (narrowed to) a project error class whose constructor writes its
 * parameters into the message (`super(\`No customer with phone number ${phoneNumber}\`)`): what those
 * parameters are, by their names or tags. The throw site may be anywhere; the class says.
 */
export function messageOfErrorClass(a: FunctionAnalyzer, holder: ts.Expression): readonly SourceHit[] {
  const cls = a.ctx.checker().getTypeAtLocation(holder).getSymbol()?.valueDeclaration;
  if (!cls || !ts.isClassDeclaration(cls) || !a.ctx.isProjectFile(cls.getSourceFile().fileName)) return [];
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  const message = ctor && superMessageArgument(ctor);
  if (!ctor || !message) return [];
  const hits: SourceHit[] = [];
  const visit = (n: ts.Node): void => {
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

/** What a constructor passes to `super(…)` first: an error class's message. */
export function superMessageArgument(ctor: ts.ConstructorDeclaration): ts.Expression | undefined {
  for (const st of ctor.body?.statements ?? []) {
    if (ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword) return st.expression.arguments[0];
  }
  return undefined;
}
