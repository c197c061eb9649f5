// A deterministic generator of realistic TypeScript projects for the benchmark: domain types with
// personal data (some tagged @pii, some recognised by name), services that call each other across
// files, a pino logger wrapper, axios and fetch calls to hosts in several regions, two vendor SDKs,
// utility modules and API handlers, 100–200 lines a file, and a tsconfig.json. The same size and
// seed always give the same bytes, so runs compare.
//
//   node test/out/bench/generate.js <files> [outDir]     (default outDir: bench/generated/<files>)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIB_FILES, PACKAGE_JSON, TSCONFIG, UTIL_TEMPLATES, VENDOR_TYPES } from './generate-templates';

export interface GenerateOptions {
  files: number;
  outDir: string;
  seed?: number;
}

export interface GeneratedProject {
  outDir: string;
  files: number;
  lines: number;
}

/** Bumped whenever the output changes, so the benchmark regenerates stale projects. */
export const GENERATOR_VERSION = 1;
const MARKER = '.generated.json';

/** Files every project has besides the generated modules. */
const FIXED_FILES = 7;

export function generateProject(options: GenerateOptions): GeneratedProject {
  if (!Number.isInteger(options.files) || options.files < 20) throw new Error(`a generated project needs at least 20 files, not ${options.files}`);
  const random = mulberry32(options.seed ?? 0x5eed + options.files);
  const plan = planProject(options.files, random);
  fs.rmSync(options.outDir, { recursive: true, force: true });
  let lines = 0;
  const write = (relative: string, text: string): void => {
    const file = path.join(options.outDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    lines += text.split('\n').length - 1;
  };
  write('tsconfig.json', TSCONFIG);
  write('package.json', PACKAGE_JSON);
  write('privacy-lens.yaml', 'homeRegions: [US]\n');
  write('src/types/vendor.d.ts', VENDOR_TYPES);
  for (const [name, text] of Object.entries(LIB_FILES)) write(`src/lib/${name}.ts`, text);
  for (const entity of plan.entities) write(`src/domain/${entity.file}.ts`, domainFile(entity, random));
  for (let k = 0; k < plan.utils; k++) write(`src/utils/util-${k}.ts`, utilFile(k, random));
  for (const service of plan.services) write(`src/services/service-${service.index}.ts`, serviceFile(service, plan, random));
  for (let k = 0; k < plan.routes; k++) write(`src/api/routes-${k}.ts`, routeFile(k, plan, random));
  write('src/index.ts', indexFile(plan));
  fs.writeFileSync(path.join(options.outDir, MARKER), `${JSON.stringify({ version: GENERATOR_VERSION, files: options.files, seed: options.seed ?? null })}\n`);
  return { outDir: options.outDir, files: options.files, lines };
}

/** Whether `outDir` holds a project this generator version made with these options. */
export function isGenerated(options: GenerateOptions): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(options.outDir, MARKER), 'utf8')) as { version: number; files: number; seed: number | null };
    return marker.version === GENERATOR_VERSION && marker.files === options.files && marker.seed === (options.seed ?? null);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The plan: how many files of each kind, and which entity each service works on.

type Random = () => number;

interface Field {
  name: string;
  type: 'string' | 'number' | 'boolean';
  /** The category when the field holds personal data. */
  category?: string;
  /** Tag the declaration with `@pii` (otherwise the name classifier must find it). */
  tagged?: boolean;
}

interface Entity {
  index: number;
  name: string;
  file: string;
  fields: Field[];
}

interface Service {
  index: number;
  entity: Entity;
  /** Earlier services this one calls: a DAG, as real layered code mostly is. */
  calls: number[];
  utils: number[];
}

interface Plan {
  entities: Entity[];
  services: Service[];
  utils: number;
  routes: number;
}

const KINDS = ['Customer', 'Lead', 'Agent', 'Caller', 'Patient', 'Member', 'Contact', 'Employee', 'Subscriber', 'Account'];

