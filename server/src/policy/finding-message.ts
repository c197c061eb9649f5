// The one factual sentence a finding reports: which expressions carry which categories, and where
// they go ("'user.email' (user.contact.email) is sent to Segment (analytics) via 'analytics.track'.").
// The why is the clause and the what-to-do is the fix, so neither belongs here.

import type { Derivation, Destination, FlowData } from '../analysis/types';

/** Expressions named one by one before the rest are counted ("and 2 more"). */
const MAX_NAMED = 3;
const MAX_EXPRESSION_LENGTH = 60;

const DERIVED_WORD: Record<Derivation, string> = { hash: 'hashed', pseudonymise: 'pseudonymised', encrypt: 'encrypted' };

export function findingMessage(data: readonly FlowData[], destination: Destination): string {
  const carriers = groupByExpression(data);
  const plural = carriers.length > 1;
  const subject = joinList(
    carriers.map((c) => `'${shorten(c.expression)}' (${c.labels.join(', ')})`),
    carriers.length > MAX_NAMED ? carriers.length - MAX_NAMED : 0,
  );
  const callee = `'${shorten(destination.callee)}'`;
  switch (destination.sinkKind) {
    case 'log':
      return `${subject} ${plural ? 'reach' : 'reaches'} the log call ${callee}.`;
    case 'third-party': {
      const who = destination.vendor ?? destination.name;
      const purpose = destination.purpose ? ` (${destination.purpose})` : '';
      const where = destination.host ? ` at ${hostText(destination)}` : '';
      return `${subject} ${plural ? 'are' : 'is'} sent to ${who}${purpose}${where} via ${callee}.`;
    }
    case 'transfer': {
      const where = destination.host ? hostText(destination) : 'a host that could not be resolved';
      return `${subject} ${plural ? 'are' : 'is'} sent to ${where} via ${callee}.`;
    }
  }
}

/** `api.example.in (IN)`, and the scheme when it is plain `http` (worth a reader's attention). */
function hostText(d: Destination): string {
  const host = d.scheme === 'http' ? `http://${d.host}` : (d.host ?? '');
  return d.region ? `${host} (${d.region})` : host;
}

interface Carrier {
  expression: string;
  labels: string[];
}

function groupByExpression(data: readonly FlowData[]): Carrier[] {
  const byExpression = new Map<string, Carrier>();
  for (const d of data) {
    const expression = d.expression.replace(/\s+/g, ' ').trim();
    let carrier = byExpression.get(expression);
    if (!carrier) {
      carrier = { expression, labels: [] };
      byExpression.set(expression, carrier);
    }
    const label = d.derivedBy ? `${d.category}, ${DERIVED_WORD[d.derivedBy]}` : d.category;
    if (!carrier.labels.includes(label)) carrier.labels.push(label);
  }
  return [...byExpression.values()];
}

function joinList(items: string[], more: number): string {
  const named = more > 0 ? items.slice(0, MAX_NAMED) : items;
  if (more > 0) return `${named.join(', ')} and ${more} more`;
  if (named.length <= 1) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXPRESSION_LENGTH ? `${flat.slice(0, MAX_EXPRESSION_LENGTH - 1)}…` : flat;
}
