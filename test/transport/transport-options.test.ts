import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClusterConfig } from "../../src/config/cluster-config.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { defaultUserAgent } from "../../src/transport/user-agent.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { sendJson, startServer, type LocalServer } from "./helpers/local-server.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
  vi.restoreAllMocks();
});
async function serve(): Promise<LocalServer> {
  const server = await startServer((_q, r) => sendJson(r, 200, { ok: true }, { warning: '299 - "deprecated"' }));
  cleanup.push(() => server.close());
  return server;
}
function open(config: ClusterConfig, options: Parameters<typeof createTransport>[1] = {}): Transport {
  const transport = createTransport(config, options);
  cleanup.push(() => transport.close());
  return transport;
}

describe("createTransport", () => {
  it("refuses a bearer token over plain http to a non-loopback host", () => {
    expect(() => createTransport(tokenConfig("http://api.example.com", "plain-http-token-value"))).toThrow(ConfigError);
    expect(() => createTransport(tokenConfig("http://api.example.com", "plain-http-token-value", { allowInsecureHttp: true }))).not.toThrow();
  });

  it("exposes server and namespace", () => {
    const transport = open(tokenConfig("https://k.example", "t0ken-value", { namespace: "team" }));
    expect(transport.server).toBe("https://k.example");
    expect(transport.namespace).toBe("team");
  });

  it("the user agent carries the package version and the Node version", () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(defaultUserAgent()).toBe(`kubeflow-ts/${version} (node ${process.version})`);
  });

  it("a custom userAgent replaces the default", async () => {
    const server = await serve();
    await open(tokenConfig(server.url, "t0ken-value"), { userAgent: "my-pipeline/1.0" }).request({ method: "GET", path: "/x" });
    expect(server.requests[0]?.headers["user-agent"]).toBe("my-pipeline/1.0");
  });

  it("without a logger: warnings go to stderr, debug lines only with KUBEFLOW_TS_DEBUG=1", async () => {
    const server = await serve();
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    await open(tokenConfig(server.url, "t0ken-value"), { env: {} }).request({ method: "GET", path: "/quiet" });
    expect(written).toEqual(["kubeflow-ts warn: server warning: deprecated\n"]);
    written.length = 0;
    await open(tokenConfig(server.url, "t0ken-value"), { env: { KUBEFLOW_TS_DEBUG: "1" } }).request({ method: "GET", path: "/loud" });
    expect(written.some((l) => /^kubeflow-ts debug: GET http:\/\/127\.0\.0\.1:\d+\/loud 200 \d+ ms/.test(l))).toBe(true);
  });

  it("a logger that throws does not fail the request", async () => {
    const server = await serve();
    const broken = { debug: () => { throw new Error("sink down"); }, warn: () => { throw new Error("sink down"); } };
    await expect(open(tokenConfig(server.url, "t0ken-value"), { logger: broken }).request({ method: "GET", path: "/x" })).resolves.toMatchObject({ status: 200 });
  });

  it("close() closes the connections; later calls fail clearly", async () => {
    const server = await serve();
    const transport = createTransport(tokenConfig(server.url, "t0ken-value"));
    await transport.request({ method: "GET", path: "/x" });
    await transport.close();
    await expect(transport.request({ method: "GET", path: "/x" })).rejects.toThrow(/transport for .* is closed/);
  });
});
