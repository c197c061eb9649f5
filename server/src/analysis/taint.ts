// Taint: what personal data a value carries, as labels with their paths, plus per-field taint for
// object literals so that picking a field or destructuring with a rest element stays precise.
// Labels with `param` set are placeholders for a function's parameters while it is summarised.

import type { Derivation, FlowStep, SourceReason } from './types';

export interface Label {
  /** The data category; '' for a parameter placeholder. */
  category: string;
  reason: SourceReason;
  steps: readonly FlowStep[];
  derivedBy?: Derivation;
  /** Placeholder: the value of parameter `param` of the function being summarised. */
  param?: number;
  /** With `param`: only this field of the parameter (`function log({ message })`), or a path of fields (`payload.url`). */
  paramField?: string;
  /** With `param`: the parameter (or its `paramField`) less these fields, which a rest element left out (`{ email, ...rest }`). */
  without?: readonly string[];
  /** Text of the expression where the value became personal data (`customer.email`). */
  source?: string;
  /** Carried by a value's type: the type's fields that hold it. Reading another field drops it. */
  typeFields?: readonly string[];
  /**
   * A whole record known only by its name (`customer` from an ORM that is not installed): none of its
   * fields is known to hold it, and as text (`${customer}`) it is `[object Object]`.
   */
  record?: boolean;
  /** On a placeholder: the parameter was made text on the way, so a record passed in is `[object Object]`. */
  text?: boolean;
  /** Thrown in an error of this class (and its bases, nearest first), for `instanceof` tests where it is caught. */
  thrownAs?: readonly string[];
  /** On a placeholder: tested with `instanceof` on the way (`is` false: the test failed); callers' errors of other classes are not passed. */
  narrowedBy?: ReadonlyArray<{ cls: string | readonly string[]; is: boolean }>;
}

export interface Taint {
  labels: readonly Label[];
  fields?: ReadonlyMap<string, Taint>;
}

export const CLEAN: Taint = Object.freeze({ labels: [] });

/** The field under which a Map's taint keeps what its keys hold, apart from its values. */
export const MAP_KEYS = '#keys';

/**
 * The field under which a function passed as an argument carries what it throws when called: a
 * callee that calls its function-valued parameter (`withRetry(task)` running `await task()`) throws
 * a placeholder for this field of that parameter, filled in at each call with what the caller's
 * function throws.
 */
export const THROWN = '#thrown';

/** A Map holding these keys and values: `get` gives the values, `keys()` the keys. */
export function mapOf(keys: Taint, values: Taint): Taint {
  return { labels: values.labels, fields: new Map([...(values.fields ?? []), [MAP_KEYS, whole(keys)]]) };
}

/** What a Map's values hold, without its keys. */
export function mapValues(t: Taint): Taint {
  if (!t.fields?.has(MAP_KEYS)) return t;
  const values = new Map([...t.fields].filter(([k]) => k !== MAP_KEYS));
  return { labels: t.labels, fields: values.size ? values : undefined };
}

/** Keep paths readable and memory bounded: the first steps and the last ones tell the story. */
const MAX_STEPS = 12;
const MAX_LABELS = 24;

function labelKey(l: Label): string {
  return l.param !== undefined ? `#${l.param}.${l.paramField ?? ''}|${l.derivedBy ?? ''}${l.text ? '|text' : ''}${l.without ? `-${l.without.join(',')}` : ''}${l.thrownAs ? `|${l.thrownAs[0]}` : ''}${l.narrowedBy ? `|${l.narrowedBy.map((n) => `${n.is ? '' : '!'}${typeof n.cls === 'string' ? n.cls : n.cls.join('|')}`).join(',')}` : ''}` : `${l.category}|${l.derivedBy ?? ''}${l.record ? '|record' : ''}${l.thrownAs ? `|${l.thrownAs[0]}` : ''}`;
}

export function isClean(t: Taint): boolean {
  if (t.labels.length) return false;
  if (t.fields) for (const f of t.fields.values()) if (!isClean(f)) return false;
  return true;
}

