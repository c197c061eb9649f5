// The engine's Project: opens the compiler backend, analyses files through cached function
// summaries, keeps each file's contribution of flows so that an edit re-analyses only that file
// and its dependents, and answers hovers and fixes.

import ts = require('typescript');
import type { AnalysisResult, Explanation, FixOptions, Progress, Project, ProjectOptions } from './api';
import type { Fix, Flow, FlowData, Position, Problem } from './types';
import { openBackend, type Backend } from './ts-backend';
import { Sources } from './sources';
import { hasSanitizerTag, tagProblems } from './pii-tags';
import { OriginResolver } from './origins';
import { ConstantEvaluator } from './constants';
import { SinkRecogniser } from './sinks';
import { JobQueues } from './job-queues';
import { ErrorMiddleware } from './error-middleware';
import { FunctionAnalyzer } from './interpreter';
import { isOnlyCalledInPlace } from './function-values';
import { implementationsOf } from './project-functions';
import { isAbstract, isInterfaceMethod } from './origin-syntax';
import { FieldStore } from './field-store';
import { EventEmitters } from './event-emitters';
import { Subjects } from './rx-subjects';
import { EMPTY_SUMMARY, anyOf, type EngineContext, type SinkSite, type Summary } from './context';
import { CLEAN, concrete, type Taint } from './taint';
import { declKey, rangeOf } from './locations';
import { addNames, collectNames, collectTaggedNames, type NameIndex } from './tagged-names';
import { DependencyGraph } from './dependencies';
import { suppressionsAt } from './suppressions';
import { computeFixes } from './fixes';
import { explainAt } from './explain';
import { asWholes } from './whole-categories';
import { prismaModels } from './prisma-schema';

export function openProject(options: ProjectOptions): Project {
  return new AnalysisProject(options);
}

interface Contribution {
  /** Flows found while analysing one file, by sink site key. */
  flows: Map<string, Flow>;
}

class AnalysisProject implements Project {
  private readonly backend: Backend;
  private readonly sources: Sources;
  private readonly origins: OriginResolver;
  private readonly sinks: SinkRecogniser;
  private readonly queues: JobQueues;
  private readonly errorMiddleware: ErrorMiddleware;
  private readonly events: EventEmitters;
  private readonly subjects: Subjects;
  private readonly summaries = new Map<string, Summary>();
  /**
   * Summaries computed while flows are muted (a module constant's value, a hover): their own flows
   * were not recorded, so they serve only muted work until the function is summarised for real.
   */
  private readonly mutedSummaries = new Map<string, Summary>();
  private readonly summariesByFile = new Map<string, Set<string>>();
  private readonly inProgress = new Set<string>();
  private readonly outer = new Map<string, Taint>();
  private readonly contributions = new Map<string, Contribution>();
  /** For each file, the files whose analysis found flows located in it. */
  private readonly origins_ = new Map<string, Set<string>>();
  /** Files edited, or depending on an edit, since they were last analysed. */
  private readonly dirty = new Set<string>();
  private readonly fields = new FieldStore();
  private readonly deps: DependencyGraph;
  private originStack: string[] = [];
  private muted = 0;
  private taggedNames: Set<string> | undefined;
  private nameIndex: NameIndex | undefined;
  private problems: Problem[] = [];
  private ctx: EngineContext;
  /** The project's Prisma models and their fields, read once. */
  private schemaModels: Map<string, string[]> | undefined;
  /** The taxonomy's categories, to check what `@pii` tags name. */
  private readonly categories: ReadonlyMap<string, unknown>;

