// `npm run build`: validates the bundled catalogue and writes its snapshot (catalogue-snapshot.ts),
// and compiles the pack and config schemas to code (schema-validator.ts). A catalogue with errors gets
// no snapshot: they are printed, and the exit code is 1.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultRulesDir, loadCatalogue } from './catalogue';
import { snapshotFile, writeSnapshot } from './catalogue-snapshot';
import { writeCompiledValidator } from './schema-validator';

const rulesDir = defaultRulesDir();
const { catalogue, errors } = loadCatalogue(rulesDir, { snapshot: false });
if (errors.length > 0) {
  for (const e of errors) process.stderr.write(`${e.file}:${e.line}:${e.column}: ${e.message}\n`);
  process.exitCode = 1;
} else {
  writeSnapshot(rulesDir, catalogue);
  process.stdout.write(`catalogue snapshot: ${snapshotFile(rulesDir)}\n`);
}

const schemas = path.join(rulesDir, 'schemas');
fs.rmSync(path.join(schemas, '.compiled'), { recursive: true, force: true });
for (const schema of ['pack.schema.json', 'config.schema.json']) {
  process.stdout.write(`compiled validator: ${writeCompiledValidator(path.join(schemas, schema))}\n`);
}
