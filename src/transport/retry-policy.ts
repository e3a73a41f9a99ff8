import type { RetryOptions } from "../config/client-options.ts";
import { ConnectionError, type NetworkError } from "./network-errors.ts";
import { isNeverSent } from "./to-network-error.ts";

/** Retry settings with defaults filled in. */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Defaults: 3 retries, 250 ms doubling with jitter, at most 10 s per wait. */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** The policy for a `retry` option: `false` means no retries. */
export function toRetryPolicy(option: false | RetryOptions | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  return {
    maxRetries: Math.max(0, option?.maxRetries ?? DEFAULT_RETRY.maxRetries),
    baseDelayMs: Math.max(0, option?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, option?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
  };
}

/**
 * Whether a response status is worth retrying for `method`. 429, 502, 503 and 504 say "not now" (throttling,
 * a restarting apiserver or a proxy in front of it), so idempotent verbs retry. 500 is different: the apiserver
 * also returns it after a write partly happened (a failing webhook, an etcd timeout), and replaying a PUT or
 * DELETE then turns a success into a confusing 409/404; so 500 retries only reads (GET/HEAD/OPTIONS), or any
 * idempotent verb when the server itself sent `Retry-After`. POST and PATCH never retry on a status: the
 * server received them. Pure.
 */
export function isRetryableStatus(method: string, status: number, hasRetryAfter: boolean): boolean {
  if (!IDEMPOTENT.has(method)) return false;
  if (status === 429 || status === 502 || status === 503 || status === 504) return true;
  if (status === 500) return SAFE.has(method) || hasRetryAfter;
  return false;
}

/**
 * Whether a request that failed without a response may be repeated. Connection failures before anything was
 * sent (refused, DNS, unreachable, connect timeout) retry for every verb, POST and PATCH included; a reset
 * connection only for idempotent verbs (the server may have acted); TLS failures and timeouts never (the
 * first repeats itself, the second would multiply the wait). Pure.
 */
export function isRetryableNetworkError(method: string, error: NetworkError): boolean {
  if (isNeverSent(error)) return true;
  return error instanceof ConnectionError && error.connectionReason === "reset" && IDEMPOTENT.has(method);
}

/**
 * Delay before retry number `retry` (0-based): the server's `Retry-After` when given, else exponential backoff
 * from `baseDelayMs` with "equal jitter" (half fixed, half random, so clients spread out); always capped at
 * `maxDelayMs`. `random` is injectable for tests.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