  constructor(options: ProjectOptions) {
    this.backend = openBackend(options);
    this.categories = options.catalogue.categories;
    const checker = () => this.backend.checker();
    const isProjectFile = (f: string) => this.backend.isProjectFile(f);
    this.sources = new Sources(options.catalogue, checker, isProjectFile, () => (this.schemaModels ??= prismaModels(options.root)));
    this.origins = new OriginResolver(checker, isProjectFile, () => this.names(), () => this.projectSourceFiles());
    const constants = new ConstantEvaluator(checker);
    this.sinks = new SinkRecogniser(options.catalogue, this.origins, constants, () => this.projectSourceFiles());
    const o = this.origins;
    this.queues = new JobQueues({ origin: (e) => o.of(e), constants, callsNamed: (n) => o.callsNamed(n), projectFunction: (e) => o.projectFunction(e), declarationOf: (id) => o.declarationOf(id), generation: () => o.generation });
    this.errorMiddleware = new ErrorMiddleware({ moduleOf: (e) => o.of(e)?.root.module, callsNamed: (n) => o.callsNamed(n), projectFunction: (e) => o.projectFunction(e), declarationOf: (id) => o.declarationOf(id), requiredValue: (c) => o.requiredValue(c), sourceFiles: () => this.projectSourceFiles(), generation: () => o.generation });
    this.events = new EventEmitters({ callsNamed: (n) => o.callsNamed(n), projectFunction: (e) => o.projectFunction(e), declarationOf: (id) => o.declarationOf(id), checker, isProjectFile, generation: () => o.generation });
    this.subjects = new Subjects({ callsNamed: (n) => o.callsNamed(n), projectFunction: (e) => o.projectFunction(e), declarationOf: (id) => o.declarationOf(id), generation: () => o.generation });
    this.deps = new DependencyGraph(this.backend);
    this.ctx = this.makeContext();
  }

  get files(): readonly string[] {
    return this.backend.files;
  }

  analyze(files?: readonly string[], progress?: Progress, isCancelled?: () => boolean): AnalysisResult {
    const targets = files ? files.filter((f) => this.backend.isProjectFile(f)) : this.backend.files;
    const program = this.backend.program();
    this.taggedNames ??= collectTaggedNames(program, this.backend.codeFiles());
    const problems: Problem[] = files ? [] : [...this.backend.problems];
    // (A function whose analysis stops says so here: `summary` adds to this run's list.)
    this.problems = problems;
    // Only what changed is recomputed: a file summarised earlier as a callee (in a previous chunk,
    // say) keeps its summaries and the flows they found.
    // Files whose flows came from the re-analysed files must be republished even if none remain.
    const before = new Set<string>();
    for (const f of targets) {
      if (!this.dirty.has(f)) continue;
      this.dirty.delete(f);
      for (const flow of this.contributions.get(f)?.flows.values() ?? []) before.add(flow.location.file);
      this.contributions.delete(f);
      this.dropSummaries(f);
    }
    let done = 0;
    const analysed: string[] = [];
    for (const file of targets) {
      if (isCancelled?.()) break;
      progress?.(done, targets.length, file);
      const sf = program.getSourceFile(file);
      if (sf) {
        try {
          this.analyzeFile(sf);
          problems.push(...syntaxProblems(program, sf), ...tagProblems(sf, this.categories));
        } catch (e) {
          problems.push({ file, message: `analysis stopped in this file: ${(e as Error).message ?? String(e)}`, severity: 'warning' });
        }
      }
      analysed.push(file);
      done++;
    }
    // A field read before a later write added to it (a setter called further down, a method summarised
    // early as a callee): the reading files are analysed again, twice at most (a write found then may
    // feed another read).
    for (let pass = 0; pass < 2 && this.fields.stale.size && !isCancelled?.(); pass++) {
      const again = [...this.fields.stale].filter((f) => this.backend.isProjectFile(f));
      this.fields.stale.clear();
      for (const file of again) {
        const sf = program.getSourceFile(file);
        if (!sf) continue;
        this.dropSummaries(file);
        try {
          this.analyzeFile(sf);
        } catch (e) {
          problems.push({ file, message: `analysis stopped in this file: ${(e as Error).message ?? String(e)}`, severity: 'warning' });
        }
        analysed.push(file);
      }
    }
    this.fields.stale.clear();
    progress?.(done, targets.length);
    return this.result([...analysed, ...before], problems);
  }

  update(file: string, text: string | undefined): string[] {
    this.backend.setText(file, text);
    this.sources.resetForProgram([file]);
    this.origins.reset();
    this.dropSummaries(file);
    for (const key of [...this.outer.keys()]) if (key.startsWith(`${file}:`)) this.outer.delete(key);
    this.fields.dropFile(file);
    // The name indexes only grow: a name that is no longer tagged costs a checker call, not a miss.
    const sf = (this.nameIndex || this.taggedNames) && this.backend.program().getSourceFile(file);
    if (sf && this.nameIndex) addNames(sf, this.nameIndex);
    if (sf && this.taggedNames) for (const n of collectTaggedNames(this.backend.program(), [file])) this.taggedNames.add(n);
    this.deps.invalidate(file);
    if (!this.backend.isProjectFile(file)) return [];
    const affected = [file, ...this.deps.dependentsOf(file).filter((f) => f !== file)];
    for (const f of affected) this.dirty.add(f);
    return affected;
  }

