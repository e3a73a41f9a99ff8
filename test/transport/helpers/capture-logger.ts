import type { Logger } from "../../../src/config/client-options.ts";

/** A logger that keeps every line (message and fields) for assertions. */
export interface CaptureLogger extends Required<Logger> {
  lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
  /** All lines as one text, fields serialized. */
  text(): string;
  /** Messages of one level. */
  messages(level: string): string[];
}

/** Creates a {@link CaptureLogger}. */
export function createCaptureLogger(): CaptureLogger {
  const lines: CaptureLogger["lines"] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  return {
    lines,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    text: () => lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields ?? {})}`).join("\n"),
    messages: (level) => lines.filter((l) => l.level === level).map((l) => l.message),
  };
}
