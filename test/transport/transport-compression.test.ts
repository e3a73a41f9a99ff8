// Answers read whole are asked for gzip-encoded (as client-go does) and decoded as they arrive; streams are not. Real
// local servers: what goes over the wire is the point.
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/transport/errors.ts";
import { NetworkError } from "../../src/transport/network-errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { startServer, statusBody, type LocalServer } from "./helpers/local-server.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const server = await startServer(handler);
  cleanup.push(() => server.close());
  return server;
}
function open(server: LocalServer): Transport {
  const transport = createTransport(tokenConfig(server.url, "compression-test-token"), { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  cleanup.push(() => transport.close());
  return transport;
}

/** A list as big as a real LIST's page and more: many chunks on the wire, several of zlib's output. */
const bigList = { kind: "ExperimentList", metadata: { resourceVersion: "7" }, items: Array.from({ length: 3000 }, (_, i) => ({ metadata: { name: `exp-${i}` }, spec: { maxTrialCount: i } })) };

/** Sends `body` gzip-encoded when the request accepts gzip, plain otherwise (as the apiserver does). */
function gzipIfAccepted(status: number, body: unknown): Parameters<typeof startServer>[0] {
  return (req, res) => {
    const json = Buffer.from(JSON.stringify(body));
    if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      res.writeHead(status, { "content-type": "application/json", "content-encoding": "gzip" });
      const gz = gzipSync(json);
      // In several writes, as a streamed answer arrives.
      for (let at = 0; at < gz.length; at += 4096) res.write(gz.subarray(at, at + 4096));
      res.end();
    } else {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(json);
    }
  };
}

describe("gzip-encoded answers", () => {
  it("request() asks for gzip and decodes the answer", async () => {
    const server = await serve(gzipIfAccepted(200, bigList));
    const res = await open(server).request<typeof bigList>({ method: "GET", path: "/apis/kubeflow.org/v1beta1/experiments" });
    expect(server.requests[0]?.headers["accept-encoding"]).toBe("gzip");
    expect(res.body).toEqual(bigList);
    // The body is handed on decoded: no header says otherwise.
    expect(res.headers.get("content-encoding")).toBeNull();
  });

  it("a plain answer to a request that accepted gzip is read as it is", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ kind: "Experiment" }));
    });
    expect((await open(server).request({ method: "GET", path: "/x" })).body).toEqual({ kind: "Experiment" });
  });

  it("a gzip-encoded error answer becomes the typed error with the server's message", async () => {
    const server = await serve(gzipIfAccepted(404, statusBody(404, "NotFound", 'experiments.kubeflow.org "nope" not found')));
    const err = await open(server).request({ method: "GET", path: "/apis/kubeflow.org/v1beta1/namespaces/ns/experiments/nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toContain('"nope" not found');
  });

  it("an empty answer labelled gzip is empty, not a truncated stream", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204, { "content-encoding": "gzip" });
      res.end();
    });
    expect((await open(server).request({ method: "DELETE", path: "/x" })).body).toBeUndefined();
  });

  it("a body that does not decode fails as a bad response, once (not retried)", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end("this is not gzip");
    });
    const err = await open(server).request({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: "ERR_KUBE_BAD_RESPONSE" });
    expect((err as Error).message).toContain("gzip-encoded answer does not decode");
    expect(server.requests).toHaveLength(1);
  });

  it("streams (watch, logs) and fetch() do not ask for gzip", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"type":"ADDED","object":{}}\n');
    });
    const transport = open(server);
    for await (const _line of await transport.stream({ path: "/w", query: { watch: true } })) break;
    await (await transport.fetch("/f")).text();
    expect(server.requests.map((r) => r.headers["accept-encoding"])).toEqual([undefined, undefined]);
  });
});
