// The fixed text of generated bench projects (test/bench/generate.ts): the helper-function
// templates that fill modules to a realistic length, and the files every project has (tsconfig,
// package.json, vendor declarations, the logger, HTTP, analytics, monitoring and redaction modules).

export const UTIL_TEMPLATES: Array<(id: string) => string[]> = [
  (id) => [`export function clamp${id}(value: number, min: number, max: number): number {`, '  if (Number.isNaN(value)) return min;', '  return Math.min(max, Math.max(min, value));', '}'],
  (id) => [
    `export function slug${id}(text: string): string {`,
    '  return text',
    '    .toLowerCase()',
    "    .normalize('NFKD')",
    "    .replace(/[^a-z0-9]+/g, '-')",
    "    .replace(/^-+|-+$/g, '');",
    '}',
  ],
  (id) => [
    `export function chunk${id}<T>(items: readonly T[], size: number): T[][] {`,
    '  const chunks: T[][] = [];',
    '  for (let i = 0; i < items.length; i += size) {',
    '    chunks.push(items.slice(i, i + size));',
    '  }',
    '  return chunks;',
    '}',
  ],
  (id) => [
    `export function groupBy${id}<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {`,
    '  const groups = new Map<string, T[]>();',
    '  for (const item of items) {',
    '    const k = key(item);',
    '    const group = groups.get(k);',
    '    if (group) group.push(item);',
    '    else groups.set(k, [item]);',
    '  }',
    '  return groups;',
    '}',
  ],
  (id) => [
    `export function percentile${id}(values: readonly number[], p: number): number {`,
    '  if (values.length === 0) return 0;',
    '  const sorted = [...values].sort((a, b) => a - b);',
    '  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));',
    '  return sorted[rank];',
    '}',
  ],
  (id) => [
    `export function movingAverage${id}(values: readonly number[], window: number): number[] {`,
    '  const result: number[] = [];',
    '  let sum = 0;',
    '  values.forEach((value, index) => {',
    '    sum += value;',
    '    if (index >= window) sum -= values[index - window];',
    '    result.push(sum / Math.min(index + 1, window));',
    '  });',
    '  return result;',
    '}',
  ],
  (id) => [
    `export function formatAmount${id}(cents: number, currency = 'USD'): string {`,
    '  const sign = cents < 0 ? "-" : "";',
    '  const whole = Math.floor(Math.abs(cents) / 100);',
    '  const fraction = String(Math.abs(cents) % 100).padStart(2, "0");',
    '  return `${sign}${whole}.${fraction} ${currency}`;',
    '}',
  ],
  (id) => [
    `export function addDays${id}(iso: string, days: number): string {`,
    '  const date = new Date(iso);',
    '  if (Number.isNaN(date.getTime())) return iso;',
    '  date.setUTCDate(date.getUTCDate() + days);',
    '  return date.toISOString();',
    '}',
  ],
  (id) => [
    `export function retry${id}<T>(attempts: number, action: () => T): T {`,
    '  let lastError: unknown;',
    '  for (let attempt = 0; attempt < attempts; attempt++) {',
    '    try {',
    '      return action();',
    '    } catch (error) {',
    '      lastError = error;',
    '    }',
    '  }',
    '  throw lastError;',
    '}',
  ],
  (id) => [
    `export function uniqueBy${id}<T>(items: readonly T[], key: (item: T) => string): T[] {`,
    '  const seen = new Set<string>();',
    '  return items.filter((item) => {',
    '    const k = key(item);',
    '    if (seen.has(k)) return false;',
    '    seen.add(k);',
    '    return true;',
    '  });',
    '}',
  ],
  (id) => [
    `export function parseQuery${id}(query: string): Record<string, string> {`,
    '  const result: Record<string, string> = {};',
    "  for (const part of query.replace(/^\\?/, '').split('&')) {",
    '    if (!part) continue;',
    "    const [key, value = ''] = part.split('=');",
    '    result[decodeURIComponent(key)] = decodeURIComponent(value);',
    '  }',
    '  return result;',
    '}',
  ],
  (id) => [
    `export function histogram${id}(values: readonly number[], buckets: number): number[] {`,
    '  const counts = new Array<number>(buckets).fill(0);',
    '  const max = Math.max(1, ...values);',
    '  for (const value of values) {',
    '    const bucket = Math.min(buckets - 1, Math.floor((value / max) * buckets));',
    '    counts[bucket] += 1;',
    '  }',
    '  return counts;',
    '}',
  ],
];

