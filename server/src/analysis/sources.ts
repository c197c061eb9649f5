// Where values become personal data: `@pii` JSDoc tags (on declarations, inherited through
// extends/implements, and on types), the project's source rules, and the name classifier, which
// also looks at the declared type. Results are cached per declaration key.

import ts = require('typescript');
import { isConstant, isFlagRecord, isOpenType } from './value-kinds';
import type { Catalogue, SourceReason } from './types';
import { locationOf, nameOf } from './locations';
import { createExclusionTest, createNameClassifier, createPersonTest, createRecordTest, normaliseName, type TypeKind } from './names';
import { piiTag, typeTag } from './pii-tags';
import { containerName, containerWords } from './containers';
import { NON_PERSON, PersonHolders, hasOrganisationFields, isAccountWord, isOrganisationAccount } from './person-holders';
import { NOT_AN_ENUMERATION, SETTING_NAME, isEnumeration, isNamedConstant, ownerDeclaration } from './declaration-kinds';
import { declarationOf } from './origin-syntax';
import { serialisedShape } from './to-json';
import { isErrorType } from './parameters';

export interface SourceHit {
  category: string;
  reason: SourceReason;
  /** For a type's hits: the type's own fields that hold this category (`models` of a context). */
  fields?: readonly string[];
  /** A whole record known only by its name: none of its fields is known to hold this, nor its text. */
  record?: boolean;
}

/** `none` is an explicit opt-out (`@pii none`): stronger than any name rule. */
export type Classification = readonly SourceHit[] | 'none';

export type { TypeKind };

const NO_HITS: readonly SourceHit[] = Object.freeze([]);
const MAX_TYPE_DEPTH = 3;
const MAX_PROPERTIES = 80;



/** A name that says whose it is: a person's (`ownerEmail`, `managerPhone`, `founderName`). */
const PERSON_PREFIX = /(?:^|_)(?:owners?|managers?|founders?|directors?|proprietors?|principals?|employees?|agents?|staff|members?|users?|customers?|admins?|operators?|representatives?|holders?)_/;
export class Sources {
  private readonly classify: ReturnType<typeof createNameClassifier>;
  private readonly isPerson: (container: string) => boolean;
  private readonly isRecord: (name: string) => boolean;
  /** Whether the name catalogue says a name never carries the data (`supportEmail`, `customerId`). */
  readonly isExcludedName: (name: string) => boolean;
  /** By file, then declaration offset: an edit drops one file's entries without scanning the rest. */
  private readonly declCache = new Map<string, Map<number, Classification>>();
  private typeCache = new WeakMap<ts.Type, readonly SourceHit[]>();
  /** The types whose walk is under way, and what was found for types under them that met one of those. */
  private readonly walking = new Set<ts.Type>();
  private readonly cycleCache = new Map<ts.Type, readonly SourceHit[]>();
  private organisationModels: Set<string> | undefined;
  private cutShort = false;
  private readonly fieldRules: Array<{ container: string; field: string; category: string }> = [];
  /** Categories with parts in the taxonomy (`user.contact.address`, `user.name`): a field of one is part of it. */
  private readonly composite = new Set<string>();
  private readonly nameRules: Array<{ re: RegExp; category: string; text: string }> = [];

  constructor(
    catalogue: Catalogue,
    private readonly checker: () => ts.TypeChecker,
    private readonly isProjectFile: (fileName: string) => boolean,
    /** The models of the project's ORM schemas that are not TypeScript (Prisma's), with their fields. */
    private readonly schemaModels: () => ReadonlyMap<string, readonly string[]> = () => new Map(),
  ) {
    this.classify = createNameClassifier(catalogue.names);
    for (const id of catalogue.categories.keys()) {
      const dot = id.lastIndexOf('.');
      if (dot > 0) this.composite.add(id.slice(0, dot));
    }
    this.isPerson = createPersonTest(catalogue.names);
    this.isRecord = createRecordTest(catalogue.names);
    this.isExcludedName = createExclusionTest(catalogue.names);
    for (const rule of catalogue.sources) {
      if (rule.field) {
        const dot = rule.field.lastIndexOf('.');
        this.fieldRules.push({ container: dot > 0 ? rule.field.slice(0, dot) : '', field: rule.field.slice(dot + 1), category: rule.category });
      }
      if (rule.name) this.nameRules.push({ re: new RegExp(`^(?:${rule.name})$`, 'i'), category: rule.category, text: rule.name });
    }
  }

