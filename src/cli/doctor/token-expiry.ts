/**
 * Token expiry from the JWT `exp` claim, read without verifying the signature (only the API server can verify it;
 * this only warns early). The token itself is never part of the result.
 */
import { toHumanDuration } from "../human-duration.ts";
import { createTokenCommand, type AccountRef, type CheckResult } from "./doctor-check.ts";

/** Warn when the token expires sooner than this. */
export const EXPIRY_WARNING_MS = 24 * 3_600_000;

/** The `exp` claim of a JWT in epoch ms; undefined when it is not a JWT, null when it has no `exp`. Pure. */
export function parseTokenExpiry(token: string): number | null | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined || token.split(".").length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : null;
  } catch {
    return undefined;
  }
}

/** The expiry check of a token (undefined: no bearer token configured). Pure. */
export function toTokenExpiryCheck(token: string | undefined, account: AccountRef | undefined, now: Date): CheckResult {
  const base = { id: "token-expiry", title: "token expiry" };
  if (token === undefined) return { ...base, status: "skip", message: "skipped: no bearer token configured (client certificate or exec plugin)" };
  const expiry = parseTokenExpiry(token);
  if (expiry === undefined) return { ...base, status: "skip", message: "skipped: the token is not a JWT, so its expiry is unknown" };
  if (expiry === null) return { ...base, status: "pass", message: "the token has no expiry (a legacy Secret-based token)" };
  const left = expiry - now.getTime();
  const at = new Date(expiry).toISOString();
  const fix = `mint a new token: ${createTokenCommand(account)}`;
  if (left <= 0) return { ...base, status: "fail", message: `the token expired ${toHumanDuration(-left)} ago (at ${at})`, fix };
  if (left < EXPIRY_WARNING_MS) return { ...base, status: "warn", message: `the token expires in ${toHumanDuration(left)} (at ${at})`, fix };
  return { ...base, status: "pass", message: `the token expires in ${toHumanDuration(left)} (at ${at})` };
}
