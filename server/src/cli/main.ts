#!/usr/bin/env node
// The `privacy-lens` command: parses the command line, runs one command and sets the exit code.
// This is the CLI's only edge: unexpected exceptions are caught here and reported, never shown as
// a stack trace to a user (unless PRIVACY_LENS_DEBUG is set).

import { parseCommandLine, USAGE } from './args';
import { CliError, EXIT_USAGE } from './exit-codes';
import type { CliIo } from './scan';
import { toolInfo } from './version';

function main(argv: readonly string[], io: CliIo): number | 'running' {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    io.stderr.write(`privacy-lens: ${parsed.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const command = parsed.command;
  switch (command.command) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
      io.stdout.write(`${toolInfo().version}\n`);
      return 0;
    // Commands load their modules when run, inside run()'s error handling: a broken install then
    // ends with exit code 2 and a message, not a stack trace and exit code 1 (which means findings).
    case 'scan':
      return (require('./scan') as typeof import('./scan')).runScan(command, io);
    case 'policy-check':
      return (require('./policy-command') as typeof import('./policy-command')).runPolicyCheck(command.file, io);
    case 'policy-draft':
      return (require('./policy-command') as typeof import('./policy-command')).runPolicyDraft(command.file, command.output, io);
    case 'lsp': {
      // Loaded only here, so that a scan never loads the language server and its protocol library.
      const server = require('../lsp/server') as { startServer(): void };
      server.startServer();
      return 'running';
    }
  }
}

function run(): void {
  const io: CliIo = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env };
  let code: number | 'running';
  try {
    code = main(process.argv.slice(2), io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`privacy-lens: ${error.message}\n${error.showUsage ? `\n${USAGE}\n` : ''}`);
      code = error.exitCode;
    } else {
      const detail = process.env.PRIVACY_LENS_DEBUG ? (error as Error).stack : (error as Error).message;
      io.stderr.write(`privacy-lens: internal error: ${detail}\n(set PRIVACY_LENS_DEBUG=1 for the stack trace, and please report it)\n`);
      code = EXIT_USAGE;
    }
  }
  // exitCode rather than process.exit(): a report piped to another process must be flushed first.
  if (code !== 'running') process.exitCode = code;
}

run();
