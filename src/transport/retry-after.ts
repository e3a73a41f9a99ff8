/**
 * Parses a `Retry-After` value, delay-seconds or an HTTP date, into milliseconds from `nowMs`; `undefined`
 * when absent or unparsable. A date in the past gives 0. Pure.
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse reads "-1" as a year; a signed number is simply invalid here.
  if (/^[+-]\d+$/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
