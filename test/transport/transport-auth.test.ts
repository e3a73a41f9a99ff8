// Bearer authentication against a real local server (plain http on loopback, where tokens are allowed).
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClusterConfig, type ExecCredentialPlugin } from "../../src/config/cluster-config.ts";
import { loadClusterConfig } from "../../src/config/load-cluster-config.ts";
import { ExecCredentialError } from "../../src/transport/auth/exec-credential-error.ts";
import { createFileTokenSource } from "../../src/transport/auth/file-token-source.ts";
import { UnauthorizedError } from "../../src/transport/errors.ts";
import { createTransport, type Transport } from "../../src/transport/transport.ts";
import { createCaptureLogger, type CaptureLogger } from "./helpers/capture-logger.ts";
import { sendJson, startServer, statusBody, type LocalServer } from "./helpers/local-server.ts";

let dir: string;
const cleanup: Array<() => Promise<void>> = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-auth-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

/** Replaces `file` atomically, as the kubelet rotates projected tokens. */
function rotate(file: string, token: string): void {
  writeFileSync(`${file}.new`, `${token}\n`);
  renameSync(`${file}.new`, file);
}
function bearer(server: LocalServer, i: number): string | undefined {
  return server.requests[i]?.headers["authorization"];
}
async function serve(accept: (auth: string | undefined) => boolean, onRequest: (auth: string | undefined) => void = () => {}): Promise<LocalServer> {
  const server = await startServer((req, res) => {
    const auth = req.headers["authorization"];
    onRequest(auth);
    if (accept(auth)) sendJson(res, 200, { ok: true });
    else sendJson(res, 401, statusBody(401, "Unauthorized", "Unauthorized"));
  });
  cleanup.push(() => server.close());
  return server;
}
function open(config: ClusterConfig, logger?: CaptureLogger): Transport {
  const transport = createTransport(config, { retry: false, ...(logger ? { logger } : {}) });
  cleanup.push(() => transport.close());
  return transport;
}
function fileConfig(server: string, tokenFile: string): ClusterConfig {
  return { server, namespace: "default", auth: { type: "tokenFile", tokenFile }, tls: { insecureSkipTlsVerify: false }, allowInsecureHttp: false, source: "test" };
}
const get = (t: Transport) => t.request({ method: "GET", path: "/api/v1/namespaces/default/pods" });

describe("token file", () => {
  it("sends the new token after the file is replaced between two requests", async () => {
    const file = join(dir, "rotating-token");
    rotate(file, "token-generation-one");
    const server = await serve(() => true);
    const transport = open(fileConfig(server.url, file));
    await get(transport);
    rotate(file, "token-generation-two");
    await new Promise((r) => setTimeout(r, 1_100)); // the file is checked at most once a second
    await get(transport);
    expect(bearer(server, 0)).toBe("Bearer token-generation-one");
    expect(bearer(server, 1)).toBe("Bearer token-generation-two");
  });

  it("checks the file at most once per recheck interval", async () => {
    const file = join(dir, "cached-token");
    rotate(file, "cached-one");
    let now = 0;
    const source = createFileTokenSource(file, { now: () => now });
    expect((await source.get()).token).toBe("cached-one");
    rotate(file, "cached-two");
    now = 999;
    expect((await source.get()).token).toBe("cached-one");
    now = 1_000;
    expect((await source.get()).token).toBe("cached-two");
  });

  it("a missing token file is a ConfigError naming it", async () => {
    const server = await serve(() => true);
    const missing = join(dir, "no-such-token");
    await expect(get(open(fileConfig(server.url, missing)))).rejects.toMatchObject({ name: "ConfigError", file: missing });
  });
});

