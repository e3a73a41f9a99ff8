// Fault shapes that are plain HTTP answers, served by nock. nock 15 intercepts undici.request through
// @mswjs/interceptors' socket-level interceptor, but its replyWithError() and delay() do not work with undici's
// Agent (the request hangs / the delay is ignored), so connection errors are in transport-mock-agent.test.ts
// (undici MockAgent) and slow or reset responses in transport-connection.test.ts (real local servers).
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAlreadyExists, isConflict, isForbidden, isGone, isInvalid, isNotFound, isUnauthorized } from "../../src/transport/error-predicates.ts";
import { AlreadyExistsError, ConflictError, ForbiddenError, GoneError, InvalidError, KubernetesApiError, NotFoundError, ServerError, TooManyRequestsError, UnauthorizedError } from "../../src/transport/errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { createCaptureLogger, type CaptureLogger } from "./helpers/capture-logger.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { statusBody } from "./helpers/local-server.ts";

const SERVER = "https://kube.example:6443";
const PATH = "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments";
const TOKEN = "opaque-static-token-0123456789";
// A ServiceAccount token as kube-apiserver mints them (signature irrelevant: the client only reads claims).
const SA_JWT = [
  Buffer.from(JSON.stringify({ alg: "RS256" })).toString("base64url"),
  Buffer.from(JSON.stringify({ sub: "system:serviceaccount:kubeflow:sdk-user", "kubernetes.io": { namespace: "kubeflow", serviceaccount: { name: "sdk-user" } } })).toString("base64url"),
  "c2lnbmF0dXJl",
].join(".");

let logger: CaptureLogger;
let transport: Transport;
const open = (token = TOKEN, retry: false | { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number } = { baseDelayMs: 1, maxDelayMs: 5 }): Transport =>
  createTransport(tokenConfig(SERVER, token), { logger, retry });

beforeEach(() => {
  logger = createCaptureLogger();
  transport = open();
});
afterEach(async () => {
  await transport.close();
  nock.cleanAll();
});

/** Serves `status`/`body` for `method PATH` up to 5 times and counts the hits. */
function serve(method: "get" | "post" | "put" | "delete", status: number, body: unknown, headers: Record<string, string> = {}): { hits: () => number } {
  let hits = 0;
  nock(SERVER)[method](PATH).times(5).reply(() => {
    hits++;
    return [status, typeof body === "string" ? body : JSON.stringify(body), { "content-type": typeof body === "string" ? "text/html" : "application/json", ...headers }];
  });
  return { hits: () => hits };
}

