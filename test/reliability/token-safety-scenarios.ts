/**
 * Every public path that logs or throws, driven with known tokens so the output can be scanned for them: requests
 * that succeed, fail (4xx, 5xx) and retry, a 401 that renews a token file, an exec plugin that prints its token on
 * stderr and then fails, TLS errors, configuration errors, and watch errors. The server is hostile on purpose: it
 * echoes the token back in every message. No test framework here, so a child process with the default (stderr)
 * logger and `KUBEFLOW_TS_DEBUG=1` can run the same scenarios as the in-process test.
 */
import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { KatibClient, type ClientOptions, type Logger } from "../../src/index.ts";
import { TestPki } from "../support/tls/generate-certificates.ts";
import { startFaultServer, sendStatus, type FaultServer } from "./support/fault-server.ts";

/** A static token that looks like nothing (so only the client's knowledge of it can redact it). */
export const STATIC_TOKEN = "opaque-static-9c1f0e7d55aa";
/** Token-file generations: the first is rejected (401), the second accepted. */
export const FILE_TOKENS = ["opaque-file-gen1-41b7d2", "opaque-file-gen2-8e03c6"] as const;
/** What the exec plugin returns (and prints on stderr). */
export const EXEC_TOKEN = "opaque-exec-5d2b7a90f1";
/** A ServiceAccount-style JWT, for the pattern-based redaction. */
export const JWT_TOKEN = [
  Buffer.from(JSON.stringify({ alg: "RS256", kid: "k" })).toString("base64url"),
  Buffer.from(JSON.stringify({ sub: "system:serviceaccount:team-a:sdk", "kubernetes.io": { namespace: "team-a", serviceaccount: { name: "sdk" } } })).toString("base64url"),
  "c2lnbmF0dXJlLXNpZ25hdHVyZQ",
].join(".");
/** Every token the scan looks for. */
export const ALL_TOKENS = [STATIC_TOKEN, ...FILE_TOKENS, EXEC_TOKEN, JWT_TOKEN];

/** One path and what it produced. */
export interface ScenarioOutcome {
  scenario: string;
  /** The error it threw, if any. */
  error?: unknown;
}

/** Every way an error is commonly shown: message, stack, JSON and a deep inspect (cause chains included). */
export function renderError(error: unknown): string {
  const e = error as Error;
  let json: string;
  try {
    json = JSON.stringify(error) ?? "";
  } catch {
    json = "";
  }
  return [String(e?.message), String(e?.stack), json, inspect(error, { depth: 10, showHidden: true }), String(error)].join("\n");
}

/** The tokens found in `text`. */
export function findTokens(text: string): string[] {
  return ALL_TOKENS.filter((token) => text.includes(token));
}

/**
 * A hostile apiserver: every message repeats the credential it received (raw, as a header line and as a query
 * parameter). `…/experiments/s<code>` answers with that status, a watch sends an ERROR event (403), a POST gets 409,
 * and the first token-file generation gets 401.
 */
export function startEchoServer(): Promise<FaultServer> {
  return startFaultServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const auth = String(req.headers["authorization"] ?? "");
    const token = auth.replace(/^Bearer /, "");
    const said = `token ${token} rejected; Authorization: ${auth}; see ?access_token=${token}`;
    if (token === FILE_TOKENS[0]) return sendStatus(res, 401, "Unauthorized", said);
    if (url.searchParams.get("watch") === "true") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`${JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 403, reason: "Forbidden", message: said } })}\n`);
      return;
    }
    const name = url.pathname.split("/").at(-1) ?? "";
    const code = /^s(\d{3})$/.exec(name)?.[1];
    if (req.method === "POST") return sendStatus(res, 409, "AlreadyExists", said);
    if (code === undefined) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name, namespace: "team-a", resourceVersion: "3" } }));
    }
    const status = Number(code);
    if (status === 401 && token === EXEC_TOKEN) return sendStatus(res, 401, "Unauthorized", said);
    sendStatus(res, status, status === 429 ? "TooManyRequests" : "Failure", said, status === 429 || status === 503 ? { headers: { "retry-after": "0" } } : {});
  });
}

