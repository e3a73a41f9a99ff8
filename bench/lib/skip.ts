/** Thrown when a part of the bench cannot run here; the family reports it as skipped, with this message as why. */
export class SkipError extends Error {
  readonly code = "ERR_BENCH_SKIP";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SkipError";
  }
}

/** The reason to report for a failure: a SkipError's message as is, anything else prefixed as unexpected. */
export function skipReason(error: unknown): string {
  if (error instanceof SkipError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `failed: ${message.split("\n").slice(0, 6).join(" / ").slice(0, 600)}`;
}