  explain(file: string, position: Position): Explanation | undefined {
    const sf = this.backend.program().getSourceFile(file);
    if (!sf) return undefined;
    this.muted++;
    try {
      return explainAt(this.ctx, sf, position, this.flowsIn(new Set([file])));
    } finally {
      this.muted--;
    }
  }

  fixes(flow: Flow, options?: FixOptions): Fix[] {
    const sf = this.backend.program().getSourceFile(flow.location.file);
    return sf ? computeFixes(this.ctx, sf, flow, options ?? {}, this.sinks) : [];
  }

  dispose(): void {
    this.backend.dispose();
    this.summaries.clear();
    this.contributions.clear();
  }

  private analyzeFile(sf: ts.SourceFile): void {
    this.originStack.push(sf.fileName);
    try {
      new FunctionAnalyzer(this.ctx, sf).summarise();
      for (const fn of functionsOf(sf)) this.ctx.summary(fn);
    } finally {
      this.originStack.pop();
    }
  }

  private dropSummaries(file: string): void {
    for (const key of this.summariesByFile.get(file) ?? []) (this.summaries.delete(key), this.mutedSummaries.delete(key));
    this.summariesByFile.delete(file);
  }


  private result(files: readonly string[], problems: Problem[]): AnalysisResult {
    const touched = new Set(files.filter((f) => this.backend.isProjectFile(f)));
    for (const f of files) for (const flow of this.contributions.get(f)?.flows.values() ?? []) touched.add(flow.location.file);
    return { files: [...touched].sort(), flows: this.flowsIn(touched), problems };
  }

  /**
   * Flows located in these files, merged across the files whose analysis found them. A wrapper's
   * logger call can collect a flow from every file of the workspace: merging copies each one once
   * and adds what the others bring in place, so an edit makes little garbage.
   */
  private flowsIn(files: ReadonlySet<string>): Flow[] {
    const merged = new Map<string, Merged>();
    for (const file of files) {
      for (const origin of this.origins_.get(file) ?? []) {
        for (const [key, flow] of this.contributions.get(origin)?.flows ?? []) {
          if (flow.location.file !== file) continue;
          const m = merged.get(key);
          if (m) addTo(m, flow);
          else merged.set(key, startMerge(flow));
        }
      }
    }
    const program = this.backend.program();
    const out = withoutUnplacedCopies([...merged.values()].map((m) => m.flow));
    for (const flow of out) {
      // A hash or a signature of what the call also sends as it is adds nothing to it.
      if (flow.data.some((d) => d.derivedBy)) flow.data = flow.data.filter((d) => !d.derivedBy || !flow.data.some((o) => !o.derivedBy && o.category === d.category));
      asWholes(flow);
      const sf = program.getSourceFile(flow.location.file);
      const s = sf ? suppressionsAt(sf, flow.location.range.start.line) : [];
      if (s.length) flow.suppressions = s;
    }
    return out.sort(byLocation);
  }

  private emit(site: SinkSite, data: FlowData[]): void {
    if (this.muted) return;
    const origin = this.originStack[this.originStack.length - 1] ?? site.location.file;
    let c = this.contributions.get(origin);
    if (!c) this.contributions.set(origin, (c = { flows: new Map() }));
    // A wrapper's sink reached with different hosts is a flow per host: each may break other rules.
    const key = `${site.location.file}:${site.location.range.start.line}:${site.location.range.start.character}:${site.destination.sinkId}:${site.destination.host ?? ''}`;
    const { hostLiteral, ...destination } = site.destination;
    void hostLiteral;
    const flow: Flow = {
      location: site.location,
      destination,
      data,
      arguments: [{ range: site.argument.range, text: site.argument.text, categories: [...new Set(data.map((d) => d.category))] }],
    };
    const existing = c.flows.get(key);
    if (existing) addTo({ flow: existing, data: keysOf(existing), args: argKeysOf(existing) }, flow);
    else c.flows.set(key, flow);
    let origins = this.origins_.get(site.location.file);
    if (!origins) this.origins_.set(site.location.file, (origins = new Set()));
    origins.add(origin);
  }

  private projectSourceFiles(): ts.SourceFile[] {
    const program = this.backend.program();
    return this.backend.files.map((f) => program.getSourceFile(f)).filter((sf): sf is ts.SourceFile => sf !== undefined);
  }

