// With debug logging on, drive every path that logs or throws (API errors, retries, warnings, timeouts,
// connection and TLS failures, token files, exec plugins) with servers that even echo the token back, and
// check that the token appears in no log line, message, stack, JSON.stringify or util.inspect output.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ClusterConfig } from "../../src/config/cluster-config.ts";
import { loadClusterConfig } from "../../src/config/load-cluster-config.ts";
import { SecretValue } from "../../src/config/secret-value.ts";
import { createTransport, type Transport, type TransportOptions } from "../../src/transport/transport.ts";
import { TestPki } from "../support/tls/generate-certificates.ts";
import { createCaptureLogger } from "./helpers/capture-logger.ts";
import { closedPort, sendJson, startServer, statusBody, type LocalServer } from "./helpers/local-server.ts";

const TOKEN = "s3cr3t-opaque-token-DO-NOT-LEAK";
const EXEC_TOKEN = "exec-issued-token-DO-NOT-LEAK";
const KEY_MATERIAL = "client-key-material-DO-NOT-LEAK";
const SECRETS = [TOKEN, EXEC_TOKEN, KEY_MATERIAL];

let dir: string;
let echo: LocalServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-redaction-"));
  // A server that puts the Authorization header it received into its messages, headers and warnings.
  echo = await startServer((req, res) => {
    const auth = req.headers["authorization"] ?? "";
    const headers = { warning: `299 - "you sent ${auth}"`, "retry-after": "0" };
    const status = Number(/status=(\d+)/.exec(req.url ?? "")?.[1] ?? 200);
    if (req.url?.includes("slow")) return void setTimeout(() => sendJson(res, 200, {}), 1_000);
    if (req.url?.includes("html")) {
      res.writeHead(status, { "content-type": "text/html", ...headers }).end(`<html><body>bad ${auth}</body></html>`);
      return;
    }
    sendJson(res, status, statusBody(status, "Whatever", `rejected credential ${auth}`), headers);
  });
});
afterAll(async () => {
  await echo.close();
  rmSync(dir, { recursive: true, force: true });
});

function assertClean(label: string, text: string): void {
  for (const secret of SECRETS) expect(text, `${label} leaks a secret`).not.toContain(secret);
}
function assertErrorClean(err: unknown): void {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  assertClean("message", e.message);
  assertClean("stack", e.stack ?? "");
  assertClean("JSON", JSON.stringify(e));
  assertClean("inspect", inspect(e, { depth: 10, showHidden: true }));
  assertClean("String", String(e));
}

async function exercise(transport: Transport, paths: string[]): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const path of paths) {
    for (const method of ["GET", "POST"]) {
      await transport.request({ method, path, body: method === "POST" ? { token: "x" } : undefined }).catch((e: unknown) => errors.push(e));
    }
    await transport.fetch(`${transport.server}${path}`).catch((e: unknown) => errors.push(e));
  }
  return errors;
}
const PATHS = ["/status=401", "/status=403", "/status=404", "/status=422", "/status=500", "/status=503", "/html/status=502", "/status=200", "/slow"];
const options = (logger: TransportOptions["logger"]): TransportOptions => ({ logger, timeoutMs: 200, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });

describe("no secret escapes", () => {
  it("static token: API errors, retries, warnings, timeouts", async () => {
    const logger = createCaptureLogger();
    const config = await loadClusterConfig({ server: echo.url, token: TOKEN }, { env: {} });
    const transport = createTransport(config, options(logger));
    const errors = await exercise(transport, PATHS);
    await transport.close();
    expect(errors.length).toBeGreaterThanOrEqual(12);
    expect(logger.lines.length).toBeGreaterThan(20);
    expect(logger.messages("warn").some((m) => m.startsWith("server warning: you sent Bearer [REDACTED]"))).toBe(true);
    for (const err of errors) assertErrorClean(err);
    assertClean("logs", logger.text());
    assertClean("config", JSON.stringify(config) + inspect(config, { depth: 10, showHidden: true }));
    assertClean("transport", inspect(transport, { depth: 10, showHidden: true }));
  });

  it("connection, TLS and client-key paths", async () => {
    const logger = createCaptureLogger();
    const pki = new TestPki();
    const root = pki.createRoot("redaction-root");
    const leaf = pki.issue(pki.createRoot("other"), { commonName: "x", altNames: ["IP:127.0.0.1"] });
    const tlsServer = await startServer((_q, r) => sendJson(r, 200, {}), { cert: leaf.cert, key: leaf.key });
    const key = `-----BEGIN PRIVATE KEY-----\n${KEY_MATERIAL}\n-----END PRIVATE KEY-----\n`;
    const configs: ClusterConfig[] = [
      await loadClusterConfig({ server: `http://127.0.0.1:${await closedPort()}`, token: TOKEN }, { env: {} }),
      await loadClusterConfig({ server: tlsServer.url, token: TOKEN, certificateAuthorityData: root.cert }, { env: {} }),
      { ...(await loadClusterConfig({ server: "https://127.0.0.1:1", token: TOKEN }, { env: {} })), tls: { insecureSkipTlsVerify: false, clientCertificateData: root.cert, clientKeyData: new SecretValue(key) } },
    ];
    const errors: unknown[] = [];
    for (const config of configs) {
      const transport = createTransport(config, options(logger));
      await transport.request({ method: "GET", path: "/version" }).catch((e: unknown) => errors.push(e));
      assertClean("config", JSON.stringify(config) + inspect(config, { depth: 10, showHidden: true }));
      await transport.close();
    }
    await tlsServer.close();
    pki.dispose();
    expect(errors).toHaveLength(3);
    for (const err of errors) assertErrorClean(err);
    assertClean("logs", logger.text());
  });

  it("token file and exec plugin (which prints its token on stderr), through the KUBEFLOW_TS_DEBUG stderr logger", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const tokenFile = join(dir, "token");
      writeFileSync(tokenFile, TOKEN);
      const plugin = join(dir, "leaky-plugin");
      writeFileSync(plugin, `#!/usr/bin/env node
process.stderr.write("issuing ${EXEC_TOKEN}\\n");
process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: "${EXEC_TOKEN}" } }));
`);
      chmodSync(plugin, 0o755);
      const env = { KUBEFLOW_TS_DEBUG: "1" };
      const fileConfig = await loadClusterConfig({ server: echo.url, tokenFile }, { env: {} });
      const execConfig: ClusterConfig = { ...fileConfig, auth: { type: "exec", exec: { command: plugin, args: [], env: [], apiVersion: "client.authentication.k8s.io/v1", provideClusterInfo: false } } };
      const errors: unknown[] = [];
      for (const config of [fileConfig, execConfig]) {
        const transport = createTransport(config, { ...options(undefined), env });
        errors.push(...(await exercise(transport, ["/status=401", "/status=403", "/status=503", "/slow"])));
        await transport.close();
      }
      expect(written.some((line) => line.startsWith("kubeflow-ts debug: GET "))).toBe(true);
      expect(written.some((line) => line.includes("issuing [REDACTED]"))).toBe(true);
      expect(errors.length).toBeGreaterThanOrEqual(10);
      for (const err of errors) assertErrorClean(err);
      assertClean("stderr", written.join(""));
    } finally {
      spy.mockRestore();
    }
  });
});