// ---------------------------------------------------------------------------------------------
// Fixed files

export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2022', 'dom'],
      module: 'commonjs',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      // Hermetic: no @types from folders above the project.
      types: [],
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;

export const PACKAGE_JSON = `${JSON.stringify(
  { name: 'generated-app', private: true, dependencies: { '@segment/analytics-node': '^2.1.0', '@sentry/node': '^8.0.0', axios: '^1.7.0', pino: '^9.0.0' } },
  null,
  2,
)}\n`;

/** The vendor modules' shapes, so that tsc checks the project without node_modules. */
export const VENDOR_TYPES = `// Minimal declarations of the vendor modules the generated code uses (no node_modules).

declare const process: { env: Record<string, string | undefined> };

declare module 'pino' {
  interface Logger {
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
    child(bindings: Record<string, unknown>): Logger;
  }
  function pino(options?: Record<string, unknown>): Logger;
  export default pino;
}

declare module 'axios' {
  interface AxiosResponse<T = unknown> {
    data: T;
    status: number;
  }
  interface AxiosInstance {
    get<T = unknown>(url: string, config?: Record<string, unknown>): Promise<AxiosResponse<T>>;
    post<T = unknown>(url: string, body?: unknown, config?: Record<string, unknown>): Promise<AxiosResponse<T>>;
  }
  const axios: AxiosInstance & { create(config: Record<string, unknown>): AxiosInstance };
  export default axios;
}

declare module '@segment/analytics-node' {
  export class Analytics {
    constructor(options: { writeKey: string; host?: string });
    track(event: { userId: string; event: string; properties?: Record<string, unknown> }): void;
  }
}

declare module '@sentry/node' {
  export function init(options: { dsn: string }): void;
  export function captureException(error: unknown, hint?: Record<string, unknown>): string;
}
`;

export const LIB_FILES: Record<string, string> = {
  logger: `// The service's logger: a thin wrapper over pino that every module uses.
import pino from 'pino';

const base = pino({ level: process.env.LOG_LEVEL ?? 'info' });

export const logger = {
  info(message: string, ...args: unknown[]): void {
    base.info(message, ...args);
  },
  warn(message: string, ...args: unknown[]): void {
    base.warn(message, ...args);
  },
  error(message: string, ...args: unknown[]): void {
    base.error(message, ...args);
  },
  debug(message: string, ...args: unknown[]): void {
    base.debug(message, ...args);
  },
};
`,
  http: `// The HTTP client for internal APIs (US).
import axios from 'axios';

export const http = axios.create({ baseURL: 'https://internal.execute-api.us-east-1.amazonaws.com', timeout: 5000 });
`,
  analytics: `// Product analytics through Segment.
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({ writeKey: process.env.SEGMENT_KEY ?? 'dev' });

export function track(userId: string, event: string, properties: Record<string, unknown>): void {
  analytics.track({ userId, event, properties });
}
`,
  monitoring: `// Error monitoring through Sentry (EU data region).
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: 'https://key@o1.ingest.de.sentry.io/1' });

export function report(error: unknown, context: Record<string, unknown>): void {
  Sentry.captureException(error, { extra: context });
}
`,
  redact: `// The project's redaction helper: what it returns no longer identifies anyone.

/** @pii-sanitizer */
export function redact(value: string): string {
  if (value.length <= 2) return '**';
  return value[0] + '*'.repeat(value.length - 2) + value[value.length - 1];
}
`,
};
