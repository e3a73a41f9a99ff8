/** Durations on the command line, the way kubectl takes them: `30s`, `5m`, `1h30m`, `250ms`, or bare seconds. */
import { UsageError } from "./cli-errors.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/** Milliseconds of a duration flag; throws a UsageError naming the flag when the value is malformed. Pure. */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  let total = 0;
  let end = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
    end = PART.lastIndex;
  }
  if (text === "" || end !== text.length) {
    throw new UsageError(`invalid duration for ${flag}: "${value}"`, "use a number with a unit, e.g. 30s, 5m, 1h30m (a bare number means seconds)");
  }
  return Math.round(total);
}
