/**
 * The fault matrix: every way a request to the API server commonly fails, each served for real (a local HTTP(S)
 * server, a refused port, real certificates) and driven through the public KatibClient, so options loading, the
 * connection, the transport, retries and error mapping all take part. No test framework here: the vitest file and
 * a plain `node` child process (which proves nothing is left open, by exiting) both run these cases.
 */
import type { V1beta1Experiment } from "../../src/index.ts";
import { KatibClient, type ClientOptions } from "../../src/index.ts";
import { TestPki, type IssuedCertificate } from "../support/tls/generate-certificates.ts";
import { closedPort } from "../transport/helpers/local-server.ts";
import { startFaultServer, sendStatus, sendText, type FaultHandler, type FaultServer } from "./support/fault-server.ts";

/** The bearer token of every case; the results are scanned for it. */
export const MATRIX_TOKEN = "fault-matrix-token-7f3a9c1e5b";
/** Per-case upper bound: a case that takes longer counts as a hang. */
export const CASE_BOUND_MS = 5_000;
/** Retry settings of the clients: fast, but the retry paths run. */
export const MATRIX_RETRY = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 50 };
/** Request timeout of the clients. */
export const MATRIX_TIMEOUT_MS = 400;

/** What a case must produce. */
export interface Expected {
  /** `error.name` of the typed error. */
  name: string;
  code: string;
  reason?: string;
  tlsReason?: string;
  connectionReason?: string;
  /** Requests that reached the server (0 when the connection or handshake failed). */
  requests: number;
  /** Retries the client logged. */
  retries: number;
  /** A fragment of the hint. */
  hint: string;
}

/** One row of the matrix. */
export interface FaultCase {
  id: string;
  /** What the server (or network) does, for the docs table. */
  fault: string;
  /** Which client call is made. */
  call: "get" | "create" | "replace";
  /** The server; `undefined` for "nothing listens". */
  server?: (pki: MatrixPki) => { handler: FaultHandler; tls?: { cert: string; key: string } };
  /** Client options beyond server, token, CA, retry, timeout. */
  options?: Partial<ClientOptions>;
  expected: Expected;
  /** Lower bound on the elapsed time, when the case is about waiting (Retry-After). */
  minElapsedMs?: number;
}

/** What a case produced. */
export interface FaultResult {
  id: string;
  name: string;
  code: string;
  status?: number;
  reason?: string;
  tlsReason?: string;
  connectionReason?: string;
  hint: string | undefined;
  message: string;
  requests: number;
  retries: number;
  elapsedMs: number;
  /** Sockets the server still had open after client.close(). */
  openSocketsAfterClose: number;
  /** Text to scan for the token: message, stack, JSON and log lines. */
  leakText: string;
}

/** The certificates of the TLS cases. */
export interface MatrixPki {
  root: IssuedCertificate;
  leaf: IssuedCertificate;
  unknownCa: IssuedCertificate;
  otherName: IssuedCertificate;
  expired: IssuedCertificate;
}

/** Makes the certificates (openssl; well under a second). */
export function createMatrixPki(pki: TestPki): MatrixPki {
  const root = pki.createRoot("matrix-root-ca");
  const otherRoot = pki.createRoot("matrix-other-ca");
  const sans = ["DNS:localhost", "IP:127.0.0.1"];
  return {
    root,
    leaf: pki.issue(root, { commonName: "kube-apiserver", altNames: sans }),
    unknownCa: pki.issue(otherRoot, { commonName: "stranger", altNames: sans }),
    otherName: pki.issue(root, { commonName: "api.internal", altNames: ["DNS:api.internal"] }),
    expired: pki.issue(root, { commonName: "expired", altNames: sans, days: -1 }),
  };
}

const EXPERIMENT: V1beta1Experiment = {
  metadata: { name: "matrix" },
  spec: { objective: { type: "maximize", objectiveMetricName: "accuracy" }, algorithm: { algorithmName: "random" } },
};

const status = (code: number, reason: string, message: string, extra: Parameters<typeof sendStatus>[4] = {}): FaultHandler => (_req, res) =>
  sendStatus(res, code, reason, message, extra);
const plain = (handler: FaultHandler) => () => ({ handler });

