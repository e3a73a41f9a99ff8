// TLS against real local HTTPS servers whose certificates the test makes with openssl (test/support/tls).
import { chmodSync } from "node:fs";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClusterConfig, type TlsConfig } from "../../src/config/cluster-config.ts";
import { loadClusterConfig } from "../../src/config/load-cluster-config.ts";
import { SecretValue } from "../../src/config/secret-value.ts";
import { ConnectionError, TlsError } from "../../src/transport/network-errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { TestPki, type IssuedCertificate } from "../support/tls/generate-certificates.ts";
import { createCaptureLogger, type CaptureLogger } from "./helpers/capture-logger.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { sendJson, startServer, type LocalServer } from "./helpers/local-server.ts";

const TOKEN = "tls-test-token-0123456789";
const SANS = ["DNS:localhost", "IP:127.0.0.1"];
let pki: TestPki;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(() => {
  pki = new TestPki();
  root = pki.createRoot("kube-root-ca");
  intermediate = pki.issue(root, { commonName: "kube-intermediate-ca", isCa: true });
  leaf = pki.issue(root, { commonName: "kube-apiserver", altNames: SANS });
});
afterAll(() => pki.dispose());
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function https(cert: string, key: string, extra: Record<string, unknown> = {}): Promise<LocalServer> {
  const server = await startServer((req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    sendJson(res, 200, { servername: (socket as unknown as { servername?: string }).servername ?? null, client: peer?.subject?.CN ?? null });
  }, { cert, key, ...extra });
  cleanup.push(() => server.close());
  return server;
}
function open(config: ClusterConfig, logger?: CaptureLogger): Transport {
  const transport = createTransport(config, { retry: false, ...(logger ? { logger } : {}) });
  cleanup.push(() => transport.close());
  return transport;
}
function withTls(server: string, tls: Partial<TlsConfig>): ClusterConfig {
  return tokenConfig(server, TOKEN, { tls: { insecureSkipTlsVerify: false, ...tls } });
}
const get = (t: Transport) => t.request<{ servername: string | null; client: string | null }>({ method: "GET", path: "/version" });