  /** A new program means new types: drop what was keyed by them, and the edited files' declarations. */
  resetForProgram(changedFiles: Iterable<string>): void {
    this.typeCache = new WeakMap();
    for (const f of changedFiles) this.declCache.delete(f);
  }

  private readonly mayBeCache = new Map<string, boolean>();
  private readonly nameCache = new Map<string, ReturnType<ReturnType<typeof createNameClassifier>>>();

  /** Whether a bare name alone may be personal data: a cheap filter before asking the checker. */
  nameMayBePersonal(name: string): boolean {
    let may = this.mayBeCache.get(name);
    if (may === undefined) {
      may =
        !!this.classify(name, { anyContext: true, typeKind: 'any' }) ||
        // (A verb-led name is personal data only as a string: `lookupEmail: string`.)
        !!this.classify(name, { anyContext: true, typeKind: 'string' }) ||
        WEB_PLATFORM_NAMES.has(name) ||
        this.nameRules.some((r) => r.re.test(name) || r.re.test(normaliseName(name))) ||
        this.fieldRules.some((r) => r.field === name);
      this.mayBeCache.set(name, may);
    }
    return may;
  }

  /** Only what a declaration says of itself (`@pii` tags) and the config's rules: no checker. */
  declared(decl: ts.Declaration): Classification {
    const tag = piiTag(decl);
    if (tag === 'none') return 'none';
    if (tag) return tag.map((category) => ({ category, reason: { kind: 'tag' as const, detail: `tagged @pii ${category} on ${describe(decl)}`, location: locationOf(decl) } }));
    const written = this.writtenTypeTag(decl);
    if (written) return written;
    const name = nameOf(decl);
    if (!name || (!this.nameRules.length && !this.fieldRules.length)) return NO_HITS;
    // (`const INJURY_DETAIL_LIMIT = 2000` under a rule for `injury_.*`: the program's own value.)
    if (isWrittenConstant(decl)) return NO_HITS;
    return this.ofName(name, containerName(decl), 'any', decl).filter((h) => h.reason.kind === 'config');
  }

  /** Classifies a declaration (property, parameter, variable, binding element). */
  ofDeclaration(decl: ts.Declaration): Classification {
    const file = decl.getSourceFile().fileName;
    let inFile = this.declCache.get(file);
    if (!inFile) this.declCache.set(file, (inFile = new Map()));
    let hit = inFile.get(decl.pos);
    if (hit === undefined) {
      inFile.set(decl.pos, NO_HITS); // guards recursion through cyclic heritage
      hit = this.computeDeclaration(decl);
      inFile.set(decl.pos, hit);
    }
    return hit;
  }

  /**
   * A literal written as a person's field (`const user = { email: 'jhon@gmail.com' }`): sample or
   * seeded data, but a person's all the same. Only under a holder named as a person, and not under a
   * SCREAMING_CASE constant (`SEED.ADMIN.email`): `from: { email: 'noreply@acme.com' }` is the
   * organisation's own address.
   */
  ofPersonLiteral(name: string | undefined, holder: string | undefined, at: ts.Node): readonly SourceHit[] {
    if (!holder || !name || /^[A-Z0-9_]+$/.test(holder) || !this.isPerson(holder) || underConstant(at)) return NO_HITS;
    return this.ofName(name, holder, 'string', at);
  }

  /**
   * `customer.name` where `customer: CallParticipantEvent`: a field of a type that records something
   * that happened to someone (an event, a session, a payload) is that someone's when the code holds it
   * under a person's name.
   */
  ofPersonHolder(name: string, holder: string | undefined, decl: ts.Declaration, typeKind: () => TypeKind, at: ts.Node): readonly SourceHit[] {
    const declaredIn = containerName(decl);
    const words = declaredIn ? containerWords(declaredIn) : undefined;
    if (!holder || /^[A-Z0-9_]+$/.test(holder) || !words || !OCCURRENCE.has(words[words.length - 1]) || !this.isPerson(holder)) return NO_HITS;
    return this.ofName(name, holder, typeKind(), at);
  }