export function unionLabels(a: readonly Label[], b: readonly Label[]): readonly Label[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const seen = new Map(a.map((l, i) => [labelKey(l), i]));
  let out: Label[] | undefined;
  for (const l of b) {
    const k = labelKey(l);
    const i = seen.get(k);
    if (i !== undefined) {
      // The same data held in named fields of a type, and also anywhere: anywhere wins.
      const kept = (out ?? a)[i];
      if (kept.typeFields) (out ??= [...a])[i] = l.typeFields ? { ...kept, typeFields: [...new Set([...kept.typeFields, ...l.typeFields])] } : l;
      continue;
    }
    seen.set(k, (out ??= [...a]).length);
    out.push(l);
    if (out.length >= MAX_LABELS) break;
  }
  return out ?? a;
}

export function union(a: Taint, b: Taint): Taint {
  if (isClean(b)) return a;
  if (isClean(a)) return b;
  let fields: Map<string, Taint> | undefined;
  if (a.fields || b.fields) {
    fields = new Map(a.fields ?? []);
    for (const [k, v] of b.fields ?? []) fields.set(k, fields.has(k) ? union(fields.get(k)!, v) : v);
  }
  return { labels: unionLabels(a.labels, b.labels), fields };
}

/**
 * `a` and `b` together, less `a`'s labels that `yields` lets go where `b` carries the same data: a
 * callee's parameter read by its name (`fullName`) where the caller passed what it was (`user.fullName`).
 */
export function unionYielding(a: Taint, b: Taint, yields: (l: Label) => boolean): Taint {
  if (isClean(b)) return a;
  const keys = new Set(b.labels.map(labelKey));
  const kept = a.labels.filter((l) => !(keys.has(labelKey(l)) && yields(l)));
  return union(kept.length === a.labels.length ? a : { labels: kept, fields: a.fields }, b);
}

export function unionAll(ts: Iterable<Taint>): Taint {
  let out = CLEAN;
  for (const t of ts) out = union(out, t);
  return out;
}

/** All labels of a value, its fields' included: what leaves when the whole value is sent. */
export function flatten(t: Taint): readonly Label[] {
  if (!t.fields) return t.labels;
  let out = t.labels;
  for (const f of t.fields.values()) out = unionLabels(out, flatten(f));
  return out;
}

/** A value made text (`${customer}`, `'lead: ' + lead`): a record known only by its name is `[object Object]`. */
export function asText(t: Taint): Taint {
  // An error made text (`String(err)`, `${err}`) is its name and message, not its other fields.
  if (t.fields && flatten(t).some((l) => l.thrownAs)) return asText(union({ labels: t.labels }, t.fields.get('message') ?? CLEAN));
  const w = whole(t);
  if (!w.labels.some((l) => l.record || (l.param !== undefined && !l.text))) return w;
  return { labels: w.labels.filter((l) => !l.record).map((l) => (l.param !== undefined && !l.text ? { ...l, text: true } : l)) };
}

export function whole(t: Taint): Taint {
  return t.fields ? { labels: flatten(t) } : t;
}

/**
 * The value as one piece, passed through code that may reshape it (a function that merges it into
 * something else and returns that): which of its type's fields held what no longer says anything.
 */
export function reshaped(t: Taint): Taint {
  const labels = flatten(t);
  if (labels.some((l) => l.typeFields)) return { labels: labels.map((l) => (l.typeFields ? { ...l, typeFields: undefined } : l)) };
  return t.fields ? { labels } : t;
}

export function addStep(steps: readonly FlowStep[], step: FlowStep): readonly FlowStep[] {
  const last = steps[steps.length - 1];
  if (last && last.location.file === step.location.file && last.location.range.start.line === step.location.range.start.line && last.message === step.message) return steps;
  const next = [...steps, step];
  return next.length > MAX_STEPS ? [...next.slice(0, 2), ...next.slice(next.length - (MAX_STEPS - 2))] : next;
}

export function withStep(t: Taint, step: FlowStep): Taint {
  if (isClean(t)) return t;
  const labels = t.labels.map((l) => ({ ...l, steps: addStep(l.steps, step) }));
  let fields: Map<string, Taint> | undefined;
  if (t.fields) {
    fields = new Map();
    for (const [k, v] of t.fields) fields.set(k, withStep(v, step));
  }
  return { labels, fields };
}

