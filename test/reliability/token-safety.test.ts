/**
 * Token safety: with every log line captured (a logger option here; stderr with KUBEFLOW_TS_DEBUG=1 in a child
 * process; the CLI's own output), every public path that logs or throws runs against a server that echoes the token
 * back, and the output, error messages, stacks, JSON and deep inspects are scanned for the tokens: zero hits. Also:
 * no bearer token over plain http to a non-loopback host unless `allowInsecureHttp`, and one warning per client for
 * disabled TLS verification.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MockAgent } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError, Connection, KatibClient, type ClientOptions } from "../../src/index.ts";
import { loadClusterConfig } from "../../src/transport/entry.ts";
import { ExecCredentialError } from "../../src/transport/auth/exec-credential-error.ts";
import { TestPki } from "../support/tls/generate-certificates.ts";
import { createCaptureLogger } from "../transport/helpers/capture-logger.ts";
import { startFaultServer, type FaultServer } from "./support/fault-server.ts";
import { ALL_TOKENS, EXEC_TOKEN, FILE_TOKENS, findTokens, renderError, runTokenScenarios, startEchoServer, STATIC_TOKEN } from "./token-safety-scenarios.ts";

/** Runs `node <script> ...args` with `env` added; resolves with its exit code and output. */
function runNode(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("no token in logs or errors", () => {
  test("in process, with a logger that captures everything", async () => {
    const logger = createCaptureLogger();
    const outcomes = await runTokenScenarios(logger);
    const byName = new Map(outcomes.map((o) => [o.scenario, o]));
    // The scenarios really went where they should (otherwise a clean scan would prove nothing).
    expect(byName.get("GET ok (static)")?.error).toBeUndefined();
    expect(byName.get("token file 401 → re-read")?.error).toBeUndefined();
    expect(byName.get("exec plugin ok")?.error).toBeUndefined();
    expect(byName.get("GET s403 (static)")?.error).toMatchObject({ name: "ForbiddenError" });
    expect(byName.get("GET s503 (static)")?.error).toMatchObject({ name: "ServerError" });
    expect(byName.get("watch ERROR")?.error).toMatchObject({ name: "ForbiddenError", status: 403 });
    expect(byName.get("exec plugin 401 → failing refresh")?.error).toBeInstanceOf(ExecCredentialError);
    expect(byName.get("TLS unknown CA")?.error).toMatchObject({ name: "TlsError" });
    for (const scenario of ["kubeconfig YAML error on the token line", "kubeconfig alias bomb", "server URL with credentials, unparsable", "bearer token over plain http"]) {
      expect(byName.get(scenario)?.error, scenario).toBeInstanceOf(ConfigError);
    }
    expect(logger.messages("debug").some((m) => m.startsWith("retry "))).toBe(true);
    expect(logger.messages("warn").some((m) => m.startsWith("exec plugin") && m.includes("[REDACTED]"))).toBe(true);

    const hits = outcomes.flatMap((o) => (o.error === undefined ? [] : findTokens(renderError(o.error)).map((t) => `${o.scenario}: ${t}`)));
    expect(hits).toEqual([]);
    expect(findTokens(logger.text())).toEqual([]);
    // The server did echo them: the scrubbing is what kept them out.
    expect(logger.text()).toContain("[REDACTED]");
  }, 60_000);

  test("in a child process with the default stderr logger and KUBEFLOW_TS_DEBUG=1", async () => {
    const script = fileURLToPath(new URL("./token-safety-child.ts", import.meta.url));
    const { code, stdout, stderr } = await runNode(script, [], { KUBEFLOW_TS_DEBUG: "1" });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/=== scenarios \d+/);
    expect(stderr).toMatch(/^kubeflow-ts debug: GET http/m);
    expect(stderr).toMatch(/^kubeflow-ts warn: exec plugin .*\[REDACTED\]/m);
    expect(findTokens(stdout)).toEqual([]);
    expect(findTokens(stderr)).toEqual([]);
  }, 60_000);

  const cli = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
  describe.skipIf(!existsSync(cli))("the kfts CLI", () => {
    let echo: FaultServer;
    let dir: string;
    beforeAll(async () => {
      echo = await startEchoServer();
      dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-cli-tokens-"));
    });
    afterAll(async () => {
      await echo.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("errors and debug output of failing commands carry no token", async () => {
      const tokenFile = join(dir, "token");
      writeFileSync(tokenFile, FILE_TOKENS[0]);
      const runs = [
        ["experiments", "get", "ok", "--server", echo.url, "--token", STATIC_TOKEN, "-n", "team-a"],
        ["experiments", "get", "s403", "--server", echo.url, "--token", STATIC_TOKEN, "-n", "team-a"],
        ["experiments", "get", "s500", "--server", echo.url, "--token", STATIC_TOKEN, "-n", "team-a"],
        ["experiments", "get", "s401", "--server", echo.url, "--token-file", tokenFile, "-n", "team-a"],
        ["experiments", "get", "x", "--server", `https://admin:${STATIC_TOKEN}@bad host:6443`, "--token", STATIC_TOKEN],
        ["experiments", "get", "x", "--server", "http://kube.example:8080", "--token", STATIC_TOKEN],
      ];
      const results = await Promise.all(runs.map((args) => runNode(cli, args, { KUBEFLOW_TS_DEBUG: "1" })));
      expect(results[0]?.code).toBe(0);
      for (const [i, result] of results.entries()) {
        if (i > 0) expect(result.code, runs[i]?.join(" ")).not.toBe(0);
        expect(findTokens(result.stdout), runs[i]?.join(" ")).toEqual([]);
        expect(findTokens(result.stderr), runs[i]?.join(" ")).toEqual([]);
      }
      // It said something useful rather than nothing.
      expect(results[1]?.stderr).toMatch(/forbidden|Forbidden|403/);
      expect(results[5]?.stderr).toMatch(/plain http/);
    }, 60_000);
  });
});

describe("bearer tokens and plain http", () => {
  const refused = [
    { server: "http://kube.example:8080", token: STATIC_TOKEN },
    { server: "http://10.0.0.1:6443", tokenFile: "/nonexistent/token" },
    { server: "http://[::ffff:7f00:1]:6443", token: STATIC_TOKEN },
    { server: "http://localhost.example.com:6443", token: STATIC_TOKEN },
  ] satisfies ClientOptions[];
  test.each(refused.map((o) => [o.server, o] as const))("%s with a token is refused", async (_server, options) => {
    const error = await loadClusterConfig(options, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: "ERR_KUBE_CONFIG_INSECURE" });
    expect((error as Error).message).toContain("allowInsecureHttp");
    expect(findTokens(renderError(error))).toEqual([]);
  });

  test.each(["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.9.9.9:8080"])("%s (loopback) is allowed", async (server) => {
    await expect(loadClusterConfig({ server, token: STATIC_TOKEN }, { env: {} })).resolves.toMatchObject({ server });
  });

  test("plain http without a token is allowed", async () => {
    await expect(loadClusterConfig({ server: "http://kube.example:8080" }, { env: {} })).resolves.toMatchObject({ auth: { type: "none" } });
  });

  test("the client refuses before sending anything; allowInsecureHttp sends the token", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const seen: Array<string | undefined> = [];
    agent
      .get("http://kube.example:8080")
      .intercept({ path: "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/e", method: "GET" })
      .reply((options) => {
        seen.push(new Headers(options.headers as Record<string, string>).get("authorization") ?? undefined);
        return { statusCode: 200, data: { metadata: { name: "e" } }, responseOptions: { headers: { "content-type": "application/json" } } };
      })
      .persist();
    const options = { server: "http://kube.example:8080", token: STATIC_TOKEN, namespace: "team-a", logger: { debug: () => {}, warn: () => {} } };
    const refusedClient = new KatibClient(Connection.fromOptions(options, { dispatcher: agent }));
    await expect(refusedClient.getExperiment("e")).rejects.toMatchObject({ code: "ERR_KUBE_CONFIG_INSECURE" });
    expect(seen).toEqual([]);
    const allowed = new KatibClient(Connection.fromOptions({ ...options, allowInsecureHttp: true }, { dispatcher: agent }));
    await expect(allowed.getExperiment("e")).resolves.toMatchObject({ metadata: { name: "e" } });
    expect(seen).toEqual([`Bearer ${STATIC_TOKEN}`]);
    await refusedClient.close();
    await allowed.close();
    await agent.close();
  });
});

