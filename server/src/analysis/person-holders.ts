// Holders that name a person: a type, or fields destructured together, that name two of a person's
// name, e-mail and phone (`type FormState = { firstName; email; zip }`, `const { name, email,
// message } = req.body`). Their other fields are that person's (`zip` their postal code, a bare
// `name` their name), and what such a form's filler wrote (`message`, `comment`) is theirs, as an
// enquiry's: unless the holder is a mail being sent to the person (`{ to, senderName, text }`), whose
// text is the program's own words.

import ts = require('typescript');
import type { SourceHit } from './sources';
import { containerName, containerOf, containerWords } from './containers';
import { normaliseName, type TypeKind } from './names';
import { piiTag } from './pii-tags';

/** Containers whose contact and device details are not a person's. */
export const NON_PERSON: ReadonlySet<string> = new Set(['server', 'servers', 'node', 'host', 'hosts', 'machine', 'instance', 'proxy', 'gateway', 'router', 'cluster', 'pod', 'container', 'company', 'companies', 'organization', 'organisation', 'org', 'business', 'store', 'stores', 'shop', 'shops', 'branch', 'branches', 'office', 'offices', 'site', 'vendor', 'vendors', 'supplier', 'suppliers', 'merchant', 'merchants', 'dealership', 'dealerships', 'dealer', 'dealers', 'clinic', 'clinics', 'hospital', 'hospitals', 'pharmacy', 'pharmacies', 'venue', 'venues', 'hotel', 'hotels', 'restaurant', 'restaurants', 'school', 'schools', 'university', 'agency', 'agencies', 'lender', 'lenders', 'insurer', 'insurers', 'bank', 'banks', 'warehouse', 'warehouses', 'depot', 'facility', 'facilities', 'listing', 'listings', 'franchise', 'brand', 'carrier', 'team', 'workspace', 'bot', 'device_model', 'upstream', 'backend', 'service', 'smtp', 'mailer', 'sender_domain', 'config', 'settings', 'options', 'env']);

/**
 * `dealership.address` (read as `dealership.address.street`), `clinic.location`: the address of an
 * organisation or a thing, whose parts are not a person's whatever type they are declared in.
 */
export function isThingsAddress(e: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(e) || !/^(?:address|addresses|location|postal_?address|street_?address|contact_?details)$/i.test(e.name.text)) return false;
  const holder = containerOf(e.expression);
  const words = holder ? containerWords(holder) : [];
  return NON_PERSON.has(words[words.length - 1] ?? '');
}

/**
 * Names of a customer organisation as often as of a person: a multi-tenant product's `Tenant`, an
 * agency's `Client`. (Not `Account`: a product's user account has a plan and an e-mail too.)
 */
const ACCOUNT_WORDS = new Set(['tenant', 'tenants', 'client', 'clients']);

/** Fields only an organisation has: seats, a slug or subdomain, a website, its webhooks, its CRM company. */
const ORGANISATION_FIELD = /^(?:seats|seat_count|slug|subdomain|custom_domain|domains?|website|industry|vat_number|company_number|logo|logo_url|brand_colou?r|employee_count|caller_id_number|sms_sender_id)$|(?:^|_)webhook_url$|(?:^|_)company_id$/;

/** Fields only a person has. */
const PERSON_FIELD = /^(?:first_name|last_name|given_name|family_name|surname|middle_name|date_of_birth|dob|birth_date|birthday|gender|sex|ssn|national_id|nationality|marital_status)$/;

/**
 * `interface Tenant { name; slug; supportEmail; hubspotCompanyId }`: a holder named `tenant` or
 * `client` whose fields are an organisation's (a slug, a website, webhooks) and none a person's is a
 * customer organisation, whose name and mailboxes are its own. (A landlord's tenant, with a first
 * name and a date of birth, stays a person.)
 */
export function isOrganisationAccount(holder: ts.Node, container: string | undefined): boolean {
  const words = container ? containerWords(container) : [];
  return isAccountWord(words[words.length - 1] ?? '') && hasOrganisationFields(membersOf(holder).map(keyOf));
}

/** A holder's head word naming a customer account (`client`, `tenants`), which its fields decide. */
export function isAccountWord(head: string): boolean {
  return ACCOUNT_WORDS.has(head);
}

/** Fields of an organisation (a slug, an industry, webhooks) and none only a person has. */
export function hasOrganisationFields(names: readonly string[]): boolean {
  const keys = names.map(normaliseName);
  return keys.some((k) => ORGANISATION_FIELD.test(k)) && !keys.some((k) => PERSON_FIELD.test(k));
}

/** Words that say what kind of record describes something, not what it is (`ConnectorMetadata`). */
const QUALIFIERS = new Set(['metadata', 'meta', 'info', 'details', 'props', 'attributes', 'attrs', 'manifest', 'definition', 'descriptor', 'spec']);

/** A software component's record: its `name` and `fromEmail` are the component's settings, not a person's. */
const INTEGRATIONS = new Set(['connector', 'connectors', 'integration', 'integrations', 'plugin', 'plugins', 'extension', 'extensions', 'adapter', 'adapters', 'channel', 'channels', 'webhook', 'webhooks']);