const PII_FIELDS: Field[] = [
  { name: 'email', type: 'string', category: 'user.contact.email' },
  { name: 'workEmail', type: 'string', category: 'user.contact.email' },
  { name: 'phoneNumber', type: 'string', category: 'user.contact.phone_number' },
  { name: 'mobile', type: 'string', category: 'user.contact.phone_number' },
  { name: 'firstName', type: 'string', category: 'user.name.first' },
  { name: 'lastName', type: 'string', category: 'user.name.last' },
  { name: 'dateOfBirth', type: 'string', category: 'user.demographic.date_of_birth' },
  { name: 'ssn', type: 'string', category: 'user.government_id.national_identification_number' },
  { name: 'ipAddress', type: 'string', category: 'user.device.ip_address' },
  { name: 'cardNumber', type: 'string', category: 'user.financial.card_number' },
  { name: 'streetAddress', type: 'string', category: 'user.contact.address.street' },
  { name: 'postalCode', type: 'string', category: 'user.contact.address.postal_code' },
  { name: 'contactInfo', type: 'string', category: 'user.contact', tagged: true },
  { name: 'callerLine', type: 'string', category: 'user.contact.phone_number', tagged: true },
  { name: 'notesText', type: 'string', category: 'user.content.communications.message', tagged: true },
];

const PLAIN_FIELDS: Field[] = [
  { name: 'createdAt', type: 'string' },
  { name: 'updatedAt', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'tier', type: 'string' },
  { name: 'locale', type: 'string' },
  { name: 'timezone', type: 'string' },
  { name: 'orderCount', type: 'number' },
  { name: 'score', type: 'number' },
  { name: 'emailVerified', type: 'boolean' },
  { name: 'isActive', type: 'boolean' },
];

/** Hosts the generated code talks to: in the home region, abroad, and of unknown region. */
const HOSTS = [
  'https://orders.execute-api.us-east-1.amazonaws.com',
  'https://crm.execute-api.eu-central-1.amazonaws.com',
  'https://leads.execute-api.ap-south-1.amazonaws.com',
  'https://billing.execute-api.us-west-2.amazonaws.com',
  'https://hooks.partner-example.com',
  'https://ingest.execute-api.eu-west-1.amazonaws.com',
];

function planProject(files: number, random: Random): Plan {
  const modules = files - FIXED_FILES;
  const entityCount = Math.max(3, Math.round(modules * 0.12));
  const utils = Math.max(2, Math.round(modules * 0.18));
  const routes = Math.max(2, Math.round(modules * 0.15));
  const serviceCount = modules - entityCount - utils - routes;
  const entities: Entity[] = [];
  for (let i = 0; i < entityCount; i++) {
    const name = `${KINDS[i % KINDS.length]}${i}`;
    const pii = sample(PII_FIELDS, 3 + Math.floor(random() * 5), random).map((f) => ({ ...f, tagged: f.tagged || random() < 0.25 }));
    const plain = sample(PLAIN_FIELDS, 3 + Math.floor(random() * 5), random);
    entities.push({ index: i, name, file: `entity-${i}`, fields: [{ name: 'id', type: 'string' }, ...shuffle([...pii, ...plain], random)] });
  }
  const services: Service[] = [];
  for (let k = 0; k < serviceCount; k++) {
    const calls = k === 0 ? [] : unique(Array.from({ length: 1 + Math.floor(random() * 3) }, () => Math.floor(random() * k)));
    const used = unique(Array.from({ length: 1 + Math.floor(random() * 2) }, () => Math.floor(random() * utils)));
    services.push({ index: k, entity: pick(entities, random), calls, utils: used });
  }
  return { entities, services, utils, routes };
}

// ---------------------------------------------------------------------------------------------
// Files