describe("server verification", () => {
  it("trusts a server signed by the configured CA, and reuses the connection", async () => {
    const server = await https(leaf.cert, leaf.key);
    const transport = open(withTls(server.url, { certificateAuthorityData: root.cert }));
    for (let i = 0; i < 5; i++) await get(transport);
    expect(server.requests).toHaveLength(5);
    // undici may open a second connection while the first is being released, but no more.
    expect(server.connections()).toBeLessThanOrEqual(2);
    expect(server.requests[0]?.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
  });

  it("reads the CA from a file and base64 data through loadClusterConfig", async () => {
    const server = await https(leaf.cert, leaf.key);
    const fromFile = await loadClusterConfig({ server: server.url, token: TOKEN, certificateAuthority: root.certFile }, { env: {} });
    const fromData = await loadClusterConfig({ server: server.url, token: TOKEN, certificateAuthorityData: Buffer.from(root.cert).toString("base64") }, { env: {} });
    await expect(get(open(fromFile))).resolves.toMatchObject({ status: 200 });
    await expect(get(open(fromData))).resolves.toMatchObject({ status: 200 });
  });

  it("verifies a chain with an intermediate the server sends", async () => {
    const chained = pki.issue(intermediate, { commonName: "kube-apiserver-chained", altNames: SANS });
    const server = await https(chained.cert + intermediate.cert, chained.key);
    await expect(get(open(withTls(server.url, { certificateAuthorityData: root.cert })))).resolves.toMatchObject({ status: 200 });
  });

  it("verifies with a CA bundle holding the intermediate when the server sends only its leaf", async () => {
    const chained = pki.issue(intermediate, { commonName: "kube-apiserver-leaf-only", altNames: SANS });
    const server = await https(chained.cert, chained.key);
    await expect(get(open(withTls(server.url, { certificateAuthorityData: root.cert })))).rejects.toBeInstanceOf(TlsError);
    await expect(get(open(withTls(server.url, { certificateAuthorityData: root.cert + intermediate.cert })))).resolves.toMatchObject({ status: 200 });
  });

  it("an unknown CA → TlsError unknown-ca with the certificateAuthority hint", async () => {
    const otherRoot = pki.createRoot("other-root-ca");
    const stranger = pki.issue(otherRoot, { commonName: "stranger", altNames: SANS });
    const server = await https(stranger.cert, stranger.key);
    const err = await get(open(withTls(server.url, { certificateAuthorityData: root.cert }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsError);
    expect(err).toMatchObject({ tlsReason: "unknown-ca", code: "ERR_KUBE_TLS" });
    expect((err as Error).message).toContain("set `certificateAuthority`");
    expect((err as Error).message).toContain(
      "kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.crt",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("a self-signed server certificate with no CA configured → unknown-ca", async () => {
    const self = pki.createRoot("127.0.0.1");
    const server = await https(self.cert, self.key);
    const err = await get(open(withTls(server.url, {}))).catch((e: unknown) => e);
    expect(err).toMatchObject({ tlsReason: "unknown-ca" });
  });

  it("a certificate for another name → hostname-mismatch; tlsServerName makes it verify and is sent as SNI", async () => {
    const other = pki.issue(root, { commonName: "api.internal", altNames: ["DNS:api.internal"] });
    const server = await https(other.cert, other.key);
    const err = await get(open(withTls(server.url, { certificateAuthorityData: root.cert }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsError);
    expect(err).toMatchObject({ tlsReason: "hostname-mismatch" });
    expect((err as Error).message).toContain("tlsServerName");
    const ok = await get(open(withTls(server.url, { certificateAuthorityData: root.cert, serverName: "api.internal" })));
    expect(ok.body.servername).toBe("api.internal");
  });

  it("an expired certificate → expired", async () => {
    const expired = pki.issue(root, { commonName: "expired", altNames: SANS, days: -1 });
    const server = await https(expired.cert, expired.key);
    const err = await get(open(withTls(server.url, { certificateAuthorityData: root.cert }))).catch((e: unknown) => e);
    expect(err).toMatchObject({ tlsReason: "expired", tlsCode: "CERT_HAS_EXPIRED" });
  });

  it("insecureSkipTlsVerify connects to an untrusted server and warns once per client", async () => {
    const otherRoot = pki.createRoot("untrusted-root");
    const stranger = pki.issue(otherRoot, { commonName: "stranger", altNames: ["DNS:nowhere.example"] });
    const server = await https(stranger.cert, stranger.key);
    const logger = createCaptureLogger();
    const transport = open(withTls(server.url, { insecureSkipTlsVerify: true }), logger);
    await get(transport);
    await get(transport);
    const warnings = logger.messages("warn").filter((m) => m.includes("verification is disabled"));
    expect(warnings).toHaveLength(1);
  });
});

describe("client certificates (mutual TLS)", () => {
  let clientRoot: IssuedCertificate;
  let client: IssuedCertificate;
  beforeAll(() => {
    clientRoot = pki.createRoot("kube-client-ca");
    client = pki.issue(clientRoot, { commonName: "kubeflow-admin", client: true });
  });
  const mtls = () => https(leaf.cert, leaf.key, { ca: clientRoot.cert, requestCert: true, rejectUnauthorized: true });

  it("presents the configured client certificate", async () => {
    const server = await mtls();
    const config = withTls(server.url, { certificateAuthorityData: root.cert, clientCertificateData: client.cert, clientKeyData: new SecretValue(client.key) });
    const res = await get(open({ ...config, auth: { type: "none" } }));
    expect(res.body.client).toBe("kubeflow-admin");
    expect(server.requests[0]?.headers["authorization"]).toBeUndefined();
  });

  it("loads client certificate files through loadClusterConfig", async () => {
    const server = await mtls();
    const config = await loadClusterConfig({ server: server.url, certificateAuthority: root.certFile, clientCertificate: client.certFile, clientKey: client.keyFile }, { env: {} });
    await expect(get(open(config))).resolves.toMatchObject({ body: { client: "kubeflow-admin" } });
  });

  it("uses a client certificate returned by an exec plugin", async () => {
    const server = await mtls();
    const plugin = pki.writeFile(
      "cert-plugin.mjs",
      `#!/usr/bin/env node
import { readFileSync } from "node:fs";
const status = { clientCertificateData: readFileSync(${JSON.stringify(client.certFile)}, "utf8"), clientKeyData: readFileSync(${JSON.stringify(client.keyFile)}, "utf8") };
process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential", status }));
`,
    );
    chmodSync(plugin, 0o755);
    const config: ClusterConfig = {
      ...withTls(server.url, { certificateAuthorityData: root.cert }),
      auth: { type: "exec", exec: { command: plugin, args: [], env: [], apiVersion: "client.authentication.k8s.io/v1beta1", provideClusterInfo: true } },
    };
    const res = await get(open(config));
    expect(res.body.client).toBe("kubeflow-admin");
    expect(server.requests[0]?.headers["authorization"]).toBeUndefined();
  });

  it("fails, hinting at client certificates, when the server requires one and none is configured", async () => {
    const server = await mtls();
    const err = await get(open(withTls(server.url, { certificateAuthorityData: root.cert }))).catch((e: unknown) => e);
    // TLS 1.3 finishes the client's side of the handshake before the server checks the certificate: the client
    // learns of it from the server's alert (certificate required) or, when the connection closes first, from the
    // closed connection; either way the hint names the cause.
    expect([TlsError, ConnectionError].some((type) => err instanceof type)).toBe(true);
    expect((err as Error).message).toContain("set `clientCertificate` and `clientKey`");
    expect(server.requests).toHaveLength(0);
  });
});