/** Holders of a message to a person rather than of what the person wrote. */
const ENVELOPE = new Set(['email', 'emails', 'mail', 'mails', 'message', 'messages', 'notification', 'notifications', 'sms', 'template', 'templates', 'envelope']);

/** Fields that make a holder a mail being sent rather than a form someone filled in. */
const MAIL_FIELDS = new Set(['to', 'cc', 'bcc', 'html', 'reply_to', 'attachments', 'template_id', 'sender_name', 'from_name']);

const NONE: readonly SourceHit[] = [];

export interface PersonNames {
  ofName(name: string, container: string | undefined, kind: TypeKind, at?: ts.Node): readonly SourceHit[];
  mayBePersonal(name: string): boolean;
}

type Member = ts.ClassElement | ts.TypeElement | ts.BindingElement | ts.ObjectLiteralElementLike;

export class PersonHolders {
  private readonly known = new WeakMap<ts.Node, boolean>();

  constructor(private readonly names: PersonNames) {}

  /** Field `name` of `holder` (a type, a class, an object binding pattern), if the holder names a person. */
  ofField(name: string, holder: ts.Node, kind: TypeKind, at: ts.Node): readonly SourceHit[] {
    const members = membersOf(holder);
    if (!this.holdsPerson(holder, members)) return NONE;
    return this.ofName(name, kind, at, members[0] ? containerName(members[0]) : undefined, members.map(keyOf));
  }

  /** Whether field names include two of a person's name, e-mail and phone (`firstName`, `email`). */
  namesPerson(fields: Iterable<string>): boolean {
    const found = new Set<string>();
    for (const n of fields) {
      const category = n && this.names.mayBePersonal(n) ? this.names.ofName(n, 'person', 'string')[0]?.category : undefined;
      if (category && /^user\.(?:name|contact\.email|contact\.phone_number)/.test(category)) found.add(category.startsWith('user.name') ? 'name' : category);
    }
    return found.size >= 2;
  }

  /** Field `name` beside `siblings` that name a person, in a holder called `container`. */
  ofName(name: string, kind: TypeKind, at: ts.Node, container?: string, siblings: readonly string[] = []): readonly SourceHit[] {
    const own = this.names.ofName(name, 'person', kind, at);
    // (A `subject` beside a person's name and address, or the `text` of a mail to them, is as often
    // the program's own words: `IEmailOptions { to; senderName; text }`, `sendMail({ to, html, text })`.)
    const words = container ? containerWords(container) : [];
    if (own.length || /^subject$/i.test(name) || ENVELOPE.has(words[words.length - 1] ?? '')) return own;
    if (siblings.some((s) => MAIL_FIELDS.has(normaliseName(s)))) return own;
    return this.names.ofName(name, 'enquiry', kind, at);
  }

  /** Not a company's, a server's or a setting's (`interface SmtpConfig { name; email }`). */
  private holdsPerson(holder: ts.Node, members: readonly Member[]): boolean {
    let known = this.known.get(holder);
    if (known !== undefined) return known;
    const container = containerName(members[0] ?? holder);
    const words = container ? [...containerWords(container)] : [];
    // (`ConnectorMetadata`, `PluginInfo`: what a generic last word describes decides.)
    while (words.length > 1 && QUALIFIERS.has(words[words.length - 1])) words.pop();
    // (`/** @pii none */ email` is the clinic's own inbox: it says nothing of a person.)
    known = !NON_PERSON.has(words[words.length - 1] ?? '') && !INTEGRATIONS.has(words[words.length - 1] ?? '') && !isOrganisationAccount(holder, container) && this.namesPerson(members.filter((m) => piiTag(m) !== 'none').map(keyOf));
    this.known.set(holder, known);
    return known;
  }
}

/** Fields only a mail has: `from` beside them is an e-mail address. */
const MAIL_ONLY = new Set(['subject', 'html', 'cc', 'bcc', 'reply_to', 'in_reply_to', 'message_id', 'envelope', 'spam_score', 'dkim', 'spf']);

/**
 * `const { from, subject, html } = req.body` (SendGrid's inbound parse, Resend's `email.received`):
 * a received mail's `from` is the sender's address with their name (`Ana Ruiz <ana@example.org>`),
 * where the name rules, for a webhook's `from`, would say a phone number.
 */
export function mailSender(key: string, holder: ts.Node, hits: readonly SourceHit[]): readonly SourceHit[] {
  if (!hits.length || key !== 'from' || !membersOf(holder).some((m) => MAIL_ONLY.has(normaliseName(keyOf(m))))) return hits;
  const reason = { ...hits[0].reason, detail: `'from' beside a mail's subject or body is its sender: an e-mail address with a name` };
  return [{ category: 'user.contact.email', reason }, { category: 'user.name', reason }];
}

function membersOf(holder: ts.Node): readonly Member[] {
  if (ts.isTypeLiteralNode(holder) || ts.isInterfaceDeclaration(holder) || ts.isClassLike(holder)) return holder.members;
  if (ts.isObjectLiteralExpression(holder)) return holder.properties;
  return ts.isObjectBindingPattern(holder) ? holder.elements : [];
}

function keyOf(m: Member): string {
  const key = ts.isBindingElement(m) ? (m.propertyName ?? m.name) : m.name;
  return key && (ts.isIdentifier(key) || ts.isStringLiteral(key)) ? key.text : '';
}