function domainFile(entity: Entity, random: Random): string {
  const T = entity.name;
  const out: string[] = [`// The ${T} record and the functions that create, check and copy it.`, '', "import { redact } from '../lib/redact';", ''];
  out.push(`export interface ${T} {`);
  for (const field of entity.fields) {
    if (field.tagged && field.category) out.push(`  /** @pii ${field.category} */`);
    out.push(`  ${field.name}: ${field.type};`);
  }
  out.push('}', '');
  out.push(`export function create${T}(input: Partial<${T}>): ${T} {`, '  return {');
  for (const field of entity.fields) {
    const fallback = field.name === 'id' ? `'${T.toLowerCase()}-' + Math.random().toString(36).slice(2)` : defaultValue(field);
    out.push(`    ${field.name}: input.${field.name} ?? ${fallback},`);
  }
  out.push('  };', '}', '');
  out.push(`export function validate${T}(value: ${T}): string[] {`, '  const issues: string[] = [];');
  for (const field of entity.fields) {
    if (field.type === 'string') {
      out.push(`  if (value.${field.name}.length === 0) {`, `    issues.push('${field.name} is empty');`, '  }');
      if (/email/i.test(field.name)) out.push(`  if (!/^[^@\\s]+@[^@\\s]+$/.test(value.${field.name})) {`, `    issues.push('${field.name} is not an address');`, '  }');
    } else if (field.type === 'number') {
      out.push(`  if (!Number.isFinite(value.${field.name}) || value.${field.name} < 0) {`, `    issues.push('${field.name} is out of range');`, '  }');
    }
  }
  out.push('  return issues;', '}', '');
  out.push(`export function compare${T}(a: ${T}, b: ${T}): number {`);
  for (const field of entity.fields.filter((f) => f.type !== 'boolean').slice(0, 4)) {
    out.push(
      field.type === 'number'
        ? `  if (a.${field.name} !== b.${field.name}) return a.${field.name} - b.${field.name};`
        : `  if (a.${field.name} !== b.${field.name}) return a.${field.name} < b.${field.name} ? -1 : 1;`,
    );
  }
  out.push('  return 0;', '}', '');
  out.push(`export function redacted${T}(value: ${T}): ${T} {`, '  return {', '    ...value,');
  for (const field of entity.fields.filter((f) => f.category && f.type === 'string')) out.push(`    ${field.name}: redact(value.${field.name}),`);
  out.push('  };', '}', '');
  out.push(`export function toRecord${T}(value: ${T}): Record<string, unknown> {`, '  const record: Record<string, unknown> = {};');
  for (const field of entity.fields) out.push(`  record['${field.name}'] = value.${field.name};`);
  out.push('  return record;', '}', '');
  out.push(`export function label${T}(value: ${T}): string {`);
  const shown = entity.fields.filter((f) => f.type === 'string' && !f.category).slice(0, 2);
  out.push(`  return [value.id${shown.map((f) => `, value.${f.name}`).join('')}].join(' / ');`, '}', '');
  pad(out, 100 + Math.floor(random() * 60), random, T);
  return `${out.join('\n')}\n`;
}

function defaultValue(field: Field): string {
  if (field.type === 'number') return '0';
  if (field.type === 'boolean') return 'false';
  return "''";
}

function utilFile(k: number, random: Random): string {
  const out: string[] = [`// Utility functions, group ${k}: numbers, strings, dates and collections.`, ''];
  // `clamp<k>_0` comes first in every utility file: the services call it.
  const templates = [UTIL_TEMPLATES[0], ...shuffle(UTIL_TEMPLATES.slice(1), random)];
  let i = 0;
  const target = 100 + Math.floor(random() * 90);
  while (out.length < target) {
    out.push(...templates[i % templates.length](`${k}_${i}`), '');
    i++;
  }
  return `${out.join('\n')}\n`;
}

