// `npm run build`: validates the bundled catalogue and writes its snapshot (catalogue-snapshot.ts).
// A catalogue with errors gets no snapshot: they are printed, and the exit code is 1.

import { defaultRulesDir, loadCatalogue } from './catalogue';
import { snapshotFile, writeSnapshot } from './catalogue-snapshot';

const rulesDir = defaultRulesDir();
const { catalogue, errors } = loadCatalogue(rulesDir, { snapshot: false });
if (errors.length > 0) {
  for (const e of errors) process.stderr.write(`${e.file}:${e.line}:${e.column}: ${e.message}\n`);
  process.exitCode = 1;
} else {
  writeSnapshot(rulesDir, catalogue);
  process.stdout.write(`catalogue snapshot: ${snapshotFile(rulesDir)}\n`);
}