export function derive(t: Taint, by: Derivation): Taint {
  const labels = flatten(t).map((l) => ({ ...l, derivedBy: l.derivedBy ?? by }));
  return { labels };
}

/**
 * A placeholder for parameter `param` of the function being summarised (or one field path of it),
 * filled in with the argument at each call.
 */
export function placeholder(param: number, detail: string, paramField?: string): Taint {
  const label: Label = { category: '', param, reason: { kind: 'name', detail }, steps: [] };
  return { labels: [paramField === undefined ? label : { ...label, paramField }] };
}

/** The taint without parameter placeholders: what may be stored beyond the function's own run. */
export function concrete(t: Taint): Taint {
  const labels = t.labels.filter((l) => l.param === undefined);
  let fields: Map<string, Taint> | undefined;
  if (t.fields) {
    fields = new Map();
    for (const [k, v] of t.fields) fields.set(k, concrete(v));
  }
  return { labels, fields };
}

/** Only the parameter placeholders of a value, in its fields too; undefined when it has none. */
export function placeholders(t: Taint, depth = 0): Taint | undefined {
  const labels = t.labels.filter((l) => l.param !== undefined);
  let fields: Map<string, Taint> | undefined;
  if (t.fields && depth < 8) {
    for (const [k, v] of t.fields) {
      const p = placeholders(v, depth + 1);
      if (p) (fields ??= new Map()).set(k, p);
    }
  }
  return labels.length || fields ? { labels, fields } : undefined;
}

/**
 * The value less some fields (`const { email, ...rest } = lead`, lodash's `omit`): the fields its
 * literal holds, what its type holds only in those fields, and, of a parameter, what callers put there.
 */
export function withoutFields(t: Taint, names: Iterable<string>): Taint {
  const left = [...names];
  if (!left.length) return t;
  const gone = new Set(left);
  let labels: readonly Label[] = t.labels;
  if (labels.some((l) => l.param !== undefined || l.typeFields?.length)) {
    labels = labels.flatMap((l): Label[] => {
      if (l.param !== undefined) return [{ ...l, without: [...new Set([...(l.without ?? []), ...left])] }];
      if (!l.typeFields?.length) return [l];
      const kept = l.typeFields.filter((f) => !gone.has(f));
      return kept.length ? [{ ...l, typeFields: kept }] : [];
    });
  }
  if (!t.fields) return { labels };
  const fields = new Map(t.fields);
  for (const n of left) fields.delete(n);
  return { labels, fields };
}

/**
 * Labels of one field read from a value held whole: a parameter placeholder narrows to that field of
 * the parameter (`params.partnerId` takes only what callers put in `partnerId`, `options.payload.url`
 * only what they put there); other labels are the holder's, as they were.
 */
/** `{ ...customer, phoneNumber: undefined }`: labels a type held only in fields written afterwards are gone. */
export function withoutTypeFields(labels: readonly Label[], written: ReadonlySet<string>): readonly Label[] {
  return written.size ? labels.filter((l) => !l.typeFields?.length || !l.typeFields.every((f) => written.has(f))) : labels;
}

export function fieldLabels(labels: readonly Label[], field: string): readonly Label[] {
  if (!labels.some((l) => isNarrowable(l) || l.typeFields || l.record)) return labels;
  const out: Label[] = [];
  for (const l of labels) {
    if (l.record) continue;
    if (isNarrowable(l)) {
      // `rest.email` where `{ email, ...rest } = lead`: nothing of the caller's `email` is left there.
      if (!l.without?.includes(field)) out.push({ ...l, paramField: l.paramField === undefined ? field : `${l.paramField}.${field}`, without: undefined });
    }
    // What a `Context` carries in its `models` is not in its `subdomain`.
    else if (l.typeFields) {
      if (l.typeFields.includes(field)) out.push({ ...l, typeFields: undefined });
    } else out.push(l);
  }
  return out;
}

/** Placeholders narrow down to a path of at most four fields (`options.payload.url`); deeper reads keep the path. */
const MAX_FIELD_PATH = 4;

function isNarrowable(l: Label): boolean {
  return l.param !== undefined && (l.paramField === undefined || l.paramField.split('.').length < MAX_FIELD_PATH);
}
