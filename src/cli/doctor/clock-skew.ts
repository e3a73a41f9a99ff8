/**
 * Clock skew against the API server's `Date` header. Tokens and certificates are checked against clocks, so a
 * skewed local clock shows up as "expired" or "not yet valid" errors that are hard to explain.
 */
import type { CheckResult } from "./doctor-check.ts";
import type { ServerDate } from "./probe.ts";

/** Warn above this much skew. */
export const MAX_SKEW_MS = 5000;

/**
 * The check from a server Date and the request's timing. The header has 1 s resolution, so the server time is
 * taken as the middle of that second, and the local time as the middle of the request. Pure.
 */
export function toClockSkewCheck(serverDate: ServerDate | undefined): CheckResult {
  const base = { id: "clock-skew", title: "clock skew" };
  const server = serverDate === undefined ? Number.NaN : Date.parse(serverDate.date);
  if (serverDate === undefined || Number.isNaN(server)) return { ...base, status: "skip", message: "skipped: no API response carried a Date header" };
  const local = (serverDate.sentAt + serverDate.receivedAt) / 2;
  const skew = local - (server + 500);
  const seconds = Math.abs(skew / 1000).toFixed(1);
  const direction = skew > 0 ? "ahead of" : "behind";
  if (Math.abs(skew) > MAX_SKEW_MS) {
    return { ...base, status: "warn", message: `this machine's clock is ${seconds} s ${direction} the API server's`, fix: "synchronize the clock (NTP, e.g. timedatectl set-ntp true): token and certificate validity depend on it" };
  }
  return { ...base, status: "pass", message: `within ${MAX_SKEW_MS / 1000} s of the API server (${seconds} s ${direction})` };
}
