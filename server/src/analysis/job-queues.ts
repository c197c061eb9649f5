// Job queues (BullMQ, Bull and their NestJS modules, Agenda): what `queue.add(name, data)` puts on a
// queue is the `job.data` that the queue's processor and event handlers get, wherever in the project
// they are (Agenda's `agenda.now(name, data)`: the `job.attrs.data` of the job `agenda.define(name, …)` runs).
// An add is analysed as a call of each handler with `{ data }` as its job, so a handler that logs the
// job's data is reported at its log call with the producer on the path, as a logging wrapper is. What
// a processor throws is the error its queue's `failed` handlers get; it does not reach the producer.
// Queues are matched by their names (literals or constants); a queue whose name is not known to the
// analysis has no handlers, rather than all of them.

import ts = require('typescript');
import type { Origin } from './origins';
import type { ConstantEvaluator } from './constants';

/** A function that receives a queue's jobs, and which of its parameters is the job. */
export interface JobHandler {
  fn: ts.SignatureDeclaration;
  job: number;
  /** A handler of the queue's `failed` event: its second parameter is what the processor threw. */
  failed?: boolean;
  /** The handler gets the value as this field of its parameter (SvelteKit's `handleError({ error })`). */
  field?: string;
}

/** What a queue-add call enqueues: the job's data, and who will get it. */
export interface EnqueuedJob {
  queue: string;
  data: ts.Expression;
  handlers: readonly JobHandler[];
  /** Where the job holds the data: `job.data`, or Agenda's `job.attrs.data`. */
  path: readonly string[];
}

/** Agenda's calls that schedule a job by name, and where their name is (the data follows it). */
const AGENDA_SCHEDULERS = new Map([['now', 0], ['create', 0], ['schedule', 1], ['every', 1]]);

export interface JobQueueDeps {
  origin(e: ts.Expression): Origin | undefined;
  constants: ConstantEvaluator;
  /** The project's calls with arguments by the name they call (`Worker`, `process`, `Processor`). */
  callsNamed(name: string): readonly (ts.CallExpression | ts.NewExpression)[];
  projectFunction(e: ts.Expression): ts.SignatureDeclaration | undefined;
  declarationOf(id: ts.Identifier): ts.Declaration | undefined;
  /** Bumped whenever origins are recomputed (an edit): the handlers are gathered again. */
  generation(): number;
}

const QUEUE_MODULES = new Set(['bullmq', 'bull']);
const NEST_MODULES = new Set(['@nestjs/bullmq', '@nestjs/bull']);
/** Worker and queue events whose handler's first parameter is the job (not a job id). */
const JOB_EVENTS = new Set(['failed', 'completed', 'active', 'progress']);
/** @nestjs/bull's per-event method decorators. */
const NEST_EVENT_DECORATORS = new Set(['OnQueueFailed', 'OnQueueCompleted', 'OnQueueActive', 'OnQueueProgress']);

export class JobQueues {
  /** Handlers by queue name, gathered once per version of the origins. */
  private byName?: Map<string, JobHandler[]>;
  private generation = -1;

  constructor(private readonly deps: JobQueueDeps) {}

