// The statements `policy draft` recognises in a policy's sentences — hosting and transfer regions,
// no sale, no sharing for marketing, card data, special categories, limited uses of IP addresses,
// retention periods, children — and the rule (or not-encoded entry) each proposes. Regexes only.

import type { Purpose } from '../analysis/types';
import type { RuleCondition } from './types';
import type { Section, Sentence } from './draft-text';

/** A rule the draft proposes, before ids are made unique. */
export interface RuleProposal {
  kind: string;
  message: string;
  when: RuleCondition;
  /** The sentences that triggered it, all in one section. */
  evidence: Sentence[];
}

export interface NotEncodedProposal {
  commitment: string;
  why: string;
  evidence: Sentence[];
}

export interface SectionProposals {
  rules: RuleProposal[];
  notEncoded: NotEncodedProposal[];
}

const REGIONS: Array<{ pattern: RegExp; code: string; name: string }> = [
  { pattern: /\bUnited States\b|\bU\.S\.(?:A\.)?|\bUSA\b|\bUS\b/, code: 'US', name: 'the US' },
  { pattern: /\bEuropean Union\b|\bEU\b/, code: 'EU', name: 'the EU' },
  { pattern: /\bEuropean Economic Area\b|\bEEA\b/, code: 'EEA', name: 'the EEA' },
  { pattern: /\bUnited Kingdom\b|\bUK\b|\bU\.K\./, code: 'GB', name: 'the UK' },
  { pattern: /\bSwitzerland\b|\bSwiss\b/, code: 'CH', name: 'Switzerland' },
  { pattern: /\bCanada\b/, code: 'CA', name: 'Canada' },
  { pattern: /\bIndia\b/, code: 'IN', name: 'India' },
  { pattern: /\bAustralia\b/, code: 'AU', name: 'Australia' },
  { pattern: /\bGermany\b/, code: 'DE', name: 'Germany' },
  { pattern: /\bIreland\b/, code: 'IE', name: 'Ireland' },
  { pattern: /\bJapan\b/, code: 'JP', name: 'Japan' },
  { pattern: /\bSingapore\b/, code: 'SG', name: 'Singapore' },
  { pattern: /\bBrazil\b/, code: 'BR', name: 'Brazil' },
  { pattern: /\bregion of residence\b|\byour region\b|\bcountry of residence\b/i, code: '$home', name: 'the region of residence' },
];