  private names(): NameIndex {
    return (this.nameIndex ??= collectNames(this.backend.program(), this.backend.codeFiles()));
  }

  private makeContext(): EngineContext {
    const self = this;
    return {
      checker: () => this.backend.checker(),
      sources: this.sources,
      origins: this.origins,
      sinks: this.sinks,
      queues: this.queues,
      errorMiddleware: this.errorMiddleware,
      events: this.events,
      subjects: this.subjects,
      uses: (dependency, dependent) => this.deps.addUse(dependency, dependent),
      isProjectFile: (f) => this.backend.isProjectFile(f),
      get taggedNames() {
        return (self.taggedNames ??= collectTaggedNames(self.backend.program(), self.backend.codeFiles()));
      },
      get getterNames() {
        return self.names().getters;
      },
      get setterNames() {
        return self.names().setters;
      },
      get staticNames() {
        return self.names().statics;
      },
      fields: this.fields,
      summary: (fn) => this.summary(fn),
      outerTaint: (decl) => this.outerTaint(decl),
      emit: (site, data) => this.emit(site, data),
      sourceFile: (f) => this.backend.program().getSourceFile(f),
      isTaggedSanitiser: (fn) => hasSanitizerTag(fn) || (!!fn.parent && ts.isVariableDeclaration(fn.parent) && hasSanitizerTag(fn.parent)),
    };
  }

  private summary(fn: ts.SignatureDeclaration): Summary {
    const key = declKey(fn);
    const cached = this.summaries.get(key) ?? (this.muted ? this.mutedSummaries.get(key) : undefined);
    if (cached) return cached;
    if (this.inProgress.has(key)) return EMPTY_SUMMARY;
    this.inProgress.add(key);
    const file = fn.getSourceFile().fileName;
    this.originStack.push(file);
    let s: Summary;
    try {
      s = isAbstract(fn) || isInterfaceMethod(fn) ? this.abstractSummary(fn) : new FunctionAnalyzer(this.ctx, fn).summarise();
    } catch (e) {
      s = EMPTY_SUMMARY;
      this.problems.push({ file, range: rangeOf(fn), message: `analysis of this function stopped: ${(e as Error).message}`, severity: 'warning' });
    } finally {
      this.originStack.pop();
      this.inProgress.delete(key);
    }
    (this.muted ? this.mutedSummaries : this.summaries).set(key, s);
    let keys = this.summariesByFile.get(file);
    if (!keys) this.summariesByFile.set(file, (keys = new Set()));
    keys.add(key);
    return s;
  }

  /** An abstract method does what its implementations do, any of them (forgotten when one is edited). */
  private abstractSummary(fn: ts.MethodDeclaration | ts.MethodSignature): Summary {
    const impls = implementationsOf(this.backend.program(), (f) => this.backend.isProjectFile(f), fn);
    const summaries = impls.map((m) => this.summary(m));
    // Each implementation's file has a set now (its summary was just made): an edit to it drops this one.
    for (const m of impls) this.summariesByFile.get(m.getSourceFile().fileName)?.add(declKey(fn));
    return anyOf(summaries);
  }

  /** A module constant or an enclosing function's variable, seen from a nested function. */
  private outerTaint(decl: ts.Declaration): Taint {
    const key = declKey(decl);
    const cached = this.outer.get(key);
    if (cached) return cached;
    this.outer.set(key, CLEAN);
    let t: Taint = CLEAN;
    this.muted++;
    try {
      const a = new FunctionAnalyzer(this.ctx, decl.getSourceFile());
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        a.declare(decl);
        t = a.env.get(key) ?? CLEAN;
      } else if (ts.isBindingElement(decl)) {
        let holder: ts.Node = decl.parent;
        while (holder && !ts.isVariableDeclaration(holder) && !ts.isParameter(holder)) holder = holder.parent;
        if (holder && ts.isVariableDeclaration(holder) && holder.initializer) {
          a.declare(holder);
          t = a.env.get(key) ?? CLEAN;
        } else if (holder && ts.isParameter(holder) && ts.isIdentifier(decl.name)) {
          // A field of a parameter destructured by the enclosing function (`function Form({ email })`,
          // read in an event handler the component makes): its name and type are all there is.
          const c = this.sources.ofDeclaration(decl);
          if (c !== 'none') t = a.sourceTaint(c, decl.name);
        }
      } else if ((ts.isParameter(decl) || (ts.isVariableDeclaration(decl) && !decl.initializer)) && ts.isIdentifier(decl.name)) {
        // A parameter, or a variable declared without a value (`declare const password: string`,
        // `let email;` set elsewhere): its name and type are all there is.
        const c = this.sources.ofDeclaration(decl);
        if (c !== 'none') t = a.sourceTaint(c, decl.name);
      }
    } catch {
      t = CLEAN;
    } finally {
      this.muted--;
    }
    t = concrete(t);
    this.outer.set(key, t);
    return t;
  }
}

