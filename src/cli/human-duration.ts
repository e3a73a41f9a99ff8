/** Ages as kubectl prints them (`45s`, `3m2s`, `5h`, `2d4h`, `400d`, `3y2d`): precise when recent, coarse when old. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** kubectl's HumanDuration of a span in milliseconds. Pure. */
export function toHumanDuration(ms: number): string {
  if (ms < -SECOND) return "<invalid>";
  if (ms < 0) return "0s";
  const s = Math.floor(ms / SECOND);
  const m = Math.floor(ms / MINUTE);
  const h = Math.floor(ms / HOUR);
  const d = Math.floor(ms / DAY);
  const y = Math.floor(ms / YEAR);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 3 * 60) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 8 * 24) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 2 * 365 * 24) return `${d}d`;
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** The age of an RFC 3339 timestamp at `now`, or `<unknown>` when it does not parse. Pure. */
export function toAge(timestamp: string, now: Date): string {
  const then = Date.parse(timestamp);
  return Number.isNaN(then) ? "<unknown>" : toHumanDuration(now.getTime() - then);
}