/** Runs every scenario; `logger` undefined means the clients use their default (stderr) logger. */
export async function runTokenScenarios(logger: Logger | undefined): Promise<ScenarioOutcome[]> {
  const dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-token-safety-"));
  const pki = new TestPki();
  const servers: FaultServer[] = [];
  const clients: KatibClient[] = [];
  const outcomes: ScenarioOutcome[] = [];
  const client = (options: ClientOptions): KatibClient => {
    const katib = new KatibClient({ namespace: "team-a", retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 }, timeoutMs: 2_000, ...(logger ? { logger } : {}), ...options });
    clients.push(katib);
    return katib;
  };
  const attempt = async (scenario: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
      outcomes.push({ scenario });
    } catch (error) {
      outcomes.push({ scenario, error });
    }
  };
  try {
    const echo = await startEchoServer();
    servers.push(echo);

    // Requests: ok, each 4xx/5xx (with retries and their log lines), a create, a watch ERROR event.
    for (const token of [STATIC_TOKEN, JWT_TOKEN]) {
      const katib = client({ server: echo.url, token });
      for (const name of ["ok", "s400", "s401", "s403", "s404", "s410", "s422", "s429", "s500", "s503"]) {
        await attempt(`GET ${name} (${token === JWT_TOKEN ? "jwt" : "static"})`, () => katib.getExperiment(name));
      }
      await attempt("POST 409", () => katib.createExperiment({ metadata: { name: "dup" } }));
      await attempt("watch ERROR", async () => {
        for await (const _event of katib.experiments.watch({ resourceVersion: "1", retryDelayMs: { base: 1, max: 2 } })) break;
      });
    }

    // A token file rotated by the 401 re-read: both generations are secrets.
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, FILE_TOKENS[0]);
    const rotating = client({ server: echo.url, tokenFile });
    await attempt("token file 401 → re-read", async () => {
      const pending = rotating.getExperiment("ok");
      // Rotate right away: the first request goes out with generation 1 and gets 401; the re-read finds 2.
      writeFileSync(`${tokenFile}.new`, FILE_TOKENS[1]);
      renameSync(`${tokenFile}.new`, tokenFile);
      return pending;
    });
    await attempt("token file 4xx", () => rotating.getExperiment("s403"));

    // An exec plugin that prints its token on stderr, and fails its second run (after a 401) with it on stderr too.
    const plugin = join(dir, "plugin.mjs");
    const count = join(dir, "plugin.count");
    writeFileSync(count, "0");
    writeFileSync(
      plugin,
      `#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
const run = Number(readFileSync(${JSON.stringify(count)}, "utf8")) + 1;
writeFileSync(${JSON.stringify(count)}, String(run));
const token = ${JSON.stringify(EXEC_TOKEN)};
process.stderr.write("plugin: issued " + token + "\\nplugin: header Authorization: Bearer " + token + "\\n");
if (run > 1) { process.stderr.write("plugin: cannot refresh " + token + "\\n"); process.exit(3); }
process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token } }));
`,
    );
    chmodSync(plugin, 0o755);
    const kubeconfig = join(dir, "exec.kubeconfig");
    writeFileSync(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "current-context: c",
        "contexts: [{ name: c, context: { cluster: k, user: u, namespace: team-a } }]",
        `clusters: [{ name: k, cluster: { server: ${JSON.stringify(echo.url)} } }]`,
        "users:",
        "- name: u",
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1",
        `      command: ${JSON.stringify(plugin)}`,
        "      interactiveMode: Never",
      ].join("\n"),
    );
    const exec = client({ kubeconfig });
    await attempt("exec plugin ok", () => exec.getExperiment("ok"));
    await attempt("exec plugin 401 → failing refresh", () => exec.getExperiment("s401"));

    // TLS: an untrusted server, and one whose certificate names another host.
    const root = pki.createRoot("token-safety-root");
    const stranger = pki.issue(pki.createRoot("token-safety-other"), { commonName: "stranger", altNames: ["IP:127.0.0.1"] });
    const tls = await startFaultServer((_req, res) => res.end("{}"), stranger);
    servers.push(tls);
    await attempt("TLS unknown CA", () => client({ server: tls.url, token: STATIC_TOKEN, certificateAuthorityData: root.cert }).getExperiment("ok"));
    const named = pki.issue(root, { commonName: "api.internal", altNames: ["DNS:api.internal"] });
    const tls2 = await startFaultServer((_req, res) => res.end("{}"), named);
    servers.push(tls2);
    await attempt("TLS hostname mismatch", () => client({ server: tls2.url, token: STATIC_TOKEN, certificateAuthorityData: root.cert }).getExperiment("ok"));

    // Configuration errors that have a token nearby.
    const badYaml = join(dir, "bad.kubeconfig");
    writeFileSync(badYaml, `apiVersion: v1\nusers:\n- name: u\n  user:\n    token: ${STATIC_TOKEN}: [unclosed\n`);
    await attempt("kubeconfig YAML error on the token line", () => client({ kubeconfig: badYaml }).getExperiment("ok"));
    const aliases = join(dir, "aliases.kubeconfig");
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) bomb.push(`${"abcdefghij"[i]}: &${"abcdefghij"[i]} [${Array(10).fill(`*${"abcdefghij"[i - 1]}`).join(", ")}]`);
    writeFileSync(aliases, `users: [{ name: u, user: { token: ${STATIC_TOKEN} } }]\n${bomb.join("\n")}\n`);
    await attempt("kubeconfig alias bomb", () => client({ kubeconfig: aliases }).getExperiment("ok"));
    const wrongType = join(dir, "wrong.kubeconfig");
    writeFileSync(wrongType, `apiVersion: v1\nusers:\n- name: u\n  user:\n    token: [${STATIC_TOKEN}]\n`);
    await attempt("kubeconfig token of the wrong type", () => client({ kubeconfig: wrongType }).getExperiment("ok"));
    await attempt("server URL with credentials, unparsable", () => client({ server: `https://admin:${STATIC_TOKEN}@bad host:6443`, token: STATIC_TOKEN }).getExperiment("ok"));
    await attempt("server URL with credentials", () => client({ server: `https://admin:${STATIC_TOKEN}@kube.example:6443`, token: STATIC_TOKEN }).getExperiment("ok"));
    await attempt("bearer token over plain http", () => client({ server: "http://kube.example:8080", token: STATIC_TOKEN }).getExperiment("ok"));
    await attempt("token file missing", () => client({ server: echo.url, tokenFile: join(dir, "missing") }).getExperiment("ok"));
    await attempt("insecureSkipTlsVerify warning", () => client({ server: tls.url, token: STATIC_TOKEN, insecureSkipTlsVerify: true }).getExperiment("s404"));
  } finally {
    for (const katib of clients) await katib.close();
    for (const server of servers) await server.close();
    pki.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}
