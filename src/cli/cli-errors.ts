/**
 * The CLI's own errors and its exit codes. Library errors keep their types; these cover what only the command line
 * knows about: wrong usage, a failed check, a user interrupt.
 */

/** Exit codes, as documented in docs/cli.md. */
export const EXIT_OK = 0;
/** A command failed, or its input was invalid. */
export const EXIT_FAILURE = 1;
/** Wrong usage: unknown command or option, missing argument, malformed flag value. */
export const EXIT_USAGE = 2;
/** Interrupted by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** The command line is wrong; exit 2. */
export class UsageError extends Error {
  readonly code = "ERR_KFTS_USAGE";
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = "UsageError";
    this.hint = hint;
  }
}

/** A command failed for a reason already explained in `message` (and `hint`); exit 1. */
export class CliFailure extends Error {
  readonly code = "ERR_KFTS_FAILED";
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = "CliFailure";
    this.hint = hint;
  }
}

/** Whether the error is an abort (Ctrl-C): the signal's reason, or an AbortError raised on its behalf. */
export function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return error instanceof Error && error.name === "AbortError";
}
