import type { Logger } from "../config/client-options.ts";

/** Environment variable that turns on the stderr debug logger when no `logger` option is given. */
export const DEBUG_ENV = "KUBEFLOW_TS_DEBUG";

/** A {@link Logger} writing `kubeflow-ts <level>: <message>` lines to stderr; debug/info only when `debug`. */
export function createStderrLogger(options: { debug: boolean }): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const suffix = fields === undefined || Object.keys(fields).length === 0 ? "" : ` ${safeJson(fields)}`;
    process.stderr.write(`kubeflow-ts ${level}: ${message}${suffix}\n`);
  };
  const quiet = (): void => {};
  return {
    debug: options.debug ? (m, f) => write("debug", m, f) : quiet,
    info: options.debug ? (m, f) => write("info", m, f) : quiet,
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** A resolved logger, and whether its debug lines go anywhere (so callers can skip building them). */
export interface ResolvedLogger extends Required<Logger> {
  /**
   * False when debug lines are dropped (the stderr logger without `KUBEFLOW_TS_DEBUG`, or a `logger` option
   * without `debug`): per-request callers test it first, so a quiet client builds and redacts nothing.
   */
  readonly debugEnabled: boolean;
}

/**
 * The logger a client uses: the `logger` option, else a stderr logger (debug lines when `KUBEFLOW_TS_DEBUG` is
 * `1`/`true`, warnings always, as kubectl prints server warnings). Every line then goes through `scrub`, and
 * a throwing logger cannot fail a request.
 */
export function resolveLogger(
  logger: Logger | undefined,
  scrub: (text: string) => string,
  env: Record<string, string | undefined> = process.env,
): ResolvedLogger {
  const debugOn = /^(1|true|yes)$/i.test(env[DEBUG_ENV] ?? "");
  const base = logger ?? createStderrLogger({ debug: debugOn });
  const debugEnabled = logger === undefined ? debugOn : typeof logger.debug === "function";
  const call = (fn: Logger["debug"] | undefined, message: string, fields?: Record<string, unknown>): void => {
    if (fn === undefined) return;
    try {
      if (fields === undefined) fn.call(base, scrub(message));
      else fn.call(base, scrub(message), scrubFields(fields, scrub));
    } catch {
      // Logging is best effort; a broken sink must not turn a successful request into a failure.
    }
  };
  const quiet = (): void => {};
  return {
    debugEnabled,
    // Dropped lines are not even scrubbed: a quiet client must not pay for redaction on every request.
    debug: debugEnabled ? (m, f) => call(base.debug, m, f) : quiet,
    info: logger === undefined && !debugOn ? quiet : (m, f) => call(base.info ?? base.debug, m, f),
    warn: (m, f) => call(base.warn, m, f),
    error: (m, f) => call(base.error ?? base.warn, m, f),
  };
}

function scrubFields(fields: Record<string, unknown>, scrub: (text: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") out[key] = scrub(value);
    else if (value instanceof Error) out[key] = scrub(`${value.name}: ${value.message}`);
    else if (typeof value === "object" && value !== null) out[key] = scrubObject(value, scrub);
    else out[key] = value;
  }
  return out;
}

function scrubObject(value: object, scrub: (text: string) => string): unknown {
  const text = scrub(safeJson(value));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return '"[unserializable]"';
  }
}