describe("insecureSkipTlsVerify", () => {
  let pki: TestPki;
  let server: FaultServer;
  beforeAll(async () => {
    pki = new TestPki();
    const untrusted = pki.issue(pki.createRoot("untrusted"), { commonName: "nowhere", altNames: ["DNS:nowhere.example"] });
    server = await startFaultServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"metadata":{"name":"e"}}');
    }, untrusted);
  });
  afterAll(async () => {
    await server.close();
    pki.dispose();
  });

  test("warns once per client, however many requests it makes", async () => {
    const loggers = [createCaptureLogger(), createCaptureLogger()];
    const clients = loggers.map((logger) => new KatibClient({ server: server.url, token: STATIC_TOKEN, insecureSkipTlsVerify: true, namespace: "team-a", logger }));
    for (const client of clients) for (let i = 0; i < 3; i++) await client.getExperiment("e");
    for (const logger of loggers) {
      const warnings = logger.messages("warn").filter((m) => m.includes("verification is disabled"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(server.url);
      expect(findTokens(logger.text())).toEqual([]);
    }
    for (const client of clients) await client.close();
  });
});

test("the scan looks for every token (a planted one is found)", () => {
  for (const token of ALL_TOKENS) expect(findTokens(`x ${token} y`)).toEqual([token]);
  expect(findTokens(renderError(Object.assign(new Error("e"), { cause: { nested: { deeper: EXEC_TOKEN } } })))).toEqual([EXEC_TOKEN]);
});
