// `privacy-lens policy draft`: drafts a policy pack from a privacy policy's text. Every section
// becomes a clause quoting the policy verbatim; the statements the recognisers know become rules
// (marked `draft: true`, severity warning) citing their clause; the rest is left for review.

import * as path from 'node:path';
import { stringify } from 'yaml';
import { formatOf, headingAnchor, headingId, normaliseSpace, readDocument } from './draft-text';
import type { DocumentText, Section } from './draft-text';
import { recogniseSection } from './draft-recognise';
import type { Clause, Pack, PolicyRule } from './types';

export interface DraftOptions {
  /** The pack id; default from the file name (`sonarcx.txt` → `sonarcx`). */
  id?: string;
  /** The company; default guessed from the text (its most frequent proper name). */
  company?: string;
  /** The policy's public URL; default a URL in the text that mentions privacy, else a guess from its domain. */
  url?: string;
}

/** A drafted pack: the YAML shape of `Pack` (no `file`), always marked as a draft. */
export type DraftPack = Omit<Pack, 'file'> & { draft: true };

export interface DraftStats {
  sections: number;
  clauses: number;
  rules: number;
  notEncoded: number;
}

export interface DraftResult {
  pack: DraftPack;
  /** The pack as YAML, with a header comment saying it is a draft for review. */
  yaml: string;
  stats: DraftStats;
}

/**
 * Drafts a pack from a policy's text. `file` names the input: its extension picks the format
 * (`.html`/`.htm`, `.md`, otherwise plain text) and its base name the default pack id. Pure: the
 * caller reads and writes files. Every clause quote is a verbatim slice of the text (for HTML, of
 * its text content), with runs of whitespace collapsed.
 */
export function draftPack(text: string, file: string, options: DraftOptions = {}): DraftResult {
  const doc = readDocument(text, formatOf(file));
  const id = options.id ?? packIdFromFile(file);
  const company = options.company ?? guessCompany(doc.text) ?? id;
  const url = options.url ?? guessUrl(doc.text, company);

  const clauses: Clause[] = [];
  const rules: PolicyRule[] = [];
  const notEncoded: NonNullable<Pack['notEncoded']> = [];
  const clauseIds = new Set<string>();
  const ruleIds = new Map<string, number>();

  for (const section of doc.sections) {
    const heading = section.heading || doc.title || 'Introduction';
    const clauseId = unique(headingId(heading), clauseIds);
    const proposals = recogniseSection(section);
    const evidence = [...proposals.rules.flatMap((r) => r.evidence), ...proposals.notEncoded.flatMap((n) => n.evidence)];
    clauses.push({ id: clauseId, title: heading, quote: quoteFor(doc, section, evidence), url: `${url}#${headingAnchor(heading)}` });
    for (const proposal of proposals.rules) {
      rules.push({
        id: numbered(proposal.kind, ruleIds),
        clause: clauseId,
        severity: 'warning',
        draft: true,
        message: proposal.message,
        when: proposal.when,
      });
    }
    for (const entry of proposals.notEncoded) {
      notEncoded.push({ commitment: `${normaliseSpace(entry.commitment)} (clause ${clauseId})`, why: entry.why });
    }
  }

  const pack: DraftPack = {
    policy: { id, company, title: doc.title ?? 'Privacy Policy', url, version: doc.version ?? 'undated' },
    draft: true,
    clauses,
    rules,
    ...(notEncoded.length > 0 ? { notEncoded } : {}),
  };
  const stats: DraftStats = { sections: doc.sections.length, clauses: clauses.length, rules: rules.length, notEncoded: notEncoded.length };
  return { pack, yaml: renderYaml(pack, file), stats };
}

/**
 * The verbatim span from the first to the last sentence that triggered something in the section,
 * or the section's first sentence. One contiguous slice, so the quote can always be found in the text.
 */
function quoteFor(doc: DocumentText, section: Section, evidence: Array<{ start: number; end: number }>): string {
  if (evidence.length === 0) return normaliseSpace(section.sentences[0]!.text);
  const start = Math.min(...evidence.map((e) => e.start));
  const end = Math.max(...evidence.map((e) => e.end));
  return normaliseSpace(doc.text.slice(start, end));
}

