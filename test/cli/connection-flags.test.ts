import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { toClientOptions } from "../../src/cli/connection-flags.ts";
import { parseDuration } from "../../src/cli/duration-flag.ts";
import { startFakeApiServer } from "./support/fake-api-server.ts";
import { run, tempDir } from "./support/run.ts";

describe("toClientOptions", () => {
  test("maps kubectl's flags onto ClientOptions, leaving out the ones not given", () => {
    expect(
      toClientOptions({
        server: "https://api:6443",
        tokenFile: "/t",
        certificateAuthority: "ca.crt",
        kubeconfig: "kc",
        context: "prod",
        namespace: "kubeflow",
        requestTimeout: "45s",
      }),
    ).toEqual({ server: "https://api:6443", tokenFile: "/t", certificateAuthority: "ca.crt", kubeconfig: "kc", context: "prod", namespace: "kubeflow", timeoutMs: 45_000 });
    expect(toClientOptions({})).toEqual({});
    expect(toClientOptions({ insecureSkipTlsVerify: true, token: "t" })).toEqual({ insecureSkipTlsVerify: true, token: "t" });
  });

  test("--token with --token-file is a usage error", () => {
    expect(() => toClientOptions({ token: "a", tokenFile: "b" })).toThrow(/mutually exclusive/);
  });
});

describe("parseDuration", () => {
  test.each([
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["250ms", 250],
    ["90", 90_000],
    ["1.5s", 1500],
  ])("%s", (text, ms) => {
    expect(parseDuration(text, "--timeout")).toBe(ms);
  });

  test("malformed values name the flag", () => {
    expect(() => parseDuration("soon", "--timeout")).toThrow(/invalid duration for --timeout: "soon"/);
    expect(() => parseDuration("5x", "--timeout")).toThrow(/invalid duration/);
  });
});

describe("flags reach the request", () => {
  test("flags after the subcommand set server, token and namespace; the token goes in the header only", async () => {
    const api = await startFakeApiServer({ "GET /apis/kubeflow.org/v1beta1/namespaces/team-a/experiments": { body: { items: [] } } });
    const result = await run(["experiments", "list", "-n", "team-a", "--server", api.url, "--token", "secret-token-value"]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toBe("No resources found in team-a namespace.\n");
    expect(api.requests[0]?.authorization).toBe("Bearer secret-token-value");
  });

  test("KUBECONFIG from the run's environment is honoured (loadClusterConfig's merge)", async () => {
    const api = await startFakeApiServer({ "GET /apis/kubeflow.org/v1beta1/namespaces/from-context/trials": { body: { items: [] } } });
    const dir = await tempDir();
    const kubeconfig = join(dir, "config");
    await writeFile(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: k, cluster: {server: "${api.url}"}}]\nusers: [{name: u, user: {token: kubeconfig-token}}]\ncontexts: [{name: c, context: {cluster: k, user: u, namespace: from-context}}]\n`);
    const result = await run(["trials", "list", "-o", "json"], { env: { KUBECONFIG: kubeconfig } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: "List", items: [] });
    expect(api.requests[0]?.authorization).toBe("Bearer kubeconfig-token");
  });
});
