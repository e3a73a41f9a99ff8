// Proxies: a real local CONNECT proxy and a real HTTPS server. The server URL uses the name kube.test, which
// only the proxy can resolve (it maps it to 127.0.0.1): a request that succeeds went through the tunnel, and
// one that bypasses the proxy fails with a DNS error.
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions } from "../../src/config/client-options.ts";
import { loadClusterConfig } from "../../src/config/load-cluster-config.ts";
import { ConnectionError, TlsError } from "../../src/transport/network-errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { TestPki, type IssuedCertificate } from "../support/tls/generate-certificates.ts";
import { startConnectProxy, type ConnectProxy } from "./helpers/connect-proxy.ts";
import { sendJson, startServer, type LocalServer } from "./helpers/local-server.ts";

const TOKEN = "proxy-test-token-0123456789";
let pki: TestPki;
let root: IssuedCertificate;
let server: LocalServer;
let proxy: ConnectProxy;
const transports: Transport[] = [];

beforeAll(async () => {
  pki = new TestPki();
  root = pki.createRoot("proxy-test-root");
  const leaf = pki.issue(root, { commonName: "kube.test", altNames: ["DNS:kube.test", "IP:127.0.0.1"] });
  server = await startServer((_req, res) => sendJson(res, 200, { ok: true }), { cert: leaf.cert, key: leaf.key });
  proxy = await startConnectProxy({ "kube.test": "127.0.0.1" });
});
afterAll(async () => {
  await server.close();
  await proxy.close();
  pki.dispose();
});
afterEach(async () => {
  for (const t of transports.splice(0)) await t.close();
  proxy.tunnels.length = 0;
  proxy.authorizations.length = 0;
});

async function call(options: ClientOptions, env: Record<string, string>): Promise<unknown> {
  const config = await loadClusterConfig({ token: TOKEN, certificateAuthorityData: root.cert, ...options }, { env });
  const transport = createTransport(config, { retry: false });
  transports.push(transport);
  return transport.request({ method: "GET", path: "/version" }).then((r) => r.body, (e: unknown) => e);
}
const kubeTest = () => `https://kube.test:${server.port}`;

describe("proxy from the environment", () => {
  it("HTTPS_PROXY: tunnels with CONNECT and verifies the server's certificate through it", async () => {
    await expect(call({ server: kubeTest() }, { HTTPS_PROXY: proxy.url })).resolves.toEqual({ ok: true });
    expect(proxy.tunnels).toEqual([`kube.test:${server.port}`]);
  });

  it("https_proxy (lower case) works too", async () => {
    await expect(call({ server: kubeTest() }, { https_proxy: proxy.url })).resolves.toEqual({ ok: true });
    expect(proxy.tunnels).toHaveLength(1);
  });

  it("the same TLS settings apply through the tunnel: a wrong CA fails with TlsError", async () => {
    const other = pki.createRoot("not-the-cluster-ca");
    const err = await call({ server: kubeTest(), certificateAuthorityData: other.cert }, { HTTPS_PROXY: proxy.url });
    expect(err).toBeInstanceOf(TlsError);
    expect(proxy.tunnels).toHaveLength(1);
  });

  for (const noProxy of [".test", "test", "kube.test", `kube.test:${0}`, "*"]) {
    it(`NO_PROXY=${noProxy} bypasses the proxy`, async () => {
      const value = noProxy.replace(":0", `:${server.port}`);
      const err = await call({ server: kubeTest() }, { HTTPS_PROXY: proxy.url, NO_PROXY: `example.com, ${value}` });
      // Direct: kube.test does not resolve here, which proves the proxy was not used.
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err).toMatchObject({ connectionReason: "dns" });
      expect(proxy.tunnels).toEqual([]);
    });
  }

  it("NO_PROXY with another port does not bypass", async () => {
    await expect(call({ server: kubeTest() }, { HTTPS_PROXY: proxy.url, no_proxy: "kube.test:1" })).resolves.toEqual({ ok: true });
    expect(proxy.tunnels).toHaveLength(1);
  });

  it("HTTP_PROXY alone is not used for an https server", async () => {
    const err = await call({ server: kubeTest() }, { HTTP_PROXY: proxy.url });
    expect(err).toMatchObject({ connectionReason: "dns" });
    expect(proxy.tunnels).toEqual([]);
  });

  it("loopback servers never use the environment proxy (as kubectl)", async () => {
    await expect(call({ server: server.url }, { HTTPS_PROXY: proxy.url })).resolves.toEqual({ ok: true });
    expect(proxy.tunnels).toEqual([]);
  });
});

describe("explicit proxyUrl (kubeconfig proxy-url)", () => {
  it("is used even for loopback and despite NO_PROXY, with credentials sent only to the proxy", async () => {
    const withCredentials = proxy.url.replace("http://", "http://proxy-user:proxy-p%40ss@");
    const config = await loadClusterConfig({ server: server.url, token: TOKEN, certificateAuthorityData: root.cert, proxyUrl: withCredentials }, { env: { NO_PROXY: "*" } });
    expect(JSON.stringify(config)).not.toContain("proxy-p");
    expect(inspect(config, { depth: 10 })).not.toContain("proxy-p");
    const transport = createTransport(config, { retry: false });
    transports.push(transport);
    await expect(transport.request({ method: "GET", path: "/version" })).resolves.toMatchObject({ body: { ok: true } });
    expect(proxy.tunnels).toEqual([`127.0.0.1:${server.port}`]);
    expect(proxy.authorizations).toEqual([`Basic ${Buffer.from("proxy-user:proxy-p@ss").toString("base64")}`]);
  });

  it("from a kubeconfig", async () => {
    const kubeconfig = pki.writeFile(
      "proxy-kubeconfig.yaml",
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{ name: k, cluster: { server: "${kubeTest()}", proxy-url: "${proxy.url}", certificate-authority: ${root.certFile} } }]
contexts: [{ name: c, context: { cluster: k, user: u } }]
users: [{ name: u, user: { token: ${TOKEN} } }]
`,
    );
    const config = await loadClusterConfig({ kubeconfig }, { env: {} });
    const transport = createTransport(config, { retry: false });
    transports.push(transport);
    await expect(transport.request({ method: "GET", path: "/version" })).resolves.toMatchObject({ status: 200 });
    expect(proxy.tunnels).toEqual([`kube.test:${server.port}`]);
  });
});
