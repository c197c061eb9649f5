// Reading a privacy policy's text for drafting: plain text, Markdown or HTML become sections (a
// heading and its sentences, each sentence a verbatim slice of the document's text), plus the
// identity lines a pack needs (title, "last updated" date, company). Heuristics only; pure.

export interface Sentence {
  text: string;
  /** Offsets into `DocumentText.text`: `text === document.text.slice(start, end)`. */
  start: number;
  end: number;
}

export interface Section {
  heading: string;
  sentences: Sentence[];
}

export interface DocumentText {
  /** The text that quotes are taken from: the input itself, or for HTML its text content. */
  text: string;
  sections: Section[];
  /** The first heading that names the document ("Privacy Policy", "Privacy Notice"), if any. */
  title?: string;
  /** The "last updated" / effective date line, as the text gives it. */
  version?: string;
}

export type TextFormat = 'text' | 'markdown' | 'html';

export function formatOf(file: string): TextFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  return 'text';
}

interface Line {
  text: string;
  start: number;
  /** A heading the markup declares (`#`, `<h2>`), as opposed to one the heuristics guess. */
  explicitHeading?: string;
}

export function readDocument(input: string, format: TextFormat): DocumentText {
  const text = format === 'html' ? htmlToText(input) : input.replace(/\r\n?/g, '\n');
  const lines = splitLines(text, format);
  const explicit = lines.some((l) => l.explicitHeading !== undefined);

  const sections: Section[] = [];
  let current: Section = { heading: '', sentences: [] };
  let block: Line[] = [];
  let version: string | undefined;
  let title: string | undefined;
  const flush = (): void => {
    current.sentences.push(...blockSentences(text, block));
    block = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.text.trim();
    if (trimmed === '' || /^[-–—*•|]+$/.test(trimmed) || /^[-|\s]+$/.test(trimmed)) {
      flush();
      continue;
    }
    if (isVersionLine(trimmed)) {
      // A later date line (a supplement's "Effective as of …") is neither a heading nor a statement.
      flush();
      version ??= trimmed.replace(/^\((.*)\)$/, '$1');
      continue;
    }
    const heading = line.explicitHeading ?? (explicit ? undefined : guessHeading(trimmed));
    if (heading !== undefined) {
      flush();
      if (current.sentences.length > 0 || current.heading === '') pushSection(sections, current);
      current = { heading, sentences: [] };
      if (title === undefined && sections.length < 3 && /\b(privacy|policy|policies|notice|statement)\b/i.test(heading)) title = heading;
      continue;
    }
    // A line that doesn't end a sentence and is followed by a lower-case continuation is hard-wrapped.
    block.push(line);
    if (/[.!?:;|)”"]$/.test(trimmed) || !/^[a-z(]/.test(lines[i + 1]?.text.trim() ?? '')) flush();
  }
  flush();
  pushSection(sections, current);
  title ??= /\bPrivacy (?:Policy|Statement|Notice)\b/.exec(text)?.[0];
  return { text, sections, title, version };
}

function pushSection(sections: Section[], section: Section): void {
  if (section.sentences.length === 0) return;
  sections.push(section);
}

function splitLines(text: string, format: TextFormat): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const line: Line = { text: raw, start };
    if (format === 'markdown') {
      const m = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
      if (m) line.explicitHeading = stripMarkdown(m[1]!);
    } else if (format === 'html') {
      const m = /^\u0001(.*)\u0001$/.exec(raw.trim());
      if (m) line.explicitHeading = m[1]!.trim();
    }
    lines.push(line);
    start += raw.length + 1;
  }
  return lines;
}

