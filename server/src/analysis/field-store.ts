// What class fields (`this.contact = …`, static ones too) and module variables (a module's cache)
// are given, kept for every function that reads them. A function may be analysed before another one
// writes the field it reads (a setter called later in the file, a method summarised early as a
// callee): the store remembers who read each field, and a later write that adds data marks their
// files for one more analysis.

import { CLEAN, type Taint, union } from './taint';

export class FieldStore {
  private readonly values = new Map<string, Taint>();
  /** For each field, the files of the functions that read it. */
  private readonly readers = new Map<string, Set<string>>();
  /** Files that read a field before a write added to it. */
  readonly stale = new Set<string>();

  /** What the field holds, read by a function of `reader` (a file). */
  read(key: string, reader: string): Taint | undefined {
    let files = this.readers.get(key);
    if (!files) this.readers.set(key, (files = new Set()));
    files.add(reader);
    return this.values.get(key);
  }

  add(key: string, t: Taint): void {
    const before = this.values.get(key) ?? CLEAN;
    const after = union(before, t);
    if (after === before) return;
    this.values.set(key, after);
    if (size(after) > size(before)) for (const f of this.readers.get(key) ?? []) this.stale.add(f);
  }

  /**
   * A file changed: what its fields were given is gone (their keys begin with its name), and so are
   * their readers, so that its analysis giving them the same again marks only the files that read
   * them since (an edit would otherwise re-analyse every earlier reader a second time).
   */
  dropFile(file: string): void {
    for (const key of [...this.values.keys()]) if (key.startsWith(`${file}:`)) this.values.delete(key);
    for (const key of [...this.readers.keys()]) if (key.startsWith(`${file}:`)) this.readers.delete(key);
  }
}

/** Labels and fields, nested: grows exactly when a union adds something. */
function size(t: Taint, depth = 0): number {
  let n = t.labels.length;
  if (t.fields && depth < 8) for (const f of t.fields.values()) n += 1 + size(f, depth + 1);
  return n;
}
