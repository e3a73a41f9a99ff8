/**
 * Fuzzing the response decoding: random, truncated and hostile bodies into `toApiError`, and through the real
 * transport (an undici MockAgent as the server) into its JSON body parsing. Only the documented outcomes may
 * happen: a KubernetesApiError subclass for non-2xx, a NetworkError `ERR_KUBE_BAD_RESPONSE` for an unusable 2xx
 * body, or a value; never another throw, never an unbounded message.
 */
import fc from "fast-check";
import { MockAgent } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KubernetesApiError } from "../../src/transport/errors.ts";
import { NetworkError } from "../../src/transport/network-errors.ts";
import { toApiError } from "../../src/transport/to-api-error.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { MAX_ERROR_BODY_BYTES } from "../../src/transport/to-api-error.ts";
import { tokenConfig } from "../transport/helpers/cluster-config.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./support/fuzz-runs.ts";

const RUNS = fuzzRuns();
const SECRET = "fuzz-secret-token-5e8d1c";

/** A metav1.Status with random fields, as JSON text, possibly cut short. */
const statusText = fc
  .record({
    kind: fc.constantFrom("Status", "Other", undefined),
    code: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.string()),
    reason: fc.oneof(fc.constantFrom("NotFound", "AlreadyExists", "Conflict", "Invalid", "Expired", ""), fc.string()),
    message: fc.oneof(fc.string({ maxLength: 5_000 }), fc.constant(`leaked ${SECRET} here`), fc.integer()),
    details: fc.oneof(
      fc.constant(undefined),
      fc.record({ name: fc.string(), causes: fc.array(fc.oneof(fc.record({ field: fc.string(), message: fc.string() }), fc.anything()), { maxLength: 5 }), retryAfterSeconds: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
      fc.anything(),
    ),
  })
  .chain((status) => {
    const text = JSON.stringify(status);
    return fc.integer({ min: 0, max: text.length }).map((cut) => text.slice(0, cut));
  });

/** Bodies a server (or something in front of it) might send. */
const body = fc.oneof(
  statusText,
  fc.string({ maxLength: 2_000 }),
  fc.uint8Array({ maxLength: 2_000 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom("<html><body><h1>502 Bad Gateway</h1></body></html>", "", "null", "[]", '{"kind":"Status"', "\u0000\uffff\ud800"),
);

const headers = fc.dictionary(fc.constantFrom("retry-after", "content-type", "warning", "x-other"), fc.oneof(fc.string(), fc.constantFrom("5", "-1", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999999999")), { maxKeys: 4 });

describe("toApiError", () => {
  test("always returns a KubernetesApiError with a bounded, scrubbed message", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.oneof(body, fc.anything()), headers, (status, value, h) => {
        const error = toApiError(status, value, h, { method: "get", url: "https://kube.test/apis/x?token=abc", secrets: [SECRET] });
        expect(error).toBeInstanceOf(KubernetesApiError);
        expect(error.status).toBe(status);
        expect(typeof error.reason).toBe("string");
        expect(error.serverMessage.length).toBeLessThanOrEqual(4_001);
        expect(error.message).not.toContain(SECRET);
        expect(error.url).not.toContain("token=abc");
        if (error.details?.causes !== undefined) expect(Array.isArray(error.details.causes)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(1));

  test("a body far over the cap is decoded only up to MAX_ERROR_BODY_BYTES", () => {
    const huge = new Uint8Array(MAX_ERROR_BODY_BYTES * 8).fill(0x61);
    const started = performance.now();
    const error = toApiError(502, huge, undefined, { method: "GET", url: "https://kube.test/x" });
    expect(error.serverMessage.length).toBeLessThanOrEqual(201);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("transport body decoding", () => {
  let agent: MockAgent;
  let transport: Transport;
  beforeAll(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    transport = createTransport(tokenConfig("https://kube.test", SECRET), { dispatcher: agent, retry: false, logger: { debug: () => {}, warn: () => {} } });
  });
  afterAll(async () => {
    await transport.close();
    await agent.close();
  });

  test("a response of any status, type and body resolves or fails with a documented error", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503),
        fc.constantFrom("application/json", "application/json; charset=utf-8", "text/html", "text/plain", "application/yaml", undefined),
        body,
        async (status, contentType, payload) => {
          const path = `/fuzz/${n++}`;
          agent.get("https://kube.test").intercept({ path, method: "GET" }).reply(status, typeof payload === "string" ? payload : Buffer.from(payload), contentType === undefined ? {} : { headers: { "content-type": contentType } });
          try {
            const response = await transport.request({ method: "GET", path });
            expect(status).toBeLessThan(300);
            expect(response.status).toBe(status);
          } catch (error) {
            if (status >= 300) {
              expect(error).toBeInstanceOf(KubernetesApiError);
              expect((error as KubernetesApiError).status).toBe(status);
            } else {
              expect(error).toBeInstanceOf(NetworkError);
              expect(error).toMatchObject({ code: "ERR_KUBE_BAD_RESPONSE" });
              expect((error as NetworkError).hint).toBeTruthy();
            }
            expect((error as Error).message).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, fuzzTimeoutMs(5));
});