describe("metav1.Status answers become typed errors", () => {
  it("401 → UnauthorizedError with the kubectl create token hint, not retried with a static token", async () => {
    const s = serve("get", 401, statusBody(401, "Unauthorized", "Unauthorized"));
    const err = await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err).toMatchObject({ status: 401, reason: "Unauthorized", code: "ERR_KUBE_UNAUTHORIZED", method: "GET", url: `${SERVER}${PATH}` });
    expect((err as Error).message).toContain("kubectl create token <serviceaccount> -n <namespace> --duration=8760h");
    expect(isUnauthorized(err)).toBe(true);
    expect(s.hits()).toBe(1);
  });

  it("401 with a ServiceAccount JWT names the account in the hint", async () => {
    await transport.close();
    transport = open(SA_JWT);
    serve("get", 401, statusBody(401, "Unauthorized", "Unauthorized"));
    const err = (await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e)) as UnauthorizedError;
    expect(err.hint).toBe("The token is invalid or expired; mint a new one with: kubectl create token sdk-user -n kubeflow --duration=8760h");
  });

  it("403 keeps the RBAC message and suggests kubectl auth can-i for the ServiceAccount", async () => {
    await transport.close();
    transport = open(SA_JWT);
    const message = 'experiments.kubeflow.org is forbidden: User "system:serviceaccount:kubeflow:sdk-user" cannot list resource "experiments" in API group "kubeflow.org" in the namespace "team-a"';
    serve("get", 403, statusBody(403, "Forbidden", message, { group: "kubeflow.org", kind: "experiments" }));
    const err = (await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e)) as ForbiddenError;
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.serverMessage).toBe(message);
    expect(err.message).toContain(message);
    expect(err.message).toContain("kubectl auth can-i --list --as=system:serviceaccount:kubeflow:sdk-user -n kubeflow");
    expect(err.details).toEqual({ group: "kubeflow.org", kind: "experiments" });
    expect(isForbidden(err)).toBe(true);
  });

  it("403 with an opaque token uses placeholders", async () => {
    serve("get", 403, statusBody(403, "Forbidden", "forbidden"));
    const err = (await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e)) as ForbiddenError;
    expect(err.hint).toContain("--as=system:serviceaccount:<namespace>:<name> -n <namespace>");
  });

  it("404 → NotFoundError with details", async () => {
    serve("get", 404, statusBody(404, "NotFound", 'experiments.kubeflow.org "random" not found', { name: "random", group: "kubeflow.org", kind: "experiments" }));
    const err = await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: "ERR_KUBE_NOT_FOUND", reason: "NotFound", details: { name: "random", kind: "experiments" } });
    expect(isNotFound(err)).toBe(true);
    expect(isAlreadyExists(err)).toBe(false);
  });

  it("409 AlreadyExists → AlreadyExistsError, a ConflictError that isConflict() does not match (as client-go)", async () => {
    const s = serve("post", 409, statusBody(409, "AlreadyExists", 'experiments.kubeflow.org "random" already exists', { name: "random", kind: "experiments" }));
    const err = await transport.request({ method: "POST", path: PATH, body: { metadata: { name: "random" } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlreadyExistsError);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: "ERR_KUBE_ALREADY_EXISTS", reason: "AlreadyExists", status: 409 });
    expect(isAlreadyExists(err)).toBe(true);
    expect(isConflict(err)).toBe(false);
    expect(s.hits()).toBe(1);
  });

  it("409 Conflict → ConflictError", async () => {
    serve("put", 409, statusBody(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again"));
    const err = await transport.request({ method: "PUT", path: PATH, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).not.toBeInstanceOf(AlreadyExistsError);
    expect(isConflict(err)).toBe(true);
  });

  it("410 Expired → GoneError with the reason unchanged", async () => {
    serve("get", 410, statusBody(410, "Expired", "too old resource version: 1 (2045)"));
    const err = await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoneError);
    expect(err).toMatchObject({ reason: "Expired", code: "ERR_KUBE_GONE" });
    expect(isGone(err)).toBe(true);
  });

  it("422 → InvalidError with the causes", async () => {
    const causes = [
      { reason: "FieldValueRequired", message: "Required value", field: "spec.objective" },
      { reason: "FieldValueNotSupported", message: 'Unsupported value: "max"', field: "spec.objective.type" },
    ];
    serve("post", 422, statusBody(422, "Invalid", 'Experiment.kubeflow.org "random" is invalid', { name: "random", group: "kubeflow.org", kind: "Experiment", causes }));
    const err = await transport.request({ method: "POST", path: PATH, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).details?.causes).toEqual(causes);
    expect(isInvalid(err)).toBe(true);
  });
});