/** Every function with a body, except callbacks passed straight to a call and closures only called by name (analysed inline there). */
function functionsOf(sf: ts.SourceFile): ts.SignatureDeclaration[] {
  const out: ts.SignatureDeclaration[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body) {
      const isCallback = (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent && (ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent)) && n.parent.arguments?.includes(n as ts.Expression);
      if (!isCallback && !isOnlyCalledInPlace(n)) out.push(n);
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out.reverse();
}

interface Merged {
  flow: Flow;
  data: Set<string>;
  args: Map<string, Flow['arguments'][number]>;
}

function dataKey(d: FlowData): string {
  return `${d.category}|${d.derivedBy ?? ''}`;
}

function argKey(a: Flow['arguments'][number]): string {
  return `${a.range.start.line}:${a.range.start.character}`;
}

function keysOf(f: Flow): Set<string> {
  return new Set(f.data.map(dataKey));
}

function argKeysOf(f: Flow): Map<string, Flow['arguments'][number]> {
  return new Map(f.arguments.map((a) => [argKey(a), a]));
}

/** A copy of a flow that later flows at the same sink can be added to without touching the original. */
function startMerge(f: Flow): Merged {
  const flow: Flow = { ...f, data: [...f.data], arguments: f.arguments.map((a) => ({ ...a, categories: [...a.categories] })) };
  return { flow, data: keysOf(flow), args: argKeysOf(flow) };
}

/** Adds another flow's data and arguments at the same sink, in place. */
function addTo(m: Merged, f: Flow): void {
  for (const d of f.data) {
    const k = dataKey(d);
    if (!m.data.has(k)) (m.data.add(k), m.flow.data.push(d));
  }
  for (const a of f.arguments) {
    const same = m.args.get(argKey(a));
    if (!same) {
      const copy = { ...a, categories: [...a.categories] };
      m.args.set(argKey(a), copy);
      m.flow.arguments.push(copy);
    } else {
      for (const c of a.categories) if (!same.categories.includes(c)) same.categories.push(c);
    }
  }
}

function byLocation(a: Flow, b: Flow): number {
  return a.location.file.localeCompare(b.location.file) || a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character;
}

function syntaxProblems(program: ts.Program, sf: ts.SourceFile): Problem[] {
  const diags = program.getSyntacticDiagnostics(sf);
  return diags.slice(0, 5).map((d) => {
    const start = d.start ?? 0;
    const pos = sf.getLineAndCharacterOfPosition(start);
    return {
      file: sf.fileName,
      range: { start: pos, end: pos },
      message: `syntax error (the rest of the file is still analysed): ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      severity: 'warning' as const,
    };
  });
}

/**
 * A wrapper's HTTP call whose URL its callers give (`post(url, customer)`) is a flow to no known host
 * where the wrapper is summarised, and one per host where a caller's URL is known: the first says
 * nothing the others do not, where they carry its categories.
 */
function withoutUnplacedCopies(flows: Flow[]): Flow[] {
  const placed = new Map<string, Set<string>>();
  const at = (f: Flow): string => `${f.location.file}:${f.location.range.start.line}:${f.location.range.start.character}:${f.destination.sinkId}`;
  for (const f of flows) {
    if (f.destination.sinkKind !== 'transfer' || !f.destination.host) continue;
    const cats = placed.get(at(f)) ?? new Set<string>();
    for (const d of f.data) cats.add(`${d.derivedBy ?? ''}:${d.category}`);
    placed.set(at(f), cats);
  }
  if (!placed.size) return flows;
  return flows.filter((f) => f.destination.sinkKind !== 'transfer' || f.destination.host || !f.data.every((d) => placed.get(at(f))?.has(`${d.derivedBy ?? ''}:${d.category}`)));
}