  /**
   * `logger.info({ customer })` where `customer` came from an ORM that is not installed: a value named
   * as one person's record, whose fields nothing here says, is that person's data as a whole.
   */
  ofPersonRecord(name: string, at: ts.Node): readonly SourceHit[] {
    if (/^[A-Z0-9_]+$/.test(name) || !this.isRecord(name)) return NO_HITS;
    return [{ category: 'user', record: true, reason: { kind: 'name', detail: `its name '${name}' reads as a person's record (its fields are not known here)`, location: locationOf(at) } }];
  }

  /** Classifies a bare name when nothing resolves (an `any` value's property, say). */
  ofName(name: string, container: string | undefined, typeKind: TypeKind, at?: ts.Node): readonly SourceHit[] {
    const location = at ? locationOf(at) : undefined;
    for (const r of this.fieldRules) {
      if (r.field === name && (!r.container || r.container === container)) {
        return [{ category: r.category, reason: { kind: 'config', detail: `declared in the project config as '${r.container ? `${r.container}.` : ''}${r.field}'`, location } }];
      }
    }
    for (const r of this.nameRules) {
      if (r.re.test(name) || r.re.test(normaliseName(name))) {
        return [{ category: r.category, reason: { kind: 'config', detail: `name '${name}' matches the project config's /${r.text}/`, location } }];
      }
    }
    if (typeKind === 'boolean' || SETTING_NAME.test(name)) return NO_HITS;
    // The head noun decides whether a container is a person: `CustomerProfile` is, `UserEvent` is not.
    // (`opening.client.name` of an untyped query row, where the schema's `Client` has an industry and webhooks: a company's.)
    let words = container ? containerWords(container) : undefined;
    if (words && this.isOrganisationModel(words[words.length - 1])) words = ['organisation'];
    const head = words?.[words.length - 1];
    const full = words?.join('_');
    const kind = typeKind === 'other' ? 'object' : typeKind;
    // `task_attributes`: rules may name a holder by its attributes (a TaskRouter task's), where the
    // wrapper word itself says what the fields are. Other wrappers (`upload_params`) say nothing.
    // So do a request's: Twilio's capitalised webhook fields (`From`) declared in a `TwilioVoiceBody`.
    const raw = container !== undefined && (/(?:attributes|attrs)$/i.test(container) || (/^[A-Z]/.test(name) && /(?:body|params|parameters|query|payload|request|event|webhook)$/i.test(container))) ? normaliseName(container) : undefined;
    const key = `${name}|${full ?? ''}|${raw ?? ''}|${kind}`;
    let m = this.nameCache.get(key);
    if (m === undefined && !this.nameCache.has(key)) {
      m = this.classify(name, { container: head, fullContainer: full, rawContainer: raw === full ? undefined : raw, typeKind: kind });
      this.nameCache.set(key, m);
    }
    if (!m) return NO_HITS;
    // A server's IP, a company's phone, a store's address: contact and device details of things (not
    // a person's named as such: a restaurant's `ownerEmail`).
    if (head && NON_PERSON.has(head) && !m.inContext && /^user\.(?:contact|device)\b/.test(m.category) && !PERSON_PREFIX.test(normaliseName(name))) return NO_HITS;
    return [{ category: m.category, reason: { kind: 'name', detail: `its name '${name}' reads as ${m.category}`, location } }];
  }

  /** A holder's head word (`client`, `clients`) that names a schema model (`Client`) whose fields are an organisation's. */
  isOrganisationModel(head: string): boolean {
    if (!isAccountWord(head)) return false;
    this.organisationModels ??= new Set([...this.schemaModels()].filter(([, fields]) => hasOrganisationFields(fields)).map(([model]) => normaliseName(model)));
    return this.organisationModels.has(head) || this.organisationModels.has(head.replace(/s$/, ''));
  }