/** The rows. */
export const FAULT_CASES: FaultCase[] = [
  {
    id: "401",
    fault: "401 Unauthorized (static token)",
    call: "get",
    server: plain(status(401, "Unauthorized", "Unauthorized")),
    expected: { name: "UnauthorizedError", code: "ERR_KUBE_UNAUTHORIZED", reason: "Unauthorized", requests: 1, retries: 0, hint: "kubectl create token" },
  },
  {
    id: "403",
    fault: "403 Forbidden (RBAC)",
    call: "get",
    server: plain(status(403, "Forbidden", 'experiments.kubeflow.org "matrix" is forbidden: User "system:serviceaccount:team-a:sdk" cannot get resource "experiments"')),
    expected: { name: "ForbiddenError", code: "ERR_KUBE_FORBIDDEN", reason: "Forbidden", requests: 1, retries: 0, hint: "kubectl auth can-i --list" },
  },
  {
    id: "404",
    fault: "404 NotFound (object)",
    call: "get",
    server: plain(status(404, "NotFound", 'experiments.kubeflow.org "matrix" not found', { details: { name: "matrix", group: "kubeflow.org", kind: "experiments" } })),
    expected: { name: "NotFoundError", code: "ERR_KUBE_NOT_FOUND", reason: "NotFound", requests: 1, retries: 0, hint: "Check the name and the namespace" },
  },
  {
    id: "404-crd",
    fault: "404 NotFound (resource type not served: CRD missing)",
    call: "get",
    server: plain(status(404, "NotFound", "the server could not find the requested resource")),
    expected: { name: "NotFoundError", code: "ERR_KUBE_NOT_FOUND", reason: "NotFound", requests: 1, retries: 0, hint: "kubectl api-resources --api-group=kubeflow.org" },
  },
  {
    id: "409-exists",
    fault: "409 AlreadyExists on create",
    call: "create",
    server: plain(status(409, "AlreadyExists", 'experiments.kubeflow.org "matrix" already exists', { details: { name: "matrix", kind: "experiments" } })),
    expected: { name: "AlreadyExistsError", code: "ERR_KUBE_ALREADY_EXISTS", reason: "AlreadyExists", requests: 1, retries: 0, hint: "generateName" },
  },
  {
    id: "409-conflict",
    fault: "409 Conflict on replace (stale resourceVersion)",
    call: "replace",
    server: plain(status(409, "Conflict", 'Operation cannot be fulfilled on experiments.kubeflow.org "matrix": the object has been modified')),
    expected: { name: "ConflictError", code: "ERR_KUBE_CONFLICT", reason: "Conflict", requests: 1, retries: 0, hint: "read it again and re-apply" },
  },
  {
    id: "410",
    fault: "410 Expired (resourceVersion compacted)",
    call: "get",
    server: plain(status(410, "Expired", "too old resource version: 1 (2045)")),
    expected: { name: "GoneError", code: "ERR_KUBE_GONE", reason: "Expired", requests: 1, retries: 0, hint: "list again and watch" },
  },
  {
    id: "422",
    fault: "422 Invalid on create, with causes",
    call: "create",
    server: plain(status(422, "Invalid", 'Experiment.kubeflow.org "matrix" is invalid: spec.objective.type: Unsupported value: "max"', {
      details: { name: "matrix", kind: "Experiment", causes: [{ reason: "FieldValueNotSupported", message: 'Unsupported value: "max"', field: "spec.objective.type" }] },
    })),
    expected: { name: "InvalidError", code: "ERR_KUBE_INVALID", reason: "Invalid", requests: 1, retries: 0, hint: "details.causes" },
  },
  {
    id: "429",
    fault: "429 TooManyRequests with Retry-After: 1",
    call: "get",
    server: plain(status(429, "TooManyRequests", "Too many requests, please try again later.", { headers: { "retry-after": "1" }, details: { retryAfterSeconds: 1 } })),
    // The cap must allow the server's 1 s, so that the case shows Retry-After being honoured.
    options: { retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 1_500 } },
    expected: { name: "TooManyRequestsError", code: "ERR_KUBE_TOO_MANY_REQUESTS", reason: "TooManyRequests", requests: 3, retries: 2, hint: "the server asked to wait 1 s" },
    minElapsedMs: 1_900,
  },
  {
    id: "500",
    fault: "500 InternalError",
    call: "get",
    server: plain(status(500, "InternalError", "Internal error occurred: etcdserver: request timed out")),
    expected: { name: "ServerError", code: "ERR_KUBE_SERVER", reason: "InternalError", requests: 3, retries: 2, hint: "check the apiserver logs" },
  },
  {
    id: "503",
    fault: "503 ServiceUnavailable",
    call: "get",
    server: plain(status(503, "ServiceUnavailable", "the server is currently unable to handle the request")),
    expected: { name: "ServerError", code: "ERR_KUBE_SERVER", reason: "ServiceUnavailable", requests: 3, retries: 2, hint: "retried automatically" },
  },
  {
    id: "conn-refused",
    fault: "connection refused (nothing listens)",
    call: "get",
    expected: { name: "ConnectionError", code: "ERR_KUBE_CONNECTION", connectionReason: "refused", requests: 0, retries: 2, hint: "Check the server URL" },
  },
  {
    id: "reset-before-body",
    fault: "connection reset before the response (after the request arrived)",
    call: "get",
    server: plain((req) => req.socket.resetAndDestroy()),
    expected: { name: "ConnectionError", code: "ERR_KUBE_CONNECTION", connectionReason: "reset", requests: 3, retries: 2, hint: "Check the server URL" },
  },
  {
    id: "reset-during-body",
    fault: "connection reset in the middle of the body",
    call: "get",
    server: plain((_req, res, tools) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "4000" });
      res.write('{"apiVersion":"kubeflow.org/v1beta1","kind":"Experiment","metadata":{"name":"mat');
      tools.later(() => res.socket?.resetAndDestroy(), 20);
    }),
    expected: { name: "ConnectionError", code: "ERR_KUBE_CONNECTION", connectionReason: "reset", requests: 3, retries: 2, hint: "Check the server URL" },
  },
  {
    id: "truncated-json",
    fault: "200 with truncated JSON (complete HTTP framing)",
    call: "get",
    server: plain((_req, res) => sendText(res, 200, "application/json", '{"apiVersion":"kubeflow.org/v1beta1","kind":"Experiment","metadata":{"name":"mat')),
    expected: { name: "NetworkError", code: "ERR_KUBE_BAD_RESPONSE", requests: 1, retries: 0, hint: "proxy, gateway or login page" },
  },
  {
    id: "html-502",
    fault: "502 HTML error page from a proxy",
    call: "get",
    server: plain((_req, res) => sendText(res, 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>")),
    expected: { name: "ServerError", code: "ERR_KUBE_SERVER", reason: "InternalError", requests: 3, retries: 2, hint: "proxy or load balancer" },
  },
  {
    id: "html-200",
    fault: "200 HTML login page from a proxy",
    call: "get",
    server: plain((_req, res) => sendText(res, 200, "text/html; charset=utf-8", "<!doctype html><html><body><form action=/login>Sign in</form></body></html>")),
    expected: { name: "NetworkError", code: "ERR_KUBE_BAD_RESPONSE", requests: 1, retries: 0, hint: "proxy, gateway or login page" },
  },
  {
    id: "slow",
    fault: `server slower than the request timeout (${MATRIX_TIMEOUT_MS} ms)`,
    call: "get",
    server: plain((_req, res, tools) => tools.later(() => sendText(res, 200, "application/json", "{}"), 3_000)),
    expected: { name: "TimeoutError", code: "ERR_KUBE_TIMEOUT", requests: 1, retries: 0, hint: "raise `timeoutMs`" },
  },
  {
    id: "tls-unknown-ca",
    fault: "TLS: server certificate from an unknown CA",
    call: "get",
    server: (pki) => ({ handler: status(200, "", ""), tls: pki.unknownCa }),
    expected: { name: "TlsError", code: "ERR_KUBE_TLS", tlsReason: "unknown-ca", requests: 0, retries: 0, hint: "set `certificateAuthority`" },
  },
  {
    id: "tls-hostname",
    fault: "TLS: certificate for another host name",
    call: "get",
    server: (pki) => ({ handler: status(200, "", ""), tls: pki.otherName }),
    expected: { name: "TlsError", code: "ERR_KUBE_TLS", tlsReason: "hostname-mismatch", requests: 0, retries: 0, hint: "tlsServerName" },
  },
  {
    id: "tls-expired",
    fault: "TLS: expired server certificate",
    call: "get",
    server: (pki) => ({ handler: status(200, "", ""), tls: pki.expired }),
    expected: { name: "TlsError", code: "ERR_KUBE_TLS", tlsReason: "expired", requests: 0, retries: 0, hint: "has expired" },
  },
];

/** Runs one case end to end and reports what happened; throws only if the case hangs or does not fail. */
export async function runFaultCase(c: FaultCase, pki: MatrixPki): Promise<FaultResult> {
  const spec = c.server?.(pki);
  const server: FaultServer | undefined = spec === undefined ? undefined : await startFaultServer(spec.handler, spec.tls);
  const url = server?.url ?? `http://127.0.0.1:${await closedPort()}`;
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields === undefined ? "" : JSON.stringify(fields)}`);
  };
  const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  const katib = new KatibClient({
    server: url,
    token: MATRIX_TOKEN,
    namespace: "team-a",
    ...(url.startsWith("https:") ? { certificateAuthorityData: pki.root.cert } : {}),
    retry: MATRIX_RETRY,
    timeoutMs: MATRIX_TIMEOUT_MS,
    logger,
    ...c.options,
  });
  const started = performance.now();
  let error: unknown;
  try {
    const call =
      c.call === "create"
        ? katib.createExperiment(EXPERIMENT)
        : c.call === "replace"
          ? katib.experiments.replace({ ...EXPERIMENT, metadata: { name: "matrix", resourceVersion: "1" } })
          : katib.getExperiment("matrix");
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`case ${c.id} did not settle within ${CASE_BOUND_MS} ms`)), CASE_BOUND_MS);
    });
    try {
      await Promise.race([call, bound]);
    } finally {
      clearTimeout(timer);
    }
    throw new Error(`case ${c.id}: the call succeeded`);
  } catch (caught) {
    error = caught;
  }
  const elapsedMs = Math.round(performance.now() - started);
  await katib.close();
  // The server sees the client's sockets close; give the FINs a moment to arrive.
  let openSocketsAfterClose = server?.openSockets() ?? 0;
  for (let i = 0; i < 50 && openSocketsAfterClose > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    openSocketsAfterClose = server?.openSockets() ?? 0;
  }
  const requests = server?.requests() ?? 0;
  await server?.close();
  if (/did not settle|the call succeeded/.test(String((error as Error)?.message))) throw error;
  const e = error as Record<string, unknown> & Error;
  return {
    id: c.id,
    name: e.name,
    code: String(e["code"]),
    ...(typeof e["status"] === "number" ? { status: e["status"] } : {}),
    ...(typeof e["reason"] === "string" ? { reason: e["reason"] } : {}),
    ...(typeof e["tlsReason"] === "string" ? { tlsReason: e["tlsReason"] } : {}),
    ...(typeof e["connectionReason"] === "string" ? { connectionReason: e["connectionReason"] } : {}),
    hint: typeof e["hint"] === "string" ? e["hint"] : undefined,
    message: e.message,
    requests,
    retries: lines.filter((l) => /^debug retry \d+\/\d+ of /.test(l)).length,
    elapsedMs,
    openSocketsAfterClose,
    leakText: [e.message, e.stack ?? "", safeJson(e), lines.join("\n")].join("\n"),
  };
}

/** Runs every case in order; `onResult` sees each as it completes. */
export async function runFaultMatrix(onResult: (result: FaultResult) => void = () => {}): Promise<FaultResult[]> {
  const pki = new TestPki();
  try {
    const certs = createMatrixPki(pki);
    const results: FaultResult[] = [];
    for (const c of FAULT_CASES) {
      const result = await runFaultCase(c, certs);
      results.push(result);
      onResult(result);
    }
    return results;
  } finally {
    pki.dispose();
  }
}

/** Differences between a result and its case's expectations (empty when it matches). */
export function mismatches(c: FaultCase, r: FaultResult): string[] {
  const out: string[] = [];
  const want = c.expected;
  const check = (what: string, actual: unknown, expected: unknown): void => {
    if (expected !== undefined && actual !== expected) out.push(`${what}: expected ${String(expected)}, got ${String(actual)}`);
  };
  check("name", r.name, want.name);
  check("code", r.code, want.code);
  check("reason", r.reason, want.reason);
  check("tlsReason", r.tlsReason, want.tlsReason);
  check("connectionReason", r.connectionReason, want.connectionReason);
  check("requests", r.requests, want.requests);
  check("retries", r.retries, want.retries);
  check("open sockets after close", r.openSocketsAfterClose, 0);
  if (r.hint === undefined || !r.hint.includes(want.hint)) out.push(`hint: expected to contain "${want.hint}", got ${JSON.stringify(r.hint)}`);
  if (r.hint !== undefined && !r.message.includes(r.hint)) out.push("the message does not include the hint");
  if (r.elapsedMs > CASE_BOUND_MS) out.push(`took ${r.elapsedMs} ms`);
  if (c.minElapsedMs !== undefined && r.elapsedMs < c.minElapsedMs) out.push(`took ${r.elapsedMs} ms, expected at least ${c.minElapsedMs} (Retry-After ignored?)`);
  if (r.leakText.includes(MATRIX_TOKEN)) out.push("the token appears in the error or the logs");
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