function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function numbered(kind: string, counts: Map<string, number>): string {
  const n = (counts.get(kind) ?? 0) + 1;
  counts.set(kind, n);
  return n === 1 ? kind : `${kind}-${n}`;
}

function packIdFromFile(file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, '');
  return headingAnchor(base).replace(/^[^a-z0-9]+/, '') || 'policy';
}

const NOT_NAMES = new Set([
  'The', 'This', 'We', 'Our', 'You', 'Your', 'If', 'In', 'For', 'To', 'Any', 'All', 'As', 'Privacy', 'Policy', 'Personal',
  'Data', 'Information', 'Services', 'Service', 'Site', 'Client', 'Clients', 'Customer', 'Customers', 'Users', 'User',
  'Products', 'Product', 'Statement', 'Notice', 'Framework', 'Shield', 'European', 'Union', 'United', 'States', 'Swiss',
  'EU', 'US', 'U', 'S', 'GDPR', 'CCPA', 'Safe', 'Harbor', 'Principles', 'Terms', 'Conditions', 'Third', 'Party', 'These',
  'Such', 'Please', 'When', 'Some', 'Additionally', 'However', 'Also', 'Contact', 'Email', 'Agreement', 'Agreements',
  'Prospective', 'Perspective', 'Internet', 'Protocol', 'IP', 'Cookies', 'Account', 'Usage', 'Content', 'Visitor',
  'Standard', 'Contractual', 'Clauses', 'Data', 'Protection', 'Act', 'Department', 'Commerce', 'Federal', 'Trade',
  'Commission', 'Economic', 'Area', 'Individuals', 'Individual', 'Rights', 'Right', 'Law', 'Legal',
]);

/** The organisation's name: the most frequent proper name, with a trailing acronym ("Interact CX"). */
export function guessCompany(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\b([A-Z][a-z]+[A-Z]?[A-Za-z]*|[a-z]+[A-Z]{2,})(?:[’']s)?\b/g)) {
    const word = m[1]!;
    if (NOT_NAMES.has(word)) continue;
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] < 3) return undefined;
  // Keep the spelling the text uses most for that name, and an acronym that usually follows it.
  const spellings = new Map<string, number>();
  let withAcronym = 0;
  let total = 0;
  let acronym = '';
  for (const m of text.matchAll(new RegExp(`\\b(${escapeRegExp(best[0])})\\b(?:\\s+([A-Z]{2,4})\\b)?`, 'gi'))) {
    spellings.set(m[1]!, (spellings.get(m[1]!) ?? 0) + 1);
    total++;
    if (m[2]) {
      withAcronym++;
      acronym = m[2];
    }
  }
  const name = [...spellings.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return withAcronym * 2 >= total && acronym ? `${name} ${acronym}` : name;
}

function guessUrl(text: string, company: string): string {
  const key = company.toLowerCase().replace(/[^a-z0-9]/g, '');
  const ownDomain = (domain: string): boolean => domain.toLowerCase().replace(/^www\./, '').replace(/[^a-z0-9]/g, '').startsWith(key);
  for (const m of text.matchAll(/\b(?:https?:\/\/)?((?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+)(\/[\w\-/]*privacy[\w\-/]*)/gi)) {
    if (ownDomain(m[1]!)) return `https://${m[1]}${m[2]!.replace(/\/+$/, '')}`;
  }
  for (const m of text.matchAll(/(?:@|https?:\/\/(?:www\.)?|\bwww\.)([a-z0-9-]+\.[a-z.]{2,})/gi)) {
    const domain = m[1]!.toLowerCase().replace(/\.$/, '');
    if (ownDomain(domain)) return `https://www.${domain}/privacy-policy`;
  }
  return `https://example.com/${key || 'privacy'}/privacy-policy`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function renderYaml(pack: DraftPack, file: string): string {
  const header = [
    `# DRAFT policy pack for review, generated by \`privacy-lens policy draft\` from ${path.basename(file)}.`,
    '# Every clause quotes the policy verbatim; every rule is a proposal (draft: true, severity warning).',
    '# Review each rule against its clause, adjust categories, purposes and regions, check the identity',
    '# (company, url, version), list what you decide not to encode under notEncoded, then remove the',
    '# draft flags. Validate with `privacy-lens policy check <this file>`.',
    '',
  ].join('\n');
  return header + stringify(pack, { lineWidth: 100, minContentWidth: 40 });
}
