// The caller's signal and the request timeout over a real server: what aborts, with which error, and that the
// caller's signal is let go of once a request or a stream is over (a watch reuses one signal across reconnects).
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { TimeoutError } from "../../src/transport/network-errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { sendJson, startServer, type Handler, type LocalServer } from "./helpers/local-server.ts";

const TOKEN = "signal-test-token-abcdef";
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(handler: Handler, timeoutMs = 5_000): Promise<{ server: LocalServer; transport: Transport }> {
  const server = await startServer(handler);
  const transport = createTransport(tokenConfig(server.url, TOKEN), { retry: false, timeoutMs });
  cleanup.push(() => transport.close(), () => server.close());
  return { server, transport };
}

describe("caller signal", () => {
  it("aborting mid-request rejects with the signal's reason, not a timeout", async () => {
    const { transport } = await setup(() => {}); // never answers
    const controller = new AbortController();
    const reason = new Error("user gave up");
    setTimeout(() => controller.abort(reason), 20);
    await expect(transport.request({ method: "GET", path: "/hang", signal: controller.signal })).rejects.toBe(reason);
  });

  it("an already aborted signal rejects with its reason and sends nothing", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 200, {}));
    const reason = new Error("too late");
    await expect(transport.request({ method: "GET", path: "/x", signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it("no listener stays on the caller's signal after requests, failed requests and closed streams", async () => {
    const { transport } = await setup((req, res) => {
      if (req.url?.startsWith("/stream")) {
        res.writeHead(200);
        res.end("a\nb\n");
      } else if (req.url?.startsWith("/missing")) sendJson(res, 404, { kind: "Status", code: 404, reason: "NotFound" });
      else sendJson(res, 200, { ok: true });
    });
    const signal = new AbortController().signal;
    for (let i = 0; i < 5; i++) await transport.request({ method: "GET", path: "/ok", signal });
    await transport.request({ method: "GET", path: "/missing", signal }).catch(() => undefined);
    for (let i = 0; i < 3; i++) for await (const _ of await transport.stream({ path: "/stream", signal })) void _;
    await new Promise((r) => setImmediate(r));
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });
});

describe("timeout", () => {
  it("covers the body too: headers in time but a body that trickles past timeoutMs is a TimeoutError", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"items":[');
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    }, 150);
    const err = await transport.request({ method: "GET", path: "/slow-body" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 150, code: "ERR_KUBE_TIMEOUT" });
  });

  it("timeoutMs 0 disables it", async () => {
    const { transport } = await setup((_req, res) => void setTimeout(() => sendJson(res, 200, { late: true }), 50), 0);
    await expect(transport.request({ method: "GET", path: "/x" })).resolves.toMatchObject({ body: { late: true } });
  });
});
