// transport.fetch as openapi-fetch's request layer, and transport.stream, against a real local server.
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { NotFoundError, GoneError } from "../../src/transport/errors.ts";
import { TimeoutError } from "../../src/transport/network-errors.ts";
import { PatchContentType } from "../../src/transport/patch-content-type.ts";
import { toApiError } from "../../src/transport/to-api-error.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { sendJson, startServer, statusBody, type LocalServer } from "./helpers/local-server.ts";

const TOKEN = "fetch-stream-token-0123456789";
const PATH = "/apis/kubeflow.org/v1beta1/namespaces/team/experiments";
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});
async function setup(handler: Parameters<typeof startServer>[0], options: Parameters<typeof createTransport>[1] = {}): Promise<{ server: LocalServer; transport: Transport }> {
  const server = await startServer(handler);
  const transport = createTransport(tokenConfig(server.url, TOKEN), { retry: false, ...options });
  cleanup.push(() => transport.close(), () => server.close());
  return { server, transport };
}

// The slice of an OpenAPI document openapi-fetch needs for these calls.
interface Paths {
  "/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments": {
    get: { parameters: { path: { namespace: string }; query?: { limit?: number } }; responses: { 200: { content: { "application/json": { items: Array<{ metadata: { name: string } }> } } }; 404: { content: { "application/json": unknown } } } };
    post: { parameters: { path: { namespace: string } }; requestBody: { content: { "application/json": { metadata: { name: string } } } }; responses: { 201: { content: { "application/json": { metadata: { name: string } } } } } };
  };
}

describe("fetch", () => {
  it("serves openapi-fetch: GET with query, POST with a JSON body, auth and user agent added", async () => {
    const { server, transport } = await setup((req, res, seen) => {
      if (req.method === "POST") sendJson(res, 201, JSON.parse(seen.body));
      else sendJson(res, 200, { items: [{ metadata: { name: "e1" } }] });
    });
    const client = createClient<Paths>({ baseUrl: transport.server, fetch: transport.fetch });
    const list = await client.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments", { params: { path: { namespace: "team" }, query: { limit: 5 } } });
    expect(list.data?.items[0]?.metadata.name).toBe("e1");
    const created = await client.POST("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments", { params: { path: { namespace: "team" } }, body: { metadata: { name: "e2" } } });
    expect(created.response.status).toBe(201);
    expect(created.data?.metadata.name).toBe("e2");
    expect(server.requests[0]?.url).toBe(`${PATH}?limit=5`);
    expect(server.requests[1]?.headers["content-type"]).toBe("application/json");
    expect(server.requests.every((r) => r.headers["authorization"] === `Bearer ${TOKEN}` && r.headers["user-agent"]?.startsWith("kubeflow-ts/"))).toBe(true);
  });

  it("returns non-2xx answers as responses; toApiError turns openapi-fetch's error into the typed error", async () => {
    const { transport } = await setup((_req, res) => sendJson(res, 404, statusBody(404, "NotFound", "namespaces \"team\" not found")));
    const client = createClient<Paths>({ baseUrl: transport.server, fetch: transport.fetch });
    const { error, response } = await client.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments", { params: { path: { namespace: "team" } } });
    const err = toApiError(response.status, error, response.headers, { method: "GET", url: response.url });
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.url).toBe(`${transport.server}${PATH}`);
  });

  it("accepts a path with init, a URL object, a 204 and a HEAD without body", async () => {
    const { transport } = await setup((req, res) => {
      res.writeHead(req.method === "HEAD" ? 200 : 204, { "x-custom": "1" }).end();
    });
    const deleted = await transport.fetch(`${PATH}/e1`, { method: "DELETE", headers: { "content-type": PatchContentType.merge } });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    const head = await transport.fetch(new URL(`${transport.server}${PATH}`), { method: "HEAD" });
    expect(head.headers.get("x-custom")).toBe("1");
  });

  it("streams a watch (watch=true) instead of buffering it", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`${JSON.stringify({ type: "ADDED", object: { metadata: { name: "a" } } })}\n`);
      // The stream stays open: a buffering fetch would never resolve.
    });
    const res = await transport.fetch(`${transport.server}${PATH}?watch=true`);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('"ADDED"');
    await reader.cancel();
  });
});

describe("request", () => {
  it("sends patches with the caller's content type and returns parsed JSON", async () => {
    const { server, transport } = await setup((_req, res) => sendJson(res, 200, { metadata: { name: "e1", labels: { a: "b" } } }));
    const res = await transport.request<{ metadata: { labels: Record<string, string> } }>({
      method: "PATCH",
      path: `${PATH}/e1`,
      body: { metadata: { labels: { a: "b" } } },
      contentType: PatchContentType.merge,
      query: { fieldManager: "kubeflow-ts", dryRun: ["All"] },
    });
    expect(res.body.metadata.labels).toEqual({ a: "b" });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(server.requests[0]).toMatchObject({ method: "PATCH", url: `${PATH}/e1?fieldManager=kubeflow-ts&dryRun=All` });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/merge-patch+json");
  });

  it("returns text for non-JSON answers and undefined for empty ones", async () => {
    const { transport } = await setup((req, res) => {
      if (req.url?.endsWith("/log")) res.writeHead(200, { "content-type": "text/plain" }).end("epoch 1\nepoch 2\n");
      else res.writeHead(200).end();
    });
    expect((await transport.request({ method: "GET", path: "/api/v1/namespaces/team/pods/p/log" })).body).toBe("epoch 1\nepoch 2\n");
    expect((await transport.request({ method: "DELETE", path: `${PATH}/e1` })).body).toBeUndefined();
  });
});

describe("stream", () => {
  it("yields lines as they arrive, across chunk boundaries", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED","object":{"n":1}}\n{"type":"MOD');
      setTimeout(() => res.end('IFIED","object":{"n":2}}\n'), 20);
    });
    const lines: unknown[] = [];
    for await (const line of await transport.stream({ path: PATH, query: { watch: true } })) lines.push(JSON.parse(line));
    expect(lines).toEqual([{ type: "ADDED", object: { n: 1 } }, { type: "MODIFIED", object: { n: 2 } }]);
  });

  it("fails with TimeoutError when the stream is idle longer than idleTimeoutMs", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200);
      res.write("first\n");
    });
    const lines: string[] = [];
    const err = await (async () => {
      for await (const line of await transport.stream({ path: PATH, idleTimeoutMs: 200 })) lines.push(line);
    })().catch((e: unknown) => e);
    expect(lines).toEqual(["first"]);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 200 });
  });

  it("throws the typed error for a non-2xx answer", async () => {
    const { transport } = await setup((_req, res) => sendJson(res, 410, statusBody(410, "Expired", "too old resource version")));
    await expect(transport.stream({ path: PATH, query: { watch: 1, resourceVersion: "1" } })).rejects.toBeInstanceOf(GoneError);
  });

  it("stops when the signal aborts, and closes the connection when the consumer breaks", async () => {
    const { server, transport } = await setup((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("tick\n"), 10);
      res.on("close", () => clearInterval(timer));
    });
    const controller = new AbortController();
    const aborted = (async () => {
      for await (const _ of await transport.stream({ path: PATH, signal: controller.signal })) controller.abort(new Error("enough"));
    })();
    await expect(aborted).rejects.toThrow("enough");
    let count = 0;
    for await (const _ of await transport.stream({ path: PATH })) if (++count === 3) break;
    expect(count).toBe(3);
    expect(server.requests).toHaveLength(2);
  });
});
