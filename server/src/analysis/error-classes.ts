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
  const superCall = ctor?.body?.statements.map((st) => (ts.isExpressionStatement(st) ? st.expression : undefined)).find((e): e is ts.CallExpression => !!e && ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword);
  const message = superCall?.arguments[0];
  if (!ctor || !message) return [];
  const hits: SourceHit[] = [];
  const visit = (n: ts.Node): void => {
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
