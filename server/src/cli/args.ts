// The command line: which command, its paths and options, and the usage text. Parsing returns a
// value (a command or a usage error); main.ts decides what to print and which exit code to use.

import { parseArgs } from 'node:util';
import type { Severity } from '../policy/types';
import { isSeverity } from './severity';

export type ReportFormat = 'text' | 'json' | 'sarif';

export interface ScanCommand {
  command: 'scan';
  paths: string[];
  policies: string[];
  config?: string;
  format: ReportFormat;
  output?: string;
  failOn?: Severity;
}

export type Command =
  | ScanCommand
  | { command: 'lsp' }
  | { command: 'policy-check'; file: string }
  | { command: 'policy-draft'; file: string; output?: string }
  | { command: 'help' }
  | { command: 'version' };

export type ParsedArgs = { ok: true; command: Command } | { ok: false; message: string };

export const USAGE = `Usage:
  privacy-lens scan [paths...] [options]    find personal data flowing into logs, SDKs and foreign hosts
      --policy <pack.yaml|id>   policy pack to apply (repeatable; replaces the config's packs)
      --config <file>           privacy-lens.yaml to use (default: found upward from the first path)
      --format text|json|sarif  report format (default: text)
      --output <file>           write the report to a file instead of stdout
      --fail-on error|warning|note
                                lowest severity that fails the scan (default: the config's failOn,
                                else warning)
  privacy-lens lsp --stdio                  start the language server on stdin/stdout
  privacy-lens policy check <pack.yaml>     validate a policy pack
  privacy-lens policy draft <policy.txt|.md|.html> [--output <pack.yaml>]
                                            draft a policy pack from a privacy policy, for review
  privacy-lens --help | --version

Exit codes: 0 no finding at or above the failing severity, 1 findings, 2 usage or configuration error.`;

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif'];

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined) return usageError('no command given');
  if (first === '--help' || first === '-h' || first === 'help') return ok({ command: 'help' });
  if (first === '--version' || first === '-v') return ok({ command: 'version' });
  try {
    switch (first) {
      case 'scan':
        return parseScan(rest);
      case 'lsp':
        return parseLsp(rest);
      case 'policy':
        return parsePolicy(rest);
      default:
        return usageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
    }
  } catch (error) {
    // util.parseArgs throws on unknown options and missing values; its messages name the option.
    return usageError((error as Error).message);
  }
}

function parseScan(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      policy: { type: 'string', multiple: true },
      config: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return ok({ command: 'help' });
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    return usageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !isSeverity(failOn)) {
    return usageError(`--fail-on must be one of error, warning, note, not '${failOn}'`);
  }
  return ok({
    command: 'scan',
    paths: positionals.length > 0 ? positionals : ['.'],
    policies: values.policy ?? [],
    config: values.config,
    format: format as ReportFormat,
    output: values.output,
    failOn,
  });
}

function parseLsp(argv: readonly string[]): ParsedArgs {
  // The language server library reads the transport flags from process.argv itself; only --stdio
  // is part of our contract, the others (--node-ipc, --socket) are accepted because editors send them.
  const transports = ['--stdio', '--node-ipc'];
  const unknown = argv.find((arg) => !transports.includes(arg) && !arg.startsWith('--socket=') && !arg.startsWith('--clientProcessId'));
  if (unknown !== undefined) return usageError(`unknown option '${unknown}' for 'lsp'`);
  if (!argv.some((arg) => transports.includes(arg) || arg.startsWith('--socket='))) {
    return usageError(`'lsp' needs a transport: privacy-lens lsp --stdio`);
  }
  return ok({ command: 'lsp' });
}

function parsePolicy(argv: readonly string[]): ParsedArgs {
  const [sub, ...rest] = argv;
  if (sub === 'check') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: {} });
    if (positionals.length !== 1) return usageError('policy check takes exactly one pack file');
    return ok({ command: 'policy-check', file: positionals[0] });
  }
  if (sub === 'draft') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { output: { type: 'string', short: 'o' } },
    });
    if (positionals.length !== 1) return usageError('policy draft takes exactly one policy text file');
    return ok({ command: 'policy-draft', file: positionals[0], output: values.output });
  }
  return usageError(sub === undefined ? `'policy' needs a subcommand: check or draft` : `unknown policy subcommand '${sub}'`);
}

function ok(command: Command): ParsedArgs {
  return { ok: true, command };
}

function usageError(message: string): ParsedArgs {
  return { ok: false, message };
}
