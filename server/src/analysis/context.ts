// What every function analysis shares within one run: the compiler, the recognisers, the summary
// store, the class-field and outer-variable stores, and where flows go. Also the summary shape and
// the flow sites the interpreter emits.

import ts = require('typescript');
import type { JobQueues } from './job-queues';
import type { ErrorMiddleware } from './error-middleware';
import type { FieldStore } from './field-store';
import type { EventEmitters } from './event-emitters';
import type { Subjects } from './rx-subjects';
import type { FlowData, Location, Range } from './types';
import type { Sources } from './sources';
import type { OriginResolver } from './origins';
import type { SinkRecogniser, ResolvedDestination } from './sinks';
import { type Label, type Taint, unionAll } from './taint';
import type { CapturedHost } from './captured-hosts';

/** A sink call, as a function summary remembers it: plain data, valid across programs. */
export interface SinkSite {
  location: Location;
  destination: ResolvedDestination;
  argument: { range: Range; text: string };
  /**
   * When the sink's URL is a parameter of the function around it (an HTTP wrapper), its index:
   * each caller's constant argument then gives the host.
   */
  hostParam?: number;
  /** When the URL starts with what a client was made with (`new CrmClient(url)`, `makeClient(url)`): where that was given. */
  capturedHost?: CapturedHost;
  /**
   * The argument is the request's URL, read as it is: a field named as an address (`address`), or a
   * variable (`value`). What names an address there (`recordingUrl`) is fetched, not sent.
   */
  requestUrl?: 'address' | 'value';
}

/** Parameter `param` reaches the sink at `site` through `steps`. */
export interface SinkReach {
  param: number;
  site: SinkSite;
  label: Label;
  /**
   * The label is data of the function itself (not a placeholder) sent to a URL its caller gives
   * (`site.hostParam`) or its client was made with (`site.capturedHost`): each caller's URL says
   * where it goes. `param` is not read (the URL's parameter, or -1).
   */
  hostOnly?: true;
}

export interface Summary {
  /** What the function returns: concrete labels and parameter placeholders. */
  returns: Taint;
  throws: Taint;
  reaches: readonly SinkReach[];
  paramNames: readonly string[];
  /** Parameters the function stores in class fields or module variables (`set recipient(v) { this.target = v }`), by field key. */
  stores: ReadonlyArray<{ key: string; taint: Taint }>;
  /** What the function writes into objects its callers pass (`event.details.recipient = email`, `list.push(phone)`). */
  writes: readonly ParamWrite[];
}

/**
 * A write below a parameter: `taint` put at `path` of the argument (`add`: beside what is there, as a
 * `push` or a write that may not happen; otherwise in place of it), or, with `drop`, the field removed.
 */
export interface ParamWrite {
  param: number;
  path: readonly string[];
  taint: Taint;
  add: boolean;
  drop?: boolean;
}

export const EMPTY_SUMMARY: Summary = Object.freeze({ returns: { labels: [] }, throws: { labels: [] }, reaches: [], paramNames: [], stores: [], writes: [] });

/** What any one of several functions with the same parameters may do (an abstract method's implementations). */
export function anyOf(summaries: readonly Summary[]): Summary {
  if (!summaries.length) return EMPTY_SUMMARY;
  return {
    returns: unionAll(summaries.map((s) => s.returns)),
    throws: unionAll(summaries.map((s) => s.throws)),
    reaches: summaries.flatMap((s) => s.reaches),
    paramNames: summaries[0].paramNames,
    stores: summaries.flatMap((s) => s.stores),
    // (Any one of them may run: a write replaces nothing for sure.)
    writes: summaries.flatMap((s) => s.writes.filter((w) => !w.drop).map((w) => ({ ...w, add: true }))),
  };
}

export interface EngineContext {
  checker(): ts.TypeChecker;
  sources: Sources;
  origins: OriginResolver;
  sinks: SinkRecogniser;
  isProjectFile(fileName: string): boolean;
  /** Names that may be personal data because a tag or the config says so (beyond the classifier). */
  taggedNames: ReadonlySet<string>;
  /** Names of the project's getters: a property read by one of these names may run project code. */
  readonly getterNames: ReadonlySet<string>;
  /** Names of the project's setters: an assignment to a property by one of these names may run project code. */
  readonly setterNames: ReadonlySet<string>;
  /** Names of the project's static fields: a read of `Class.name` may get what another function stored. */
  readonly staticNames: ReadonlySet<string>;
  /** The summary of a project function, computed on first use (empty while it is being computed). */
  summary(fn: ts.SignatureDeclaration): Summary;
  /** Taint of a declaration outside the function being analysed (a module constant, say). */
  outerTaint(decl: ts.Declaration): Taint;
  /** Taint written to class fields (`this.contact = email`) and module variables, by declaration key. */
  fields: FieldStore;
  /** Records personal data reaching a sink; `origin` is the file whose analysis found it. */
  emit(site: SinkSite, data: FlowData[]): void;
  /** A file of the current program, for fixes that edit another file than the sink's. */
  sourceFile(fileName: string): ts.SourceFile | undefined;
  /** Job queues: the handlers of the queue a `queue.add(…)` call enqueues to. */
  queues: JobQueues;
  /** Event emitters: the listeners an `emitter.emit('name', …)` calls. */
  events: EventEmitters;
  /** RxJS subjects: the subscribers a `subject.next(…)` calls. */
  subjects: Subjects;
  /** Express error middleware: the handlers a route's `next(err)` hands the error to. */
  errorMiddleware: ErrorMiddleware;
  /** The file being analysed depends on another beyond its imports (a queue's handlers): an edit to that one re-analyses it. */
  uses(dependency: string, dependent: string): void;
  /** Functions that are sanitisers by tag (`@pii-sanitizer`). */
  isTaggedSanitiser(fn: ts.SignatureDeclaration): boolean;
}
