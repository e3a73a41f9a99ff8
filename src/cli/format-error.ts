/**
 * How a failed command ends: one line saying what went wrong, one line with the fix when there is one, and the
 * stack only when `KUBEFLOW_TS_DEBUG=1`. Every line is scrubbed of credentials, including the ones given as flags.
 */
import { redact } from "../transport/redact.ts";
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from "./cli-errors.ts";

/** Options of {@link formatError}. */
export interface FormatErrorOptions {
  /** Print the stack (and causes) too. */
  debug?: boolean;
  /** Values to scrub even when they do not look like credentials (the `--token` flag's value). */
  secrets?: readonly string[];
}

/** The hint an error carries (the transport's typed errors, ConfigError-like errors, the CLI's own). */
export function hintOf(error: unknown): string | undefined {
  const hint = (error as { hint?: unknown } | null)?.hint;
  return typeof hint === "string" && hint !== "" ? hint : undefined;
}

/** The error's message without the hint the library appends to it (`<summary>. <hint>`). */
export function toSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = hintOf(error);
  const withoutHint = hint !== undefined && message.endsWith(`. ${hint}`) ? message.slice(0, -hint.length - 2) : message;
  return withoutHint.split("\n")[0] ?? withoutHint;
}

/** The text printed to stderr for a failed command: `error: …` and, when known, `hint: …`. Pure. */
export function formatError(error: unknown, options: FormatErrorOptions = {}): string {
  const lines = [`error: ${toSummary(error)}`];
  const hint = hintOf(error);
  if (hint !== undefined) lines.push(`hint: ${hint}`);
  if (options.debug) lines.push(...debugLines(error));
  return `${redact(lines.join("\n"), options.secrets ?? [])}\n`;
}

function debugLines(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    lines.push(depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack ?? current.message}`);
    current = current.cause;
  }
  return lines;
}

/** The exit code for an error: 2 for wrong usage, 1 for everything else. */
export function toExitCode(error: unknown): number {
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
