// Which project files import which, so that an edit re-analyses the edited file and its
// dependents (whose summaries may have used the old one) and nothing else.

import ts = require('typescript');
import type { Backend } from './ts-backend';
import { walk } from './tagged-names';

export class DependencyGraph {
  private dependents: Map<string, Set<string>> | undefined;
  /** Dependencies the imports do not show, found by analysis (a queue's producer uses its workers). */
  private readonly uses = new Map<string, Set<string>>();
  private readonly cache: ts.ModuleResolutionCache;

  constructor(private readonly backend: Backend) {
    this.cache = ts.createModuleResolutionCache(backend.root, (f) => f);
  }

  /** `dependent` uses what `dependency` holds without importing it: an edit to it re-analyses `dependent`. */
  addUse(dependency: string, dependent: string): void {
    if (dependency === dependent) return;
    let set = this.uses.get(dependency);
    if (!set) this.uses.set(dependency, (set = new Set()));
    set.add(dependent);
  }

  invalidate(file: string): void {
    // The file is analysed again, and finds its uses again.
    for (const set of this.uses.values()) set.delete(file);
    if (!this.dependents) return;
    for (const set of this.dependents.values()) set.delete(file);
    for (const dep of this.importsOf(file)) this.add(dep, file);
  }

  /** Files that import this one, directly or through others. */
  dependentsOf(file: string): string[] {
    this.dependents ??= this.build();
    const out = new Set<string>();
    const stack = [file];
    while (stack.length) {
      const f = stack.pop()!;
      for (const d of [...(this.dependents.get(f) ?? []), ...(this.uses.get(f) ?? [])]) if (!out.has(d)) (out.add(d), stack.push(d));
    }
    return [...out].sort();
  }

  private build(): Map<string, Set<string>> {
    this.dependents = new Map();
    for (const f of this.backend.files) for (const dep of this.importsOf(f)) this.add(dep, f);
    return this.dependents;
  }

  private add(dependency: string, dependent: string): void {
    let set = this.dependents!.get(dependency);
    if (!set) this.dependents!.set(dependency, (set = new Set()));
    set.add(dependent);
  }

  private importsOf(file: string): string[] {
    const program = this.backend.program();
    const sf = program.getSourceFile(file);
    if (!sf) return [];
    const specs: string[] = [];
    for (const s of sf.statements) {
      if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteralLike(s.moduleSpecifier)) specs.push(s.moduleSpecifier.text);
    }
    if (sf.text.includes('require(') || sf.text.includes('import(')) {
      walk(sf, (n) => {
        if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteralLike(n.arguments[0]) && ((ts.isIdentifier(n.expression) && n.expression.text === 'require') || n.expression.kind === ts.SyntaxKind.ImportKeyword)) specs.push(n.arguments[0].text);
      });
    }
    const options = program.getCompilerOptions();
    const out: string[] = [];
    for (const spec of specs) {
      const relative = spec.startsWith('.') || spec.startsWith('/');
      if (!relative && !options.paths && !this.backend.workspaceRoot) continue;
      // A bare specifier can be a sibling workspace package: the backend's resolver knows those.
      const resolved = relative || options.paths ? ts.resolveModuleName(spec, file, options, ts.sys, this.cache).resolvedModule?.resolvedFileName : this.backend.resolveModule(spec, file);
      if (resolved && this.backend.isProjectFile(resolved)) out.push(resolved);
    }
    return out;
  }
}
