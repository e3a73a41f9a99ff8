import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectionError, TimeoutError, TlsError } from "../../src/transport/network-errors.ts";
import { parseRetryAfterMs } from "../../src/transport/retry-after.ts";
import { isRetryableNetworkError, isRetryableStatus, retryDelayMs, toRetryPolicy } from "../../src/transport/retry-policy.ts";

describe("isRetryableStatus", () => {
  it.each([
    ["GET", 429, false, true], ["GET", 502, false, true], ["GET", 503, false, true], ["GET", 504, false, true],
    ["GET", 500, false, true], ["HEAD", 500, false, true], ["PUT", 503, false, true], ["DELETE", 504, false, true],
    ["PUT", 500, false, false], ["DELETE", 500, false, false], ["PUT", 500, true, true],
    ["POST", 503, true, false], ["POST", 429, true, false], ["PATCH", 502, false, false],
    ["GET", 404, false, false], ["GET", 501, false, false], ["GET", 409, false, false],
  ] as const)("%s %d (Retry-After: %s) → %s", (method, status, hasRetryAfter, expected) => {
    expect(isRetryableStatus(method, status, hasRetryAfter)).toBe(expected);
  });
});

describe("isRetryableNetworkError", () => {
  const req = { method: "POST", url: "https://k", detail: "d" };
  const conn = (connectionReason: ConstructorParameters<typeof ConnectionError>[0]["connectionReason"]) => new ConnectionError({ ...req, connectionReason });
  it.each([
    ["POST", conn("refused"), true], ["PATCH", conn("dns"), true], ["POST", conn("connect-timeout"), true],
    ["POST", conn("unreachable"), true], ["POST", conn("reset"), false], ["GET", conn("reset"), true],
    ["DELETE", conn("reset"), true], ["GET", conn("proxy"), false],
    ["GET", new TlsError({ ...req, tlsReason: "unknown-ca" }), false], ["GET", new TimeoutError({ ...req, timeoutMs: 1 }), false],
  ] as const)("%s after %o → %s", (method, error, expected) => {
    expect(isRetryableNetworkError(method, error)).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  it("stays within [half, full] of the capped exponential delay", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, base, max, r) => {
        const policy = { maxRetries: 5, baseDelayMs: base, maxDelayMs: max };
        const full = Math.min(max, base * 2 ** retry);
        const delay = retryDelayMs(policy, retry, undefined, () => r);
        return delay >= Math.floor(full / 2) && delay <= Math.ceil(full);
      }),
    );
  });
  it("uses Retry-After, capped at maxDelayMs", () => {
    const policy = toRetryPolicy({ maxDelayMs: 5_000 });
    expect(retryDelayMs(policy, 0, 2_000)).toBe(2_000);
    expect(retryDelayMs(policy, 0, 120_000)).toBe(5_000);
  });
  it("retry: false means no retries; defaults otherwise", () => {
    expect(toRetryPolicy(false).maxRetries).toBe(0);
    expect(toRetryPolicy(undefined)).toEqual({ maxRetries: 3, baseDelayMs: 250, maxDelayMs: 10_000 });
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    ["5", 5_000], [" 0 ", 0], ["Wed, 01 Jan 2025 00:00:30 GMT", 30_000], ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined], [undefined, undefined], ["-1", undefined],
  ])("%s → %s", (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});