  /** `queue.add('welcome', data)` (BullMQ), `queue.add(data)` (Bull): the job it enqueues. */
  enqueued(call: ts.CallExpression): EnqueuedJob | undefined {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && AGENDA_SCHEDULERS.has(callee.name.text)) return this.scheduled(call, callee);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'add' || !call.arguments.length) return undefined;
    const queue = this.deps.origin(callee.expression);
    if (!queue || !isQueue(queue)) return undefined;
    const name = this.queueName(queue, callee.expression);
    if (name === undefined) return undefined;
    // Bull's name is optional: `add(data, opts)`; BullMQ's is not.
    const first = call.arguments[0];
    const data = queue.root.module === 'bull' && call.arguments.length <= 2 && !this.isText(first) ? first : call.arguments[1];
    if (!data) return undefined;
    const handlers = this.handlers().get(name);
    return handlers?.length ? { queue: name, data, handlers, path: ['data'] } : undefined;
  }

  /**
   * `worker.on('failed', (job, err) => …)`: the handler, and the processors of its queue, whose own
   * throws (a record they load, not the job's data) are its error whoever enqueues the job.
   */
  failedListener(call: ts.CallExpression): { queue: string; handler: JobHandler; processors: readonly JobHandler[] } | undefined {
    const on = this.listener(call);
    if (on?.event !== 'failed') return undefined;
    const handlers = this.handlers().get(on.queue) ?? [];
    const arg = call.arguments[1];
    const handler = handlers.find((h) => h.failed && (h.fn === arg || h.fn === this.deps.projectFunction(arg)));
    const processors = handlers.filter((h) => !h.failed);
    return handler && processors.length ? { queue: on.queue, handler, processors } : undefined;
  }

  /** `worker.on('failed', …)`, `queue.on('completed', …)` of a BullMQ or Bull queue: its name and the event. */
  private listener(c: ts.CallExpression): { queue: string; event: string } | undefined {
    if (!ts.isPropertyAccessExpression(c.expression) || c.expression.name.text !== 'on' || c.arguments.length < 2) return undefined;
    const event = c.arguments[0];
    if (!ts.isStringLiteralLike(event) || !JOB_EVENTS.has(event.text)) return undefined;
    const emitter = this.deps.origin(c.expression.expression);
    if (!emitter || !QUEUE_MODULES.has(emitter.root.module ?? '')) return undefined;
    const made = emitter.calls.find((x) => ts.isNewExpression(x) || isQueueFactory(x));
    const queue = made && (isQueue(emitter) || emitter.path[0] === 'Worker') ? this.text(made.arguments?.[0]) : undefined;
    return queue === undefined ? undefined : { queue, event: event.text };
  }

  /** `agenda.now('send sms', { to })`, `agenda.schedule('in 5 minutes', 'remind', data)`: Agenda's job of that name. */
  private scheduled(call: ts.CallExpression, callee: ts.PropertyAccessExpression): EnqueuedJob | undefined {
    const at = AGENDA_SCHEDULERS.get(callee.name.text)!;
    const data = call.arguments[at + 1];
    const name = data && this.text(call.arguments[at]);
    if (name === undefined || !isAgenda(this.deps.origin(callee.expression))) return undefined;
    const handlers = this.handlers().get(AGENDA + name);
    return handlers?.length ? { queue: name, data, handlers, path: ['attrs', 'data'] } : undefined;
  }

  /** The name the queue was made with: `new Queue('mail')`, or injected with `@InjectQueue('mail')`. */
  private queueName(queue: Origin, receiver: ts.Expression): string | undefined {
    const made = queue.calls.find((c) => ts.isNewExpression(c) || isQueueFactory(c));
    if (made) return this.text(made.arguments?.[0]);
    const decl = this.declarationOf(receiver);
    for (const d of (decl && ts.canHaveDecorators(decl) && ts.getDecorators(decl)) || []) {
      if (ts.isCallExpression(d.expression) && decoratorName(d) === 'InjectQueue') return this.text(d.expression.arguments[0]);
    }
    return undefined;
  }

  private declarationOf(receiver: ts.Expression): ts.Declaration | undefined {
    const id = ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.name) ? receiver.name : ts.isIdentifier(receiver) ? receiver : undefined;
    return id && this.deps.declarationOf(id);
  }

  private text(e: ts.Expression | undefined): string | undefined {
    if (!e) return undefined;
    const v = this.deps.constants.evaluate(e);
    return v?.complete ? v.text : undefined;
  }

  /** A string, even one only partly known (a template): Bull's optional job name. */
  private isText(e: ts.Expression): boolean {
    return ts.isTemplateExpression(e) || this.text(e) !== undefined;
  }

  private handlers(): Map<string, JobHandler[]> {
    if (this.byName && this.generation === this.deps.generation()) return this.byName;
    this.generation = this.deps.generation();
    const out = new Map<string, JobHandler[]>();
    const add = (name: string | undefined, fn: ts.Expression | ts.SignatureDeclaration | undefined, failed = false): void => {
      if (name === undefined || !fn) return;
      const f = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) ? fn : this.deps.projectFunction(fn as ts.Expression);
      if (!f || !(f as ts.FunctionLikeDeclaration).body || !f.parameters.length) return;
      let list = out.get(name);
      if (!list) out.set(name, (list = []));
      list.push({ fn: f, job: 0, ...(failed && { failed }) });
    };
    // BullMQ: `new Worker('mail', async (job) => …)`.
    for (const c of this.deps.callsNamed('Worker')) {
      if (!ts.isNewExpression(c) || this.deps.origin(c.expression)?.root.module !== 'bullmq') continue;
      add(this.text(c.arguments?.[0]), c.arguments?.[1]);
    }
    // Bull: `queue.process(async (job) => …)`, with an optional job name and concurrency first.
    for (const c of this.deps.callsNamed('process')) {
      if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) continue;
      const queue = this.deps.origin(c.expression.expression);
      if (queue?.root.module !== 'bull' || !isQueue(queue)) continue;
      add(this.queueName(queue, c.expression.expression), c.arguments[c.arguments.length - 1]);
    }
    // Both: `worker.on('failed', (job, err) => …)`, `queue.on('completed', (job) => …)`.
    for (const c of this.deps.callsNamed('on')) {
      const on = ts.isCallExpression(c) ? this.listener(c) : undefined;
      if (on) add(on.queue, c.arguments?.[1], on.event === 'failed');
    }
    // Agenda: `agenda.define('send sms', async (job) => …)`, with options before or after the function.
    for (const c of this.deps.callsNamed('define')) {
      if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression) || c.arguments.length < 2 || !isAgenda(this.deps.origin(c.expression.expression))) continue;
      const name = this.text(c.arguments[0]);
      const fn = c.arguments.slice(1).find((x) => !ts.isObjectLiteralExpression(x));
      if (name !== undefined) add(AGENDA + name, fn);
    }
    // NestJS: `@Processor('mail') class MailProcessor` with `process(job)` (WorkerHost), `@Process()`
    // methods and event methods (`@OnWorkerEvent('failed')`, `@OnQueueFailed()`).
    for (const c of this.deps.callsNamed('Processor')) {
      if (!ts.isCallExpression(c) || !ts.isDecorator(c.parent) || !ts.isClassDeclaration(c.parent.parent)) continue;
      if (!NEST_MODULES.has(this.deps.origin(c.expression)?.root.module ?? '')) continue;
      const arg = c.arguments[0];
      const name = arg && ts.isObjectLiteralExpression(arg) ? this.text(propertyValue(arg, 'name')) : this.text(arg);
      for (const m of c.parent.parent.members) {
        if (!ts.isMethodDeclaration(m)) continue;
        const decorators = (ts.getDecorators(m) ?? []).map((d) => ({ d, name: decoratorName(d) }));
        const handles =
          (ts.isIdentifier(m.name) && m.name.text === 'process') ||
          decorators.some(({ d, name: n }) => n === 'Process' || (n !== undefined && NEST_EVENT_DECORATORS.has(n)) || (n === 'OnWorkerEvent' && isJobEvent(d)));
        const failed = decorators.some(({ d, name: n }) => n === 'OnQueueFailed' || (n === 'OnWorkerEvent' && isJobEvent(d, 'failed')));
        if (handles) add(name, m, failed);
      }
    }
    return (this.byName = out);
  }
}