const HOSTING = /\b(host(?:ed|s|ing)?|stor(?:e|ed|es|ing)|locat(?:ed|ions?)|operated|resid(?:e|es)|keep|kept|transfer(?:s|red|ring)?|process(?:ed)? in)\b/i;
const NEGATION = /\b(not|never|no|none|neither|nor)\b|n[’']t\b/i;
const SALE = /\b(sell|sold|sale|selling|rent(?:ed|ing)?|leas(?:e|ed|ing))\b|[“"]sell[”"]/i;
const SHARING = /\b(shar(?:e|ed|ing)|disclos(?:e|ed|ing)|transfer(?:red)?|provid(?:e|ed)|made available)\b/i;
const MARKETING = /\b(marketing|advertis\w*|promotional|promotion)\b/i;
const THIRD_PARTY = /\bthird[- ]part(?:y|ies)\b|\bpartners?\b|\bother compan(?:y|ies)\b|\bothers\b/i;
const CARD = /\b(credit[ -]?cards?|card (?:data|numbers?|details|information)|payment cards?|credit information|sensitive\/credit|billing information)\b/i;
const TLS = /\b(SSL|TLS|HTTPS|Secure Socket Layer|Transport Layer Security|encrypted in transit)\b/i;
const STORE = /\b(stor(?:e|ed|ing)|retain(?:ed)?|kept|keep)\b/i;
const RETENTION = /\b(retain|retention|retained|preserved)\b/i;
const PERIOD = /\b(\d+|one|two|three|five|seven|ten|thirty|sixty|ninety)\b[^.]{0,12}\b(days?|weeks?|months?|years?)\b|\bindefinitely\b|\buntil\b/i;
const CHILDREN = /\b(children|child|minors?|COPPA|under (?:the age of )?\d+(?: years)?)\b/i;
const IP = /\bIP address(?:es)?\b|\bInternet Protocol\b/i;
const ONLY_USE = /\b(?:used|use[sd]?) only\b|\bonly (?:be )?used\b|\bsolely for\b/i;
const CROSS_BORDER = /\bcross-border\b|\btransfer\w*[^.]{0,40}\b(internationally|abroad|outside)\b/i;

const SPECIAL: Array<{ pattern: RegExp; category: string; name: string }> = [
  { pattern: /\bSSNs?\b|\bsocial security\b/i, category: 'user.government_id.national_identification_number', name: 'SSNs' },
  { pattern: /\bdrivers?[’']?s? licen[cs]es?\b/i, category: 'user.government_id.drivers_license_number', name: "driver's licence numbers" },
  { pattern: /\bpassports?\b/i, category: 'user.government_id.passport_number', name: 'passport numbers' },
  { pattern: /\bmedical\b|\bhealth\b|\bHIPAA\b/i, category: 'user.health_and_medical', name: 'medical information' },
  { pattern: /\bbiometric\b/i, category: 'user.biometric', name: 'biometric data' },
  { pattern: /\bgenetic\b/i, category: 'user.health_and_medical.genetic', name: 'genetic data' },
];

/** Personal data a sentence names, as taxonomy categories; empty when it names none in particular. */
export function categoriesIn(sentence: string): string[] {
  const found = new Set<string>();
  if (/\b(mobile|phone|telephone)\b/i.test(sentence)) found.add('user.contact.phone_number');
  if (/\be-?mail(?! us)\b/i.test(sentence) && !/\be-?mail us\b/i.test(sentence)) found.add('user.contact.email');
  if (/(?<!(?:company|user|domain|business) )\bnames?\b/i.test(sentence)) found.add('user.name');
  if (/(?<!(?:IP|e-?mail|Protocol\W*) )\b(postal |physical |mailing )?address\b/i.test(sentence.replace(/\bIP address\b|\be-?mail address\b/gi, ''))) {
    found.add('user.contact.address');
  }
  if (IP.test(sentence)) found.add('user.device.ip_address');
  if (CARD.test(sentence)) found.add('user.financial');
  if (/\bopt-in\b|\bconsent (?:records?|data)\b|\bcommunication preferences\b/i.test(sentence)) found.add('user.privacy_preferences');
  for (const s of SPECIAL) if (s.pattern.test(sentence)) found.add(s.category);
  return [...found];
}

/**
 * Regions a sentence names as destinations. Origins ("transferred from the EU", "residents of
 * Switzerland") are cut first, up to a following "to".
 */
function regionsIn(sentence: string): Array<{ code: string; name: string }> {
  const destinations = sentence
    .replace(/\b(?:EU|EEA|Swiss|European Union|European Economic Area)\s+(?:Individuals?|citizens?|residents?|member|Data Protection|DPAs?|General Data Protection)\b/g, ' ')
    .replace(/\b(?:from|(?:residents?|citizens?|individuals?|countries) of)\b.*?(?=\bto\b|$)/g, ' ');
  return REGIONS.filter((r) => r.pattern.test(destinations)).map(({ code, name }) => ({ code, name }));
}

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const ALL_OTHER_PURPOSES: Purpose[] = ['advertising', 'marketing', 'messaging', 'email', 'crm', 'payments', 'support', 'search', 'ai', 'storage', 'identity'];

/** Everything one section's sentences propose. */
export function recogniseSection(section: Section): SectionProposals {
  const rules: RuleProposal[] = [];
  const notEncoded: NotEncodedProposal[] = [];
  const hosting: Sentence[] = [];
  const regions = new Map<string, string>();
  const sectionMentionsIp = section.sentences.some((s) => IP.test(s.text)) || IP.test(section.heading);

  for (const sentence of section.sentences) {
    const s = sentence.text;
    const named = regionsIn(s);
    const privacyShield = /\bPrivacy Shield\b|\bSafe Harbor\b/i.test(s);

    if (named.length > 0 && HOSTING.test(s) && !privacyShield) {
      hosting.push(sentence);
      for (const r of named) regions.set(r.code, r.name);
    } else if (CROSS_BORDER.test(s) && NEGATION.test(s)) {
      const allowed = new Map<string, string>([['$home', 'the home regions']]);
      for (const r of named) allowed.set(r.code, r.name);
      if (privacyShield) allowed.set('US', 'the US');
      rules.push({
        kind: 'cross-border-transfers',
        message: `DRAFT: Personal data is transferred across borders only to ${listNames([...allowed.values()])}, or under the safeguards the clause names.`,
        when: { categories: ['user'], sinkKinds: ['transfer', 'third-party'], regionNotIn: [...allowed.keys()] },
        evidence: [sentence],
      });
    }

    const negated = NEGATION.test(s);
    const categories = categoriesIn(s);
    if (negated && MARKETING.test(s) && (SALE.test(s) || SHARING.test(s))) {
      rules.push({
        kind: 'no-marketing-sharing',
        message: `DRAFT: No sale or sharing of ${describe(categories)} for marketing or advertising.`,
        when: { categories: categories.length > 0 ? categories : ['user'], sinkKinds: ['third-party'], purposes: ['advertising', 'marketing'], derived: 'include' },
        evidence: [sentence],
      });
    } else if (negated && SALE.test(s) && SHARING.test(s) && /\bany third part/i.test(s)) {
      rules.push({
        kind: 'not-sold-or-shared',
        message: `DRAFT: No sale or sharing of ${describe(categories)} with any third party.`,
        when: {
          categories: categories.length > 0 ? categories : ['user'],
          sinkKinds: ['third-party'],
          purposes: ALL_OTHER_PURPOSES.filter((p) => p !== 'messaging').concat('analytics', 'error-monitoring'),
          derived: 'include',
        },
        evidence: [sentence],
      });
    } else if (negated && SALE.test(s)) {
      rules.push({
        kind: 'no-sale',
        message: `DRAFT: No sale, rental or lease of ${describe(categories)}.`,
        when: { categories: categories.length > 0 ? categories : ['user'], sinkKinds: ['third-party'], purposes: ['advertising'], derived: 'include' },
        evidence: [sentence],
      });
    } else if (negated && /\b(transferred|shared|disclosed)\b/i.test(s) && THIRD_PARTY.test(s) && categories.length > 0) {
      rules.push({
        kind: 'not-shared-with-third-parties',
        message: `DRAFT: No transfer of ${describe(categories)} to third parties for their marketing or advertising.`,
        when: { categories, sinkKinds: ['third-party'], purposes: ['advertising', 'marketing'], derived: 'include' },
        evidence: [sentence],
      });
    }

    if (CARD.test(s) && TLS.test(s)) {
      rules.push({
        kind: 'card-data-over-tls',
        message: 'DRAFT: Card and billing information is transmitted only over TLS.',
        when: { categories: ['user.financial', 'user.payment'], sinkKinds: ['transfer', 'third-party'], schemes: ['http'] },
        evidence: [sentence],
      });
    }
    if (CARD.test(s) && negated && STORE.test(s)) {
      rules.push({
        kind: 'card-data-not-stored',
        message: 'DRAFT: Card and billing information is not stored, so it is never written to logs.',
        when: { categories: ['user.financial', 'user.payment'], sinkKinds: ['log'] },
        evidence: [sentence],
      });
    }

    const special = SPECIAL.filter((x) => x.pattern.test(s));
    if (special.length > 0) {
      const names = listNames(special.map((x) => x.name));
      const cats = [...new Set(special.map((x) => x.category))];
      rules.push({
        kind: 'special-categories-not-logged',
        message: `DRAFT: Special categories (${names}) are never written to logs.`,
        when: { categories: cats, sinkKinds: ['log'] },
        evidence: [sentence],
      });
      rules.push({
        kind: 'special-categories-not-shared',
        message: `DRAFT: Special categories (${names}) never reach marketing, advertising or analytics vendors.`,
        when: { categories: cats, sinkKinds: ['third-party'], purposes: ['advertising', 'marketing', 'analytics'] },
        evidence: [sentence],
      });
    }

    if (ONLY_USE.test(s) && (IP.test(s) || (sectionMentionsIp && /\b(this|such) (information|data)\b/i.test(s)))) {
      const performance = /\b(analy[sz]\w*|performance|statistic\w*)\b/i.test(s);
      rules.push({
        kind: 'ip-address-limited-use',
        message: 'DRAFT: IP addresses are used only for the purpose the clause names.',
        when: {
          categories: ['user.device.ip_address'],
          sinkKinds: ['third-party'],
          purposes: performance ? ALL_OTHER_PURPOSES : ['advertising', 'marketing'],
          derived: 'include',
        },
        // Quote the sentence that names IP addresses too, when "this information" refers back to it.
        evidence: IP.test(s) ? [sentence] : [...section.sentences.filter((x) => IP.test(x.text) && x.start < sentence.start).slice(-1), sentence],
      });
    }

    if (RETENTION.test(s) && PERIOD.test(s)) {
      notEncoded.push({
        commitment: s,
        why: 'A retention period is enforced by data stores and jobs, not by a data flow the analyser can see.',
        evidence: [sentence],
      });
    }
    if (CHILDREN.test(s) && /\b(collect|submit|eligible|directed|years)\b/i.test(s)) {
      notEncoded.push({
        commitment: s,
        why: "A person's age is not visible in a data flow; tag children's data `user.childrens` in code to add a rule for it.",
        evidence: [sentence],
      });
    }
  }

  if (hosting.length > 0) {
    // The hosting statement already says where data may go; a vague "transfer internationally"
    // sentence in the same section adds nothing.
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.kind === 'cross-border-transfers') rules.splice(i, 1);
    rules.unshift({
      kind: 'hosting-regions',
      message: `DRAFT: Personal data is hosted and transferred only in ${listNames([...regions.values()])}.`,
      when: { categories: ['user'], sinkKinds: ['transfer', 'third-party'], regionNotIn: [...regions.keys()] },
      evidence: hosting,
    });
  }
  return { rules, notEncoded };
}

function describe(categories: string[]): string {
  const names: Record<string, string> = {
    'user.contact.phone_number': 'mobile and telephone numbers',
    'user.contact.email': 'e-mail addresses',
    'user.name': 'names',
    'user.contact.address': 'postal addresses',
    'user.device.ip_address': 'IP addresses',
    'user.financial': 'card and billing information',
    'user.privacy_preferences': 'opt-in and consent records',
  };
  const parts = categories.map((c) => names[c] ?? c);
  return parts.length === 0 ? 'personal data' : listNames(parts);
}