function serviceFile(service: Service, plan: Plan, random: Random): string {
  const T = service.entity.name;
  const k = service.index;
  const fields = service.entity.fields;
  const pii = fields.filter((f) => f.category && f.type === 'string');
  const plain = fields.filter((f) => !f.category && f.type === 'string' && f.name !== 'id');
  const out: string[] = [`// Service ${k}: registers and processes ${T} records, calling services ${service.calls.join(', ') || '(none)'}.`, ''];
  out.push("import { logger } from '../lib/logger';", "import { http } from '../lib/http';", "import { track } from '../lib/analytics';", "import { report } from '../lib/monitoring';", "import { redact } from '../lib/redact';");
  out.push(`import { create${T}, label${T}, validate${T}, type ${T} } from '../domain/${service.entity.file}';`);
  for (const j of service.calls) out.push(`import { audit${j}, lookup${j}, run${j} } from './service-${j}';`);
  for (const u of service.utils) out.push(`import * as util${u} from '../utils/util-${u}';`);
  out.push('');
  out.push(`/** Writes an audit line: callers decide what goes in it. */`, `export function audit${k}(message: string, detail: string): void {`, `  logger.info(\`[service-${k}] \${message}\`, detail);`, '}', '');
  out.push(`export async function lookup${k}(id: string): Promise<string> {`, `  const response = await http.get<{ value: string }>(\`/v1/service-${k}/\${encodeURIComponent(id)}\`);`, '  return response.data.value;', '}', '');
  out.push(`export class ${T}Service${k} {`, `  private readonly seen = new Map<string, ${T}>();`, '  private processed = 0;', '');
  out.push(`  register(input: Partial<${T}>): ${T} {`, `    const entity = create${T}(input);`, '    this.seen.set(entity.id, entity);', '    this.processed += 1;', "    logger.info(`registered ${entity.id}`);", '    return entity;', '  }', '');
  out.push(`  async process(entity: ${T}): Promise<number> {`, `    const issues = validate${T}(entity);`, '    if (issues.length > 0) {', "      logger.warn(`invalid ${entity.id}`, issues.length);", '      return 0;', '    }', '    let score = issues.length;', '    try {');
  // The statements that make flows: a mix of violations and compliant code, in seeded proportions.
  const steps = 3 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const roll = random();
    const field = pii.length > 0 && random() < 0.7 ? pick(pii, random) : undefined;
    const callee = service.calls.length > 0 ? pick(service.calls, random) : undefined;
    if (roll < 0.2 && field && callee !== undefined) out.push(`      audit${callee}(\`processing \${entity.id}\`, entity.${field.name});`);
    else if (roll < 0.35 && field && callee !== undefined) out.push(`      audit${callee}('processing', redact(entity.${field.name}));`);
    else if (roll < 0.5) out.push(`      await http.post('${pick(HOSTS, random)}/v1/${T.toLowerCase()}s', { id: entity.id${field ? `, ${field.name}: entity.${field.name}` : ''} });`);
    else if (roll < 0.6) out.push(`      track(entity.id, '${T} processed', { ${field ? `${field.name}: entity.${field.name}` : `label: label${T}(entity)`} });`);
    else if (roll < 0.7 && field) out.push(`      logger.info(\`processed \${entity.${field.name}}\`);`);
    else if (roll < 0.8 && callee !== undefined) out.push(`      score += (await lookup${callee}(entity.id)).length;`, `      score += await run${callee}({ id: entity.id });`);
    else if (roll < 0.9) out.push(`      await fetch('${pick(HOSTS, random)}/v1/events', { method: 'POST', body: JSON.stringify({ id: entity.id${plain.length > 0 ? `, ${plain[0].name}: entity.${plain[0].name}` : ''} }) });`);
    else out.push(`      logger.debug(\`step ${s} for \${label${T}(entity)}\`);`);
  }
  for (const u of service.utils) out.push(`      score += util${u}.clamp${u}_0(score, 0, 100);`);
  out.push('    } catch (error) {', '      report(error, { id: entity.id });', '    }', '    return score;', '  }', '');
  out.push('  summary(): string {', '    const lines: string[] = [];', '    for (const entity of this.seen.values()) {', `      lines.push(label${T}(entity));`, '    }', '    return `${this.processed} processed: ${lines.join(", ")}`;', '  }', '');
  out.push('  prune(limit: number): number {', '    let removed = 0;', '    for (const key of [...this.seen.keys()]) {', '      if (this.seen.size <= limit) break;', '      this.seen.delete(key);', '      removed += 1;', '    }', '    return removed;', '  }', '}', '');
  out.push(`export async function run${k}(input: Partial<${T}>): Promise<number> {`, `  const service = new ${T}Service${k}();`, '  const entity = service.register(input);', '  return service.process(entity);', '}', '');
  pad(out, 100 + Math.floor(random() * 80), random, `S${k}`);
  return `${out.join('\n')}\n`;
}