/** Agenda's jobs share the handlers' map with the queues', under names of their own. */
const AGENDA = 'agenda:';

/** An Agenda instance: `new Agenda({ db })`, of the module's named or default export. */
function isAgenda(o: Origin | undefined): boolean {
  return o?.root.module === 'agenda' && o.path[o.path.length - 1] === '()';
}

function isQueue(o: Origin): boolean {
  if (!QUEUE_MODULES.has(o.root.module ?? '') || o.path[o.path.length - 1] !== '()') return false;
  const head = o.path.slice(0, -1);
  // `new Queue(…)` of BullMQ; Bull's default export, called or constructed (`require('bull')`, `import Queue from 'bull'`).
  return (head.length === 1 && (head[0] === 'Queue' || head[0] === 'default')) || (head.length === 0 && o.root.module === 'bull');
}

/** `Queue('mail')` of Bull, called without `new`. */
function isQueueFactory(c: ts.CallExpression | ts.NewExpression): boolean {
  return ts.isCallExpression(c) && ts.isIdentifier(c.expression) && /Queue$/.test(c.expression.text);
}

function decoratorName(d: ts.Decorator): string | undefined {
  const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
}

function isJobEvent(d: ts.Decorator, event?: string): boolean {
  const arg = ts.isCallExpression(d.expression) ? d.expression.arguments[0] : undefined;
  return !!arg && ts.isStringLiteralLike(arg) && (event ? arg.text === event : JOB_EVENTS.has(arg.text));
}

function propertyValue(o: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of o.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === key) return p.initializer;
  return undefined;
}
