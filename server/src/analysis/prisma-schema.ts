// A Prisma schema names each model's fields. Without @prisma/client installed a query's rows are
// `any`, so an agency's `opening.client.name` would read as a person's name; the schema says that
// `Client` has an industry and a webhook URL, which makes it a customer organisation. Only the
// schema's text is read: `model Name { field Type … }` blocks.

import * as fs from 'fs';
import * as path from 'path';

const SKIPPED = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage']);
const MAX_DEPTH = 4;
const MAX_FILES = 50;
const MAX_BYTES = 2_000_000;

/** The fields of each model of the project's Prisma schemas (`*.prisma` under the root), by model name. */
export function prismaModels(root: string): Map<string, string[]> {
  const models = new Map<string, string[]>();
  for (const file of schemaFiles(root)) {
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gm)) {
      const fields: string[] = [];
      for (const line of m[2].split('\n')) {
        const f = /^\s*([A-Za-z_]\w*)\s+\w/.exec(line);
        if (f) fields.push(f[1]);
      }
      models.set(m[1], fields);
    }
  }
  return models;
}

function schemaFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      if (e.isFile() && e.name.endsWith('.prisma')) out.push(path.join(dir, e.name));
      else if (e.isDirectory() && depth < MAX_DEPTH && !e.name.startsWith('.') && !SKIPPED.has(e.name)) walk(path.join(dir, e.name), depth + 1);
    }
  };
  walk(root, 0);
  return out;
}
