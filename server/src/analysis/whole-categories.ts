// Categories that name a whole made of parts: a person's full name, a postal address. A flow that
// carries the whole (or enough of its parts to be one) reports the whole, not each part beside it.

import type { Flow, FlowData } from './types';

const NAME = 'user.name';
const ADDRESS = 'user.contact.address';

/**
 * A flow's data and arguments with its parts read as wholes: a first and a last name are a name
 * (`user.name`); a street with a town, postcode, state or country is an address; a whole already
 * there covers its parts (`user.contact.address` beside `.city`). A part alone stays itself (a
 * postcode is not an address, a first name is not a full name).
 */
export function asWholes(flow: Flow): void {
  const byKind = new Map<string, Set<string>>();
  for (const d of flow.data) {
    const k = d.derivedBy ?? '';
    let s = byKind.get(k);
    if (!s) byKind.set(k, (s = new Set()));
    s.add(d.category);
  }
  const wholeOf = (category: string, kind: string): string => {
    const present = byKind.get(kind);
    if (!present) return category;
    for (const w of [NAME, ADDRESS]) if (category.startsWith(`${w}.`) && isWhole(w, present)) return w;
    return category;
  };
  // Each part read as its whole, the same for the arguments that carry it.
  const renamed = new Map<string, string>();
  const data: FlowData[] = [];
  const seen = new Set<string>();
  for (const d of flow.data) {
    const category = wholeOf(d.category, d.derivedBy ?? '');
    if (category !== d.category) renamed.set(d.category, category);
    const key = `${category}|${d.derivedBy ?? ''}|${d.expression}`;
    if (seen.has(key)) continue;
    seen.add(key);
    data.push(category === d.category ? d : { ...d, category });
  }
  if (!renamed.size) return;
  flow.data = data;
  for (const a of flow.arguments) a.categories = [...new Set(a.categories.map((c) => renamed.get(c) ?? c))];
}

function isWhole(whole: string, present: ReadonlySet<string>): boolean {
  if (present.has(whole)) return true;
  if (whole === NAME) return present.has(`${NAME}.first`) && present.has(`${NAME}.last`);
  return present.has(`${ADDRESS}.street`) && ['city', 'postal_code', 'state', 'country'].some((p) => present.has(`${ADDRESS}.${p}`));
}
