// Failures without a complete response. Real local servers where the fault can be produced for real (reset
// mid-body, a slow answer, a refused port); undici's MockAgent, injected as the dispatcher, for errors a
// loopback server cannot produce on demand (a refused connect followed by success on the same URL). nock is
// not used here: its replyWithError() leaves undici requests hanging.
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, TimeoutError } from "../../src/transport/network-errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { createCaptureLogger } from "./helpers/capture-logger.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { closedPort, sendJson, startServer, type LocalServer } from "./helpers/local-server.ts";

const TOKEN = "connection-test-token-abcdef";
const FAST_RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

function open(server: string, options: Parameters<typeof createTransport>[1] = {}): Transport {
  const transport = createTransport(tokenConfig(server, TOKEN), { retry: FAST_RETRY, ...options });
  cleanup.push(() => transport.close());
  return transport;
}
async function serve(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const server = await startServer(handler);
  cleanup.push(() => server.close());
  return server;
}
/** Answers the first request with headers and half a body, then resets the connection; later ones normally. */
async function resetOnFirst(): Promise<LocalServer> {
  let first = true;
  return serve((_req, res) => {
    if (!first) return sendJson(res, 200, { ok: true });
    first = false;
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"items":[');
    setTimeout(() => res.socket?.resetAndDestroy(), 20);
  });
}

describe("connection failures", () => {
  it("reset mid-body on GET: retried, and the second answer returned", async () => {
    const server = await resetOnFirst();
    const res = await open(server.url).request({ method: "GET", path: "/api/v1/pods" });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("reset mid-body on POST: not retried (the server got it), ConnectionError reset", async () => {
    const server = await resetOnFirst();
    const err = await open(server.url).request({ method: "POST", path: "/api/v1/pods", body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ connectionReason: "reset", code: "ERR_KUBE_CONNECTION" });
    expect(server.requests).toHaveLength(1);
  });

  it("a response slower than timeoutMs → TimeoutError (not retried)", async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => sendJson(res, 200, {}), 2_000);
    });
    const err = await open(server.url, { timeoutMs: 100 }).request({ method: "GET", path: "/slow" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 100, code: "ERR_KUBE_TIMEOUT" });
    expect(server.requests).toHaveLength(1);
  });

  it("a TLS handshake that never completes fails at timeoutMs, not at undici's 10 s connect timeout (JSON and streams)", async () => {
    // Accepts TCP and says nothing: the client's ClientHello goes unanswered, as behind a black-holing proxy.
    const silent = createNetServer(() => {});
    const sockets: Socket[] = [];
    silent.on("connection", (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanup.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const transport = open(`https://127.0.0.1:${(silent.address() as AddressInfo).port}`, { timeoutMs: 300, retry: false });
    for (const call of [() => transport.request({ method: "GET", path: "/version" }), () => transport.stream({ path: "/api/v1/pods", query: { watch: true } })]) {
      const started = performance.now();
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it("a per-call timeoutMs overrides the client's", async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => sendJson(res, 200, { late: true }), 300);
    });
    const transport = open(server.url, { timeoutMs: 50 });
    await expect(transport.request({ method: "GET", path: "/x", timeoutMs: 5_000 })).resolves.toMatchObject({ body: { late: true } });
  });

  it("a refused port → ConnectionError refused with the server-URL hint, after the retries", async () => {
    const port = await closedPort();
    const logger = createCaptureLogger();
    const err = await open(`http://127.0.0.1:${port}`, { logger }).request({ method: "GET", path: "/version" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ connectionReason: "refused", errno: "ECONNREFUSED" });
    expect((err as Error).message).toContain("kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'");
    expect(logger.messages("debug").filter((m) => m.startsWith("retry "))).toHaveLength(2);
  });
});

describe("connect errors through an injected MockAgent", () => {
  function mockServer(): { agent: MockAgent; pool: ReturnType<MockAgent["get"]> } {
    const agent = new MockAgent();
    agent.disableNetConnect();
    cleanup.push(() => agent.close());
    return { agent, pool: agent.get("https://kube.example:6443") };
  }
  const refused = (): Error => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6443"), { code: "ECONNREFUSED" });

  it("POST is retried when the connection was refused (it never reached the server)", async () => {
    const { agent, pool } = mockServer();
    pool.intercept({ path: "/apis/kubeflow.org/v1beta1/namespaces/a/experiments", method: "POST" }).replyWithError(refused());
    pool.intercept({ path: "/apis/kubeflow.org/v1beta1/namespaces/a/experiments", method: "POST" }).reply(201, { metadata: { name: "e" } }, { headers: { "content-type": "application/json" } });
    const transport = open("https://kube.example:6443", { dispatcher: agent });
    const res = await transport.request({ method: "POST", path: "/apis/kubeflow.org/v1beta1/namespaces/a/experiments", body: { metadata: { name: "e" } } });
    expect(res).toMatchObject({ status: 201, body: { metadata: { name: "e" } } });
    agent.assertNoPendingInterceptors();
  });

  it("POST is not retried after a reset (the server may have acted)", async () => {
    const { agent, pool } = mockServer();
    pool.intercept({ path: "/x", method: "POST" }).replyWithError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    pool.intercept({ path: "/x", method: "POST" }).reply(201, {});
    const err = await open("https://kube.example:6443", { dispatcher: agent }).request({ method: "POST", path: "/x", body: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ connectionReason: "reset" });
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it("DNS failure is a ConnectionError dns", async () => {
    const { agent, pool } = mockServer();
    pool.intercept({ path: "/x", method: "GET" }).replyWithError(Object.assign(new Error("getaddrinfo ENOTFOUND kube.example"), { code: "ENOTFOUND" })).times(3);
    const err = await open("https://kube.example:6443", { dispatcher: agent }).request({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ connectionReason: "dns" });
  });
});