describe("retries of HTTP answers", () => {
  it("429 with Retry-After: the wait follows the header (capped) and the error carries retryAfterMs", async () => {
    await transport.close();
    transport = open(TOKEN, { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 3 });
    const s = serve("get", 429, statusBody(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds: 2 }), { "retry-after": "2" });
    const err = await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect((err as TooManyRequestsError).retryAfterMs).toBe(2000);
    expect(s.hits()).toBe(2);
    // Retry-After asked for 2000 ms; maxDelayMs caps it.
    expect(logger.messages("debug").some((m) => /retry 1\/1 of GET .* in 3 ms after HTTP 429/.test(m))).toBe(true);
    expect(logger.messages("warn").some((m) => m.includes("giving up on GET"))).toBe(true);
  });

  it("a Retry-After HTTP date is honoured", async () => {
    await transport.close();
    transport = open(TOKEN, { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 60_000 });
    let hits = 0;
    nock(SERVER).get(PATH).times(2).reply(() => (++hits === 1 ? [429, "", { "retry-after": new Date(Date.now() + 1500).toUTCString() }] : [200, "{}", { "content-type": "application/json" }]));
    await transport.request({ method: "GET", path: PATH });
    const wait = Number(/in (\d+) ms after HTTP 429/.exec(logger.messages("debug").join("\n"))?.[1]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1500);
  });

  it("503 then 200 on GET: retried, the result returned", async () => {
    let hits = 0;
    nock(SERVER).get(PATH).times(2).reply(() => (++hits === 1 ? [503, "unavailable"] : [200, JSON.stringify({ items: [] }), { "content-type": "application/json" }]));
    const res = await transport.request<{ items: unknown[] }>({ method: "GET", path: PATH });
    expect(res).toMatchObject({ status: 200, body: { items: [] } });
    expect(hits).toBe(2);
  });

  it("POST is not retried on 503", async () => {
    const s = serve("post", 503, statusBody(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
    const err = await transport.request({ method: "POST", path: PATH, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 503, reason: "ServiceUnavailable", code: "ERR_KUBE_SERVER" });
    expect(s.hits()).toBe(1);
  });

  it("500 is retried for GET but not for PUT without Retry-After", async () => {
    const get = serve("get", 500, statusBody(500, "InternalError", "etcdserver: leader changed"));
    const put = serve("put", 500, statusBody(500, "InternalError", "Internal error occurred: failed calling webhook"));
    await expect(transport.request({ method: "GET", path: PATH })).rejects.toBeInstanceOf(ServerError);
    await expect(transport.request({ method: "PUT", path: PATH, body: {} })).rejects.toBeInstanceOf(ServerError);
    expect(get.hits()).toBe(4);
    expect(put.hits()).toBe(1);
  });

  it("retry: false disables retries", async () => {
    await transport.close();
    transport = open(TOKEN, false);
    const s = serve("get", 503, "");
    await expect(transport.request({ method: "GET", path: PATH })).rejects.toBeInstanceOf(ServerError);
    expect(s.hits()).toBe(1);
  });

  it("aborting the signal cancels the backoff sleep at once", async () => {
    await transport.close();
    transport = open(TOKEN, { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 60_000 });
    const s = serve("get", 503, "", { "retry-after": "60" });
    const controller = new AbortController();
    const pending = transport.request({ method: "GET", path: PATH, signal: controller.signal });
    await vi_waitFor(() => logger.messages("debug").some((m) => m.includes("in 60000 ms")));
    controller.abort(new Error("user gave up"));
    await expect(pending).rejects.toThrow("user gave up");
    expect(s.hits()).toBe(1);
  }, 5_000);
});

describe("bodies that are not a Status", () => {
  it("HTML from a proxy: class from the status, readable text without tags, at most ~200 chars", async () => {
    const html = `<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>502 Bad Gateway</h1><p>${"upstream unreachable ".repeat(40)}</p></body></html>`;
    serve("get", 502, html);
    const err = (await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e)) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(502);
    expect(err.serverMessage.startsWith("502 Bad Gateway 502 Bad Gateway upstream unreachable")).toBe(true);
    expect(err.serverMessage).not.toMatch(/[<>]|color:red/);
    expect(err.serverMessage.length).toBeLessThanOrEqual(201);
  });

  it("truncated JSON: class from the status and the raw text as message", async () => {
    serve("get", 404, '{"kind":"Status","apiVersion":"v1","message":"experiments.kubeflow.org \\"x\\" not fo');
    const err = (await transport.request({ method: "GET", path: PATH }).catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.reason).toBe("NotFound");
    expect(err.serverMessage).toContain('"message":"experiments.kubeflow.org');
  });

  it("an unknown status (415) is a KubernetesApiError with code ERR_KUBE_API", async () => {
    nock(SERVER).patch(PATH).reply(415, statusBody(415, "UnsupportedMediaType", "the body of the request was in an unknown format"), { "content-type": "application/json" });
    const err = await transport.request({ method: "PATCH", path: PATH, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubernetesApiError);
    expect(err).toMatchObject({ code: "ERR_KUBE_API", reason: "UnsupportedMediaType", status: 415 });
  });
});

describe("headers", () => {
  it("sends the bearer token, the user agent and JSON content type; logs Warning headers", async () => {
    const seen = captureHeaders(
      nock(SERVER).post(PATH).reply(201, "{}", { "content-type": "application/json", warning: '299 - "kubeflow.org/v1alpha1 Experiment is deprecated"' }),
    );
    await transport.request({ method: "POST", path: PATH, body: { a: 1 } });
    expect(seen()["authorization"]).toBe(`Bearer ${TOKEN}`);
    expect(seen()["user-agent"]).toMatch(/^kubeflow-ts\/\d+\.\d+\.\d+\S* \(node v\d+\.\d+\.\d+\)$/);
    expect(seen()["content-type"]).toBe("application/json");
    expect(logger.messages("warn")).toContain("server warning: kubeflow.org/v1alpha1 Experiment is deprecated");
  });

  it("fetch keeps an Authorization header the caller set", async () => {
    const seen = captureHeaders(nock(SERVER).get(PATH).reply(200, "{}"));
    await transport.fetch(`${SERVER}${PATH}`, { headers: { Authorization: "Bearer caller-token-xyz" } });
    expect(seen()["authorization"]).toBe("Bearer caller-token-xyz");
  });

  it("never sends the token to another origin", async () => {
    const seen = captureHeaders(nock("https://elsewhere.example").get("/x").reply(200, "{}"));
    await transport.fetch("https://elsewhere.example/x");
    expect(seen()).toHaveProperty("user-agent");
    expect(seen()).not.toHaveProperty("authorization");
  });
});

/** The headers of the request a nock scope answered (nock 15 has no `this.req` in reply callbacks). */
function captureHeaders(scope: nock.Scope): () => Record<string, unknown> {
  let headers: Record<string, unknown> | undefined;
  scope.on("request", (req: { headers: Headers | Record<string, unknown> }) => {
    const raw = req.headers instanceof Headers ? Object.fromEntries(req.headers.entries()) : req.headers;
    headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  });
  return () => {
    if (headers === undefined) throw new Error("no request seen");
    return headers;
  };
}

async function vi_waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error("condition not reached");
}
