// The CLI's exit codes, part of its contract (DESIGN.md): CI scripts branch on them.

export const EXIT_OK = 0;
/** Findings at or above the failing severity. */
export const EXIT_FINDINGS = 1;
/** Usage or configuration error, or a scan that could not run at all. */
export const EXIT_USAGE = 2;

/**
 * An error that ends the command with a message and an exit code. Thrown only inside the CLI's own
 * command functions and caught once in main.ts: the engine and the policy layer return errors as values.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
    readonly showUsage = false,
  ) {
    super(message);
  }
}
