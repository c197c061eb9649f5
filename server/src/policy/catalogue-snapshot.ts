// The bundled catalogue as one JSON file, written at build time, so that a scan or the language server
// starts without parsing a dozen YAML files and compiling their JSON Schemas (about half a second).
// The snapshot names a fingerprint of every file it was built from; when any of them differs (a rule
// edited after the build), it is ignored and the YAML is read as usual.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalogue, CategoryInfo } from '../analysis/types';

const VERSION = 1;

export function snapshotFile(rulesDir: string): string {
  return path.join(rulesDir, '.catalogue.snapshot.json');
}

interface Snapshot {
  version: number;
  fingerprint: string;
  catalogue: Omit<Catalogue, 'categories'> & { categories: Array<[string, CategoryInfo]> };
}

/** The catalogue of a fresh snapshot of this rules folder, or undefined (none, stale, unreadable). */
export function readSnapshot(rulesDir: string): Catalogue | undefined {
  try {
    const snapshot = JSON.parse(fs.readFileSync(snapshotFile(rulesDir), 'utf8')) as Snapshot;
    if (snapshot.version !== VERSION || snapshot.fingerprint !== fingerprint(rulesDir)) return undefined;
    return { ...snapshot.catalogue, categories: new Map(snapshot.catalogue.categories) };
  } catch {
    return undefined;
  }
}

/** Writes the snapshot of a catalogue loaded without errors from this rules folder. */
export function writeSnapshot(rulesDir: string, catalogue: Catalogue): void {
  const snapshot: Snapshot = { version: VERSION, fingerprint: fingerprint(rulesDir), catalogue: { ...catalogue, categories: [...catalogue.categories] } };
  const file = snapshotFile(rulesDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
  fs.renameSync(`${file}.tmp`, file);
}

/** A hash over the names and contents of the files the catalogue is loaded from, schemas included. */
function fingerprint(rulesDir: string): string {
  const hash = crypto.createHash('sha256');
  const files = [
    ...['taxonomy.yaml', 'regions.yaml', 'names.yaml', 'sanitisers.yaml'],
    ...listed(rulesDir, 'sinks', /\.ya?ml$/i),
    ...listed(rulesDir, 'schemas', /^catalogue-.*\.json$/),
  ];
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(fs.readFileSync(path.join(rulesDir, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listed(rulesDir: string, dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(rulesDir, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}
