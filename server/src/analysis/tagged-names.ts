// Names that may be personal data because of a `@pii` tag rather than the name classifier: tagged
// declarations' own names, and the names of fields and parameters whose type is a tagged type.
// A cheap syntactic pass, so that the engine asks the checker only about names that matter.

import * as ts from 'typescript';
import { piiTag } from './sources';
import { nameOf } from './locations';

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
      if (ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isClassDeclaration(n)) taggedTypes.add(name);
      else names.add(name);
    });
  }
  if (taggedTypes.size) {
    for (const f of files) {
      const sf = program.getSourceFile(f);
      if (!sf || ![...taggedTypes].some((t) => sf.text.includes(t))) continue;
      walk(sf, (n) => {
        const type = (n as ts.PropertySignature).type;
        if (!type || !(ts.isPropertySignature(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isVariableDeclaration(n))) return;
        const text = type.getText(sf);
        if ([...taggedTypes].some((t) => new RegExp(`\\b${t}\\b`).test(text))) {
          const name = nameOf(n);
          if (name) names.add(name);
        }
      });
    }
  }
  return names;
}

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
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
}