  /** Personal data carried by a value of this type: tags on the type, and its fields (nested). */
  ofType(type: ts.Type, depth = 0): readonly SourceHit[] {
    const cached = this.typeCache.get(type) ?? this.cycleCache.get(type);
    if (cached) return cached;
    // A type met again inside itself (`Passenger.bookings: Booking[]`, `Booking.passenger: Passenger`)
    // adds nothing there: the outer walk has its fields.
    if (this.walking.has(type)) {
      this.cutShort = true;
      return NO_HITS;
    }
    this.walking.add(type);
    const outer = this.cutShort;
    this.cutShort = false;
    const hits = this.computeType(type, depth);
    this.walking.delete(type);
    // What was walked with a type of the walk left out (`Booking` inside `Passenger`) lacks that
    // type's data: good for the rest of this walk, not for a walk that starts at it.
    if (this.cutShort && this.walking.size) this.cycleCache.set(type, hits);
    else this.typeCache.set(type, hits);
    this.cutShort = outer || (this.cutShort && this.walking.size > 0);
    if (!this.walking.size && this.cycleCache.size) this.cycleCache.clear();
    return hits;
  }

  typeKind(type: ts.Type): TypeKind {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (f & ts.TypeFlags.BooleanLike) return 'boolean';
    if (f & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return 'number';
    if (f & ts.TypeFlags.StringLike) return 'string';
    if (type.isUnion()) {
      const kinds = new Set(type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))).map((t) => this.typeKind(t)));
      if (kinds.size === 1) return [...kinds][0];
      if (kinds.has('string') || kinds.has('any')) return 'string';
      return 'other';
    }
    if (f & ts.TypeFlags.Object) return 'object';
    return 'other';
  }

  private computeDeclaration(decl: ts.Declaration): Classification {
    const own = this.computeOwn(decl);
    // A field of a tagged interface or type (`/** @pii user.health_and_medical */ interface Vitals`) is
    // part of it, whatever its name says besides; its own tag still wins.
    const owner = ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl) || ts.isJSDocPropertyTag(decl) ? ownerDeclaration(decl) : undefined;
    const ownerTag = owner && !piiTag(decl) ? piiTag(owner) : undefined;
    // A field of a type tagged `@pii none` is not personal data by its name either (`ownerEmail` of a
    // machine account); what its own type or the config says still counts.
    if (ownerTag === 'none') return own === 'none' || own.every((h) => h.reason.kind === 'name') ? 'none' : own.filter((h) => h.reason.kind !== 'name');
    if (!ownerTag) return own;
    const byOwner = ownerTag.map((category) => ({ category, reason: { kind: 'tag' as const, detail: `a field of ${nameOf(owner!) ?? 'a type'}, tagged @pii ${category}`, location: locationOf(owner!) } }));
    return own === 'none' ? byOwner : [...byOwner, ...own.filter((h) => !ownerTag.includes(h.category))];
  }

  private computeOwn(decl: ts.Declaration): Classification {
    const tagged = piiTag(decl);
    if (tagged === 'none') return 'none';
    if (tagged) return tagged.map((category) => ({ category, reason: { kind: 'tag', detail: `tagged @pii ${category} on ${describe(decl)}`, location: locationOf(decl) } }));
    const inherited = this.inheritedTag(decl);
    if (inherited) return inherited;
    const written = this.writtenTypeTag(decl);
    if (written === 'none') return 'none';
    if (written) return written;
    const name = nameOf(decl);
    let type: ts.Type | undefined;
    try {
      type = this.checker().getTypeAtLocation(decl);
    } catch {
      type = undefined;
    }
    if (type) {
      const byType = typeTag(type);
      if (byType === 'none') return 'none';
      if (byType) return byType.categories.map((category) => ({ category, reason: { kind: 'type', detail: `its type '${byType.name}' is tagged @pii ${category}`, location: locationOf(decl) } }));
    }
    if (!name) return NO_HITS;
    if (isNamedConstant(decl)) return NO_HITS;
    // TypeScript's own library (URL.username, Location.host) names web platform parts, not people;
    // but for the few that are the visitor's (`document.cookie`, a geolocation fix).
    if (isTypeScriptLib(decl.getSourceFile().fileName)) {
      const own = WEB_PLATFORM_PERSONAL.get(`${containerName(decl)}.${name}`);
      return own ? [{ category: own, reason: { kind: 'name', detail: `the browser's ${containerName(decl)}.${name} is the visitor's (${own})`, location: locationOf(decl) } }] : NO_HITS;
    }
    // Node's own records of the machine (`server.address()`'s `AddressInfo`, the network interfaces).
    if (NODE_MACHINE_RECORD.test(containerName(decl) ?? '') && /[\\/]@types[\\/]node[\\/]/.test(decl.getSourceFile().fileName)) return NO_HITS;
    // `to: Filter` (read/seen/archived flags): a record of flags and counts is not an address.
    if (type && isFlagRecord(this.checker(), type, (t) => this.typeKind(t))) return NO_HITS;
    const kind = type ? this.typeKind(type) : 'any';
    // (A multi-tenant product's `Tenant` with a slug and webhooks: a customer organisation, not a person.)
    const container = containerName(decl);
    const account = (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && isOrganisationAccount(decl.parent, container);
    let hits = this.ofName(name, account ? 'organisation' : container, kind, decl);
    // `from: 'customer' | 'agent'`: a choice among the program's own words holds no one's address or
    // name (a gender or a blood type still is personal data, whatever its type spells out).
    if (hits.length && type && isEnumeration(type)) hits = hits.filter((h) => !NOT_AN_ENUMERATION.test(h.category));
    // `passport: PassportDetails`: the record as a whole is what its name says, but a field read of it
    // (`passport.nationality`) is what that field is, when the type names personal fields of its own.
    // A whole with parts (`shippingAddress.city`: part of an address) stays what its name says.
    if (hits.length && type && namesPersonalFields(this.checker(), type, (n) => this.nameMayBePersonal(n))) {
      // `cardholder: Cardholder` (a record with an e-mail, a phone, names of its own): a person named by
      // their role, whose fields say what the record holds; it is not itself a name.
      hits = hits.filter((h) => !h.category.startsWith('user.name')).map((h) => (this.composite.has(h.category) ? h : { ...h, fields: [] }));
    }
    // `type FormState = { firstName; email; zip }`: a type that holds a person's name and e-mail
    // is that person's record, so its `zip` is their postal code.
    // So is a form's fields destructured together (`const { name, email, message } = req.body`), and
    // what such a record's holder wrote (`message`, `comment`) is theirs, as an enquiry's.
    const holder = ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl) || (ts.isPropertyAssignment(decl) && ts.isObjectLiteralExpression(decl.parent)) || (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent)) ? decl.parent : undefined;
    if (hits.length || !holder) return hits;
    const field = ts.isBindingElement(decl) && decl.propertyName && ts.isIdentifier(decl.propertyName) ? decl.propertyName.text : name;
    return this.ofPersonField(field, holder, kind, decl);
  }

  /** A field of a holder that names a person (see person-holders.ts). */
  ofPersonField(name: string, holder: ts.Node, kind: TypeKind, at: ts.Node): readonly SourceHit[] {
    return this.nameMayBePersonal(name) ? this.people.ofField(name, holder, kind, at) : NO_HITS;
  }

  /** Whether field names include two of a person's name, e-mail and phone. */
  namesPerson(names: Iterable<string>): boolean {
    return this.people.namesPerson(names);
  }

  /** A field read beside fields that name a person (see person-holders.ts). */
  ofPersonName(name: string, kind: TypeKind, at: ts.Node, container?: string, siblings: readonly string[] = []): readonly SourceHit[] {
    return this.people.ofName(name, kind, at, container, siblings);
  }

  private readonly people = new PersonHolders({
    ofName: (name, container, kind, at) => this.ofName(name, container, kind, at),
    mayBePersonal: (name) => this.nameMayBePersonal(name),
  });

  /**
   * A tag on the type a declaration is written with: `contact: Email` where `type Email = string` is
   * tagged. TypeScript keeps no alias on a primitive type, so the written name is all there is.
   */
  private writtenTypeTag(decl: ts.Declaration): Classification | undefined {
    // In JavaScript, the type JSDoc writes: `@property {CustomerWords} statement`, `@param`, `@type`.
    const type = (decl as ts.PropertySignature).type ?? (ts.isJSDocPropertyLikeTag(decl) ? decl.typeExpression?.type : isScriptish(decl) ? ts.getJSDocType(decl) : undefined);
    return type && this.ofWrittenType(type);
  }

  /** A tag on a written type (`Email`, `ChatText[]`, `useState<ChatText>`'s argument), by its alias or JSDoc typedef. */
  /** A type written on a declaration or an assertion, tagged @pii as a whole: an alias, a typedef, an interface or a class. */
  ofTaggedType(written: ts.TypeNode): readonly SourceHit[] {
    const byWritten = this.ofWrittenType(written);
    if (byWritten) return byWritten === 'none' ? [] : byWritten;
    const tag = typeTag(this.checker().getTypeFromTypeNode(written));
    if (!tag || tag === 'none') return [];
    return tag.categories.map((category) => ({ category, reason: { kind: 'type' as const, detail: `its type '${tag.name}' is tagged @pii ${category}`, location: locationOf(written) } }));
  }

  ofWrittenType(written: ts.TypeNode, depth = 0): Classification | undefined {
    let type: ts.TypeNode | undefined = written;
    while (type && (ts.isArrayTypeNode(type) || ts.isParenthesizedTypeNode(type))) type = ts.isArrayTypeNode(type) ? type.elementType : type.type;
    const refs = type && ts.isUnionTypeNode(type) ? type.types : type ? [type] : [];
    for (const ref of refs) {
      // `Email`, `models.Email`, and JSDoc's `import('../models').Email`.
      const name = ts.isTypeReferenceNode(ref) ? ref.typeName : ts.isImportTypeNode(ref) ? ref.qualifier : undefined;
      if (!name) continue;
      let symbol = this.checker().getSymbolAtLocation(ts.isQualifiedName(name) ? name.right : name);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker().getAliasedSymbol(symbol);
      for (const d of symbol?.declarations ?? []) {
        if (!ts.isTypeAliasDeclaration(d) && !ts.isJSDocTypedefTag(d)) continue;
        const tag = piiTag(d);
        if (tag === 'none') return 'none';
        if (tag) return tag.map((category) => ({ category, reason: { kind: 'type' as const, detail: `its type '${symbol!.name}' is tagged @pii ${category}`, location: locationOf(d) } }));
        // `@typedef {import('../models/typedefs').ReachNumber} ReachNumber`: the type it names again.
        const again = ts.isJSDocTypedefTag(d) && d.typeExpression && ts.isJSDocTypeExpression(d.typeExpression) ? d.typeExpression.type : ts.isTypeAliasDeclaration(d) ? d.type : undefined;
        const through = again && depth < 4 ? this.ofWrittenType(again, depth + 1) : undefined;
        if (through) return through;
      }
    }
    return undefined;
  }

  /** A property that redeclares a tagged property of a base type inherits its tag. */
  private inheritedTag(decl: ts.Declaration): readonly SourceHit[] | undefined {
    const name = nameOf(decl);
    // (A parameter property, `constructor(protected readonly destination: string)`, is its class's.)
    const owner = ts.isParameter(decl) && ts.isParameterPropertyDeclaration(decl, decl.parent) ? decl.parent.parent : decl.parent;
    if (!name || !owner || !(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner))) return undefined;
    const checker = this.checker();
    for (const clause of owner.heritageClauses ?? []) {
      for (const t of clause.types) {
        const base = checker.getTypeAtLocation(t);
        const prop = base.getProperty(name);
        for (const d of prop?.declarations ?? []) {
          if (d === decl) continue;
          const c = this.ofDeclaration(d);
          if (c !== 'none' && c.some((h) => h.reason.kind === 'tag')) return c;
        }
      }
    }
    return undefined;
  }

  private computeType(type: ts.Type, depth: number): readonly SourceHit[] {
    if (depth > MAX_TYPE_DEPTH) return NO_HITS;
    const tag = typeTag(type);
    if (tag === 'none') return NO_HITS;
    if (tag) return tag.categories.map((category) => ({ category, reason: { kind: 'type', detail: `its type '${tag.name}' is tagged @pii ${category}` } }));
    if (type.isUnion() || type.isIntersection()) return merge(type.types.map((t) => this.ofType(t, depth)));
    if (!(type.flags & ts.TypeFlags.Object)) return NO_HITS;
    const checker = this.checker();
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      return merge((checker.getTypeArguments(type as ts.TypeReference) ?? []).map((t) => this.ofType(t, depth + 1)));
    }
    if (type.getCallSignatures().length) return NO_HITS;
    // Only the project's own types are walked: library types (requests, errors) would drown the
    // signal in fields nobody chose to send.
    // TypeScript's utility types (`Partial<Customer>`) are the library's, their fields the project's.
    const symbol = type.aliasSymbol && !UTILITY_TYPES.has(type.aliasSymbol.name) ? type.aliasSymbol : type.aliasSymbol ? undefined : type.getSymbol();
    const decls = symbol?.declarations ?? [];
    if (decls.length && !decls.some((d) => this.isProjectFile(d.getSourceFile().fileName))) return NO_HITS;
    const serialised = this.serialisedHits(type, depth);
    if (serialised) return serialised;
    return this.fieldHits(type, depth);
  }

  /** What the type's fields hold, each under its field's name. */
  private fieldHits(type: ts.Type, depth: number): readonly SourceHit[] {
    const checker = this.checker();
    const out: SourceHit[][] = [];
    for (const prop of type.getProperties().slice(0, MAX_PROPERTIES)) {
      const d = declarationOf(prop);
      if (!d) continue;
      if (!this.isProjectFile(d.getSourceFile().fileName)) continue;
      if (ts.isMethodDeclaration(d) || ts.isMethodSignature(d) || ts.isGetAccessor(d) || ts.isFunctionLike(d)) continue;
      // An object literal's fields are followed by the flow analysis, value by value; their names
      // say nothing the values don't (`password: p ? '******' : undefined`).
      const literalKey = ts.isPropertyAssignment(d) || ts.isShorthandPropertyAssignment(d);
      const c = literalKey ? NO_HITS : this.ofDeclaration(d);
      if (c === 'none') continue;
      if (c.length) {
        out.push(c.map((h) => ({ category: h.category, reason: { ...h.reason, detail: `field '${prop.name}': ${h.reason.detail}` }, fields: [prop.name] })));
        continue;
      }
      const propType = checker.getTypeOfSymbolAtLocation(prop, d);
      out.push(this.ofType(propType, depth + 1).map((h) => ({ category: h.category, reason: { ...h.reason, detail: `field '${prop.name}' → ${h.reason.detail}` }, fields: [prop.name] })));
    }
    return merge(out);
  }

  /**
   * A class of the project's that says how it is written out (`toJSON() { return { memberId: this.id } }`,
   * `toJSON() { const { password, ...rest } = this; return rest; }`): what that returns, which is what
   * `JSON.stringify`, the JSON loggers and the SDKs send. A field of the object it returns read from
   * the instance (`email: this.#email`) holds what that field holds.
   */
  private serialisedHits(type: ts.Type, depth: number): readonly SourceHit[] | undefined {
    const method = type.getProperty('toJSON');
    const decl = method && declarationOf(method);
    if (!decl || !(ts.isMethodDeclaration(decl) || ts.isPropertyDeclaration(decl)) || !this.isProjectFile(decl.getSourceFile().fileName)) return undefined;
    const checker = this.checker();
    // (An error is written out by the loggers' and trackers' own error serialisers, its fields included.)
    if (isErrorType(checker, type)) return undefined;
    // (As a member of this type: a base class's `toJSON(): Partial<this>` gives this class's fields.)
    const signature = checker.getTypeOfSymbol(method!).getCallSignatures()[0];
    if (!signature) return undefined;
    const returned = checker.getReturnTypeOfSignature(signature);
    const out: Array<readonly SourceHit[]> = [returned === type ? NO_HITS : this.ofType(returned, depth)];
    const shape = serialisedShape(decl);
    if (shape?.kind === 'fields' && shape.read.size) {
      const fields = this.fieldHits(type, depth);
      for (const [key, field] of shape.read) {
        const own = fields.filter((h) => h.fields?.some((f) => f === field || (field.startsWith('#') && f.endsWith(`@${field}`))));
        out.push(own.map((h) => ({ category: h.category, reason: { ...h.reason, detail: `'${key}' of its toJSON() is ${h.reason.detail}` }, fields: [key] })));
      }
    }
    return merge(out);
  }
}