function stripMarkdown(s: string): string {
  return s.replace(/[*_`]+/g, '').trim();
}

/** "Last updated November 2020", "(effective December 28, 2016)", "Date of this Version: 16/01/18". */
function isVersionLine(line: string): boolean {
  return (
    line.length <= 80 &&
    /\b(last\s+updated|last\s+modified|effective|date of this version|version date|updated on)\b/i.test(line) &&
    /\b(19|20)\d{2}\b|\d{1,2}\/\d{1,2}\/\d{2,4}/.test(line)
  );
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'we', 'do', 'does', 'our', 'your', 'you', 'is', 'are', 'us', 'use', 'how', 'what', 'who', 'this', 'other', 'any']);

/**
 * A plain-text heading: a short line without a final period that is Title Case, numbered
 * ("2. Information Sharing") or a question ("What do we use your information for?").
 */
export function guessHeading(line: string): string | undefined {
  if (line.length > 120 || /^[•*\-–(]|^[a-z]\)/.test(line)) return undefined;
  if (/[.,:]$/.test(line) || /\|/.test(line) || /https?:\/\/|@/.test(line)) return undefined;
  const words = line.split(/\s+/);
  if (words.length > 16) return undefined;
  // "Dispute Resolution;" is a heading, a list item ending in ';' is not.
  if (line.endsWith(';') && words.length > 3) return undefined;
  const heading = line.replace(/;$/, '');
  if (heading.endsWith('?')) return heading;
  if (/^\d+(\.\d+)*\.?\s+\S/.test(heading) && !/[.!]$/.test(heading)) return heading;
  const alphabetic = words.map((w) => w.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '')).filter((w) => /^[A-Za-z]/.test(w));
  if (alphabetic.length === 0) return undefined;
  const significant = alphabetic.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  if (significant.length === 0) return undefined;
  const capitalised = significant.filter((w) => /^[A-Z]/.test(w)).length;
  return capitalised / significant.length >= 0.6 ? heading : undefined;
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|inc|ltd|plc|no|co|corp|vs|mr|mrs|ms|dr|st|u\.s|u\.k|approx)\.|\b[A-Z]\.)$/i;

/** Splits a block of lines into sentences, each a verbatim slice [start, end) of `text`. */
function blockSentences(text: string, block: Line[]): Sentence[] {
  if (block.length === 0) return [];
  const first = block[0]!;
  const last = block[block.length - 1]!;
  let start = first.start + (first.text.length - first.text.trimStart().length);
  const blockEnd = last.start + last.text.trimEnd().length;
  const sentences: Sentence[] = [];
  const boundary = /[.!?]["”’)]*(?=\s+["“(]?[A-Z0-9•])/g;
  boundary.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(text)) !== null && m.index < blockEnd) {
    const end = m.index + m[0].length;
    if (ABBREVIATIONS.test(text.slice(Math.max(start, end - 8), end))) continue;
    pushSentence(text, sentences, start, end);
    start = end;
    while (start < blockEnd && /\s/.test(text[start]!)) start++;
  }
  pushSentence(text, sentences, start, blockEnd);
  return sentences;
}

function pushSentence(text: string, sentences: Sentence[], start: number, end: number): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  // Fragments of fewer than three words ("Loading...", "Email: privacy@example.com") are page
  // furniture, not statements.
  const fragment = text.slice(start, end);
  if (!/[A-Za-z]/.test(fragment) || fragment.split(/\s+/).length < 3) return;
  sentences.push({ text: text.slice(start, end), start, end });
}

/**
 * HTML to text: scripts and styles dropped, block elements become line breaks, headings become
 * lines marked with \u0001 so that `splitLines` recognises them, entities decoded.
 */
function htmlToText(html: string): string {
  let s = html.replace(/<(script|style|head|nav|footer)\b[\s\S]*?<\/\1\s*>/gi, '').replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]\s*>/gi, (_, inner: string) => {
    const heading = decodeEntities(inner.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
    return heading ? `\n\n\u0001${heading}\u0001\n\n` : '\n\n';
  });
  s = s.replace(/<\/?(p|div|section|article|li|ul|ol|tr|table|br|hr|blockquote|dd|dt)\b[^>]*>/gi, '\n');
  s = s.replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  // Inside a paragraph, source line breaks are layout, not text.
  return s
    .split(/\n{2,}/)
    .map((p) => p.replace(/[ \t]*\n[ \t]*/g, (m) => (m.includes('\n') ? '\n' : m)))
    .join('\n\n')
    .replace(/[ \t]+/g, ' ');
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
  mdash: '—', ndash: '–', hellip: '…', copy: '©', reg: '®', trade: '™', bull: '•',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The anchor a heading gets in a policy URL: lower case, words joined by `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-');
}

/** A stable id for a section: its heading's anchor without a leading section number. */
export function headingId(heading: string): string {
  const id = headingAnchor(heading.replace(/^\s*\d+(\.\d+)*\.?\s+/, ''));
  if (id.length <= 60) return id || 'section';
  const cut = id.slice(0, 61);
  return cut.slice(0, cut.lastIndexOf('-')) || id.slice(0, 60);
}

/** Collapses runs of whitespace, as quotes are compared and shown. */
export function normaliseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