describe("401: renew the credential once, retry once", () => {
  it("re-reads a token file that rotated and succeeds with the new token", async () => {
    const file = join(dir, "token-401-ok");
    rotate(file, "old-rotated-token");
    const server = await serve((auth) => auth === "Bearer new-rotated-token", (auth) => {
      if (auth === "Bearer old-rotated-token") rotate(file, "new-rotated-token");
    });
    await expect(get(open(fileConfig(server.url, file)))).resolves.toMatchObject({ status: 200 });
    expect(server.requests.map((r) => r.headers["authorization"])).toEqual(["Bearer old-rotated-token", "Bearer new-rotated-token"]);
  });

  it("throws the second 401 instead of looping", async () => {
    const file = join(dir, "token-401-twice");
    let generation = 0;
    rotate(file, "always-rejected-0");
    const server = await serve(() => false, () => rotate(file, `always-rejected-${++generation}`));
    const err = await get(open(fileConfig(server.url, file))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry when re-reading yields the same token", async () => {
    const file = join(dir, "token-401-same");
    rotate(file, "unchanged-token-value");
    const server = await serve(() => false);
    await expect(get(open(fileConfig(server.url, file)))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("exec credential plugins", () => {
  /** A plugin that counts its runs in `<name>.count` and prints token `<prefix>-<run>`. */
  function writePlugin(name: string): { command: string; runs: () => number } {
    const command = join(dir, name);
    const counter = `${command}.count`;
    writeFileSync(counter, "0");
    writeFileSync(
      command,
      `#!/usr/bin/env node
const fs = require("node:fs");
const run = Number(fs.readFileSync(${JSON.stringify(counter)}, "utf8")) + 1;
fs.writeFileSync(${JSON.stringify(counter)}, String(run));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
process.stderr.write("plugin run " + run + " for " + info.apiVersion + "\\n");
if (process.env.MODE === "bad-json") { process.stdout.write("token: exec-secret-in-garbage {"); process.exit(0); }
if (process.env.MODE === "fail") { process.stderr.write("login required\\n"); process.exit(3); }
const status = { token: process.env.PREFIX + "-" + run };
if (process.env.EXPIRES) status.expirationTimestamp = process.env.EXPIRES;
process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: "ExecCredential", status }));
`,
    );
    chmodSync(command, 0o755);
    return { command, runs: () => Number(readFileSync(counter, "utf8")) };
  }
  function execConfig(server: string, exec: Partial<ExecCredentialPlugin> & { command: string }): ClusterConfig {
    const plugin: ExecCredentialPlugin = { args: [], env: [], apiVersion: "client.authentication.k8s.io/v1", provideClusterInfo: false, ...exec };
    return { server, namespace: "default", auth: { type: "exec", exec: plugin }, tls: { insecureSkipTlsVerify: false }, allowInsecureHttp: false, source: "test" };
  }
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const past = new Date(Date.now() - 60_000).toISOString();

  for (const apiVersion of ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] as const) {
    it(`${apiVersion}: uses the token and caches it until expirationTimestamp`, async () => {
      const plugin = writePlugin(`plugin-${apiVersion.split("/")[1]}`);
      const server = await serve(() => true);
      const logger = createCaptureLogger();
      const transport = open(execConfig(server.url, { command: plugin.command, apiVersion, env: [{ name: "PREFIX", value: "exec-token" }, { name: "EXPIRES", value: future }] }), logger);
      await get(transport);
      await get(transport);
      expect(plugin.runs()).toBe(1);
      expect(bearer(server, 1)).toBe("Bearer exec-token-1");
      expect(logger.messages("warn")).toContain(`exec plugin ${plugin.command}: plugin run 1 for ${apiVersion}`);
    });
  }

  it("runs the plugin again once the credential has expired", async () => {
    const plugin = writePlugin("plugin-expired");
    const server = await serve(() => true);
    const transport = open(execConfig(server.url, { command: plugin.command, env: [{ name: "PREFIX", value: "short-lived" }, { name: "EXPIRES", value: past }] }));
    await get(transport);
    await get(transport);
    expect(plugin.runs()).toBe(2);
    expect(bearer(server, 1)).toBe("Bearer short-lived-2");
  });

  it("re-runs the plugin after a 401 and retries once", async () => {
    const plugin = writePlugin("plugin-401");
    const server = await serve((auth) => auth === "Bearer renewed-2");
    const transport = open(execConfig(server.url, { command: plugin.command, env: [{ name: "PREFIX", value: "renewed" }] }));
    await expect(get(transport)).resolves.toMatchObject({ status: 200 });
    expect(plugin.runs()).toBe(2);
  });

  it("a missing command → ExecCredentialError not-found with the install hint", async () => {
    const server = await serve(() => true);
    const config = execConfig(server.url, { command: "kubeflow-ts-no-such-plugin", installHint: "Install it with: brew install no-such-plugin" });
    const err = await get(open(config)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecCredentialError);
    expect(err).toMatchObject({ execReason: "not-found", code: "ERR_KUBE_EXEC_CREDENTIAL" });
    expect((err as Error).message).toContain('exec plugin "kubeflow-ts-no-such-plugin" not found');
    expect((err as Error).message).toContain("brew install no-such-plugin");
    expect(server.requests).toHaveLength(0);
  });

  it("bad JSON → ExecCredentialError bad-output that does not quote the output", async () => {
    const plugin = writePlugin("plugin-bad-json");
    const server = await serve(() => true);
    const err = await get(open(execConfig(server.url, { command: plugin.command, env: [{ name: "MODE", value: "bad-json" }] }))).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "ExecCredentialError", execReason: "bad-output" });
    expect((err as Error).message).toContain("invalid JSON");
    expect((err as Error).message).not.toContain("exec-secret-in-garbage");
  });

  it("a failing plugin → ExecCredentialError exit with its stderr", async () => {
    const plugin = writePlugin("plugin-fail");
    const server = await serve(() => true);
    const logger = createCaptureLogger();
    const err = await get(open(execConfig(server.url, { command: plugin.command, env: [{ name: "MODE", value: "fail" }] }), logger)).catch((e: unknown) => e);
    expect(err).toMatchObject({ execReason: "exit", exitCode: 3 });
    expect((err as Error).message).toContain("login required");
    expect(logger.messages("warn").some((m) => m.endsWith("login required"))).toBe(true);
  });

  it("loads from a kubeconfig with a command path relative to the kubeconfig", async () => {
    const plugin = writePlugin("plugin-kubeconfig");
    const server = await serve(() => true);
    const kubeconfig = join(dir, "exec-kubeconfig.yaml");
    writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
current-context: exec
clusters: [{ name: local, cluster: { server: "${server.url}" } }]
contexts: [{ name: exec, context: { cluster: local, user: exec-user, namespace: team-a } }]
users:
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./plugin-kubeconfig
      env: [{ name: PREFIX, value: from-kubeconfig }]
      interactiveMode: Never
`);
    const config = await loadClusterConfig({ kubeconfig }, { env: {} });
    expect(config.auth).toMatchObject({ type: "exec", exec: { command: plugin.command } });
    await get(open(config));
    expect(bearer(server, 0)).toBe("Bearer from-kubeconfig-1");
  });
});