const UTILITY_TYPES = new Set(['Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'NonNullable', 'Awaited']);

const LIB_DIR = ts.getDefaultLibFilePath({}).replace(/\\/g, '/').replace(/\/[^/]*$/, '/');

function isTypeScriptLib(fileName: string): boolean {
  return fileName.startsWith(LIB_DIR) && /\/lib\.[^/]*\.d\.ts$/.test(fileName);
}

/** One hit per category; the first one's reason, and every field that holds it. */
function merge(lists: Array<readonly SourceHit[]>): readonly SourceHit[] {
  const byCategory = new Map<string, SourceHit>();
  for (const l of lists) {
    for (const h of l) {
      const seen = byCategory.get(h.category);
      if (!seen) byCategory.set(h.category, h);
      else if (seen.fields) byCategory.set(h.category, { ...seen, fields: h.fields && [...new Set([...seen.fields, ...h.fields])] });
    }
  }
  return byCategory.size ? [...byCategory.values()] : NO_HITS;
}

/** Inside an object literal held by an UPPER_CASE constant (`SEED.admin.email`): the program's own values. */
function underConstant(at: ts.Node): boolean {
  for (let n: ts.Node | undefined = at.parent; n && !ts.isSourceFile(n) && !ts.isBlock(n); n = n.parent) {
    if (ts.isVariableDeclaration(n)) return ts.isIdentifier(n.name) && /^[A-Z][A-Z0-9_]*$/.test(n.name.text);
    if (!ts.isObjectLiteralExpression(n) && !ts.isPropertyAssignment(n) && !ts.isArrayLiteralExpression(n) && !ts.isAsExpression(n) && !ts.isSatisfiesExpression(n)) return false;
  }
  return false;
}

/** @types/node's records of the machine itself, whose addresses are the server's own. */
const NODE_MACHINE_RECORD = /^(?:AddressInfo|NetworkInterfaceBase|NetworkInterfaceInfo\w*|ListenOptions|SocketAddress\w*|LookupAddress|RecordWithTtl)$/;

/** Web platform properties that hold the visitor's own data. */
const WEB_PLATFORM_PERSONAL = new Map([
  ['Document.cookie', 'user.device.cookie'],
  ['GeolocationCoordinates.latitude', 'user.location.precise'],
  ['GeolocationCoordinates.longitude', 'user.location.precise'],
  ['GeolocationPosition.coords', 'user.location.precise'],
]);

const WEB_PLATFORM_NAMES = new Set([...WEB_PLATFORM_PERSONAL.keys()].map((k) => k.slice(k.indexOf('.') + 1)));

/** Head nouns of types that record an occurrence rather than a thing (`CallParticipantEvent`, `AgentSession`). */
const OCCURRENCE = new Set(['event', 'events', 'session', 'sessions', 'payload', 'context', 'state', 'snapshot', 'entry', 'result', 'update', 'notification', 'message']);

function describe(decl: ts.Declaration): string {
  const name = nameOf(decl) ?? 'this declaration';
  const container = containerName(decl);
  return container ? `${container}.${name}` : name;
}

/** An object type (not open, not a function) some of whose own fields are named as personal data. */
function namesPersonalFields(checker: ts.TypeChecker, type: ts.Type, mayBePersonal: (name: string) => boolean): boolean {
  const shape = checker.getNonNullableType(type);
  if (!(shape.flags & ts.TypeFlags.Object) || checker.isArrayType(shape) || isOpenType(checker, shape) || shape.getCallSignatures().length) return false;
  return shape.getProperties().some((f) => mayBePersonal(f.name));
}

/** A declaration in a JavaScript file, whose types JSDoc writes. */
function isScriptish(decl: ts.Node): boolean {
  return /\.[cm]?jsx?$/.test(decl.getSourceFile().fileName);
}

/** A `const` the code gives a value of its own (`= 2000`, `= 'support@…'`), not one begun empty to be filled in. */
function isWrittenConstant(decl: ts.Declaration): boolean {
  if (!ts.isVariableDeclaration(decl) || !decl.initializer || !(decl.parent.flags & ts.NodeFlags.Const)) return false;
  const init = decl.initializer;
  const empty = (ts.isStringLiteralLike(init) && init.text === '') || (ts.isArrayLiteralExpression(init) && !init.elements.length) || (ts.isObjectLiteralExpression(init) && !init.properties.length) || ts.isNewExpression(init);
  return !empty && isConstant(init);
}