function routeFile(k: number, plan: Plan, random: Random): string {
  const service = pick(plan.services, random);
  const T = service.entity.name;
  const out: string[] = [`// HTTP handlers, group ${k}: parse the request, run service ${service.index}, reply.`, ''];
  out.push("import { logger } from '../lib/logger';", `import { run${service.index} } from '../services/service-${service.index}';`, `import type { ${T} } from '../domain/${service.entity.file}';`, '');
  out.push(`export interface Request${k} {`, '  body: Record<string, unknown>;', '  ip: string;', '  headers: Record<string, string>;', '  query: Record<string, string | undefined>;', '}', '');
  out.push(`export interface Reply${k} {`, '  status: number;', '  body: unknown;', '}', '');
  out.push(`export async function handle${k}(request: Request${k}): Promise<Reply${k}> {`, '  const started = Date.now();', '  try {');
  out.push(`    const score = await run${service.index}(request.body as Partial<${T}>);`);
  if (random() < 0.4) out.push('    logger.info(`request from ${request.ip}`);');
  else out.push("    logger.info('request handled', Date.now() - started);");
  if (random() < 0.3) out.push(`    await fetch('${pick(HOSTS, random)}/v1/audit', { method: 'POST', body: JSON.stringify({ score, clientIp: request.ip }) });`);
  out.push('    return { status: 200, body: { score } };', '  } catch (error) {', "    console.error('handler failed', error instanceof Error ? error.message : 'unknown');", "    return { status: 500, body: { error: 'internal' } };", '  }', '}', '');
  out.push(`export function page${k}(request: Request${k}): { offset: number; limit: number } {`, "  const limit = Math.min(100, Math.max(1, Number(request.query['limit'] ?? '20') || 20));", "  const page = Math.max(0, Number(request.query['page'] ?? '0') || 0);", '  return { offset: page * limit, limit };', '}', '');
  pad(out, 100 + Math.floor(random() * 60), random, `R${k}`);
  return `${out.join('\n')}\n`;
}

function indexFile(plan: Plan): string {
  const out = ['// The application entry: the HTTP handlers by route.', ''];
  for (let k = 0; k < plan.routes; k++) out.push(`import { handle${k} } from './api/routes-${k}';`);
  out.push('', 'export const routes = {');
  for (let k = 0; k < plan.routes; k++) out.push(`  '/v1/route-${k}': handle${k},`);
  out.push('};', '');
  return out.join('\n');
}

/** Helper functions, as real modules have, until the file reaches its target length. */
function pad(out: string[], target: number, random: Random, suffix: string): void {
  let i = 0;
  while (out.length < target) out.push(...pick(UTIL_TEMPLATES, random)(`${suffix}_p${i++}`), '');
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed gives the same project on every machine.

function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)];
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function sample<T>(items: readonly T[], count: number, random: Random): T[] {
  return shuffle(items.slice(), random).slice(0, Math.min(count, items.length));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

if (require.main === module) {
  const files = Number(process.argv[2]);
  const outDir = process.argv[3] ?? path.join(__dirname, '..', '..', '..', 'bench', 'generated', String(files));
  try {
    const result = generateProject({ files, outDir });
    process.stdout.write(`${result.files} files, ${result.lines} lines in ${result.outDir}\n`);
  } catch (error) {
    process.stderr.write(`generate: ${(error as Error).message}\nusage: node test/out/bench/generate.js <files> [outDir]\n`);
    process.exitCode = 2;
  }
}
