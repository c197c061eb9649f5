// `privacy-lens policy check` (validate a pack: schema and meaning, errors as file:line:col) and
// `privacy-lens policy draft` (turn a privacy policy's text into a pack for a person to review).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultRulesDir, loadCatalogue } from '../policy/catalogue';
import { checkPackFile } from '../policy/check';
import { draftPack } from '../policy/draft';
import { loadPack } from '../policy/pack';
import type { CliIo } from './scan';
import { CliError, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { formatConfigError } from './report-paths';

export function runPolicyCheck(file: string, io: CliIo): number {
  const pack = path.resolve(io.cwd, file);
  if (!fs.existsSync(pack)) throw new CliError(`no such file: ${file}`);
  const { catalogue, errors: catalogueErrors } = loadCatalogue(defaultRulesDir());
  // A broken bundled catalogue would make every pack look wrong: say so instead.
  if (catalogueErrors.length > 0) {
    for (const error of catalogueErrors) io.stderr.write(`${formatConfigError(error, io.cwd)}\n`);
    return EXIT_USAGE;
  }
  const errors = checkPackFile(pack, catalogue);
  if (errors.length > 0) {
    for (const error of errors) io.stdout.write(`${formatConfigError(error, io.cwd)}\n`);
    io.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${file}\n`);
    return EXIT_USAGE;
  }
  const loaded = loadPack(pack);
  const clauses = loaded.pack?.clauses.length ?? 0;
  const rules = loaded.pack?.rules.length ?? 0;
  io.stdout.write(`ok: ${clauses} clause${clauses === 1 ? '' : 's'}, ${rules} rule${rules === 1 ? '' : 's'}\n`);
  return EXIT_OK;
}

export function runPolicyDraft(file: string, output: string | undefined, io: CliIo): number {
  const source = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(source, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const draft = draftPack(text, source);
  if (output === undefined) {
    io.stdout.write(draft.yaml.endsWith('\n') ? draft.yaml : `${draft.yaml}\n`);
  } else {
    const target = path.resolve(io.cwd, output);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, draft.yaml);
    } catch (error) {
      throw new CliError(`--output ${output}: ${(error as Error).message}`);
    }
  }
  const { clauses, rules, notEncoded } = draft.stats;
  io.stderr.write(
    `drafted ${clauses} clauses and ${rules} rules (${notEncoded} commitments not encodable) from ${file}${output ? ` into ${output}` : ''}: a draft, review every rule before use\n`,
  );
  return EXIT_OK;
}
