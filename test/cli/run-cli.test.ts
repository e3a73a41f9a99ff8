import { describe, expect, test } from "vitest";
import { startFakeApiServer } from "./support/fake-api-server.ts";
import { run } from "./support/run.ts";

const status = (code: number, reason: string, message: string) => ({ status: code, body: { kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message } });
const JWT = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ "kubernetes.io": { namespace: "kubeflow", serviceaccount: { name: "kubeflow-sdk-user" } } })).toString("base64url")}.c2lnbmF0dXJlLXNpZw`;

describe("--help", () => {
  test.each([
    [[], "Usage: kfts [options] [command]"],
    [["experiments"], "Usage: kfts experiments|experiment [options] [command]"],
    [["experiments", "wait"], "Usage: kfts experiments wait [options] <name>"],
    [["trials", "logs"], "Usage: kfts trials logs [options] <name>"],
    [["trainjobs", "logs"], "--step <step>"],
    [["trainjobs", "create"], "-f, --filename <file>"],
    [["runtimes", "get"], "Usage: kfts runtimes get [options] <name>"],
    [["suggestions", "list"], "-A, --all-namespaces"],
    [["doctor"], "Usage: kfts doctor [options]"],
    [["validate"], "Usage: kfts validate"],
    [["generate"], "Usage: kfts generate"],
    [["diff-api"], "OLD_DIR NEW_DIR"],
    [["fetch-sources"], "--out DIR"],
  ])("kfts %j --help", async (path, expected) => {
    const result = await run([...path, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected);
    expect(result.stderr).toBe("");
  });

  test("the root help lists every command, the connection flags and the exit codes", async () => {
    const { stdout } = await run(["--help"]);
    for (const word of ["experiments", "trials", "suggestions", "trainjobs", "runtimes", "doctor", "validate", "generate", "diff-api", "fetch-sources", "--server", "--token-file", "--certificate-authority", "--insecure-skip-tls-verify", "--kubeconfig", "--context", "--namespace"]) {
      expect(stdout).toContain(word);
    }
    expect(stdout).toContain("Exit codes: 0 ok, 1 failure or invalid input, 2 wrong usage, 130 interrupted");
  });

  test("subcommand help shows the global connection flags too", async () => {
    expect((await run(["experiments", "list", "--help"])).stdout).toMatch(/Global Options:[\s\S]*--token-file/);
  });
});

describe("exit codes", () => {
  test.each([
    [["nope"], /unknown command 'nope'/],
    [["experiments", "lst"], /unknown command 'lst'[\s\S]*Did you mean list\?/],
    [["experiments", "get"], /missing required argument 'name'/],
    [["experiments", "list", "--bogus"], /unknown option '--bogus'/],
    [["experiments", "budget", "x", "--max-trials", "-1"], /expected a non-negative integer/],
  ])("kfts %j is wrong usage: exit 2", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("a malformed flag value found by the command is wrong usage too", async () => {
    const result = await run(["experiments", "list", "-o", "xml", "--server", "http://127.0.0.1:9"]);
    expect(result).toMatchObject({ code: 2, stderr: 'error: unknown output format "xml"\nhint: use -o table|wide|json|yaml|name\n' });
  });

  test("no configuration at all: exit 1 and what was tried", async () => {
    const result = await run(["experiments", "list", "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("--version prints the package version", async () => {
    const result = await run(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("API errors end in one line plus the hint, never the token", () => {
  test("401: the create-token hint for the token's ServiceAccount", async () => {
    const api = await startFakeApiServer({ "GET /apis/kubeflow.org/v1beta1/namespaces/kubeflow/experiments": status(401, "Unauthorized", "Unauthorized") });
    const result = await run(["experiments", "list", "-n", "kubeflow", "--server", api.url, "--token", JWT]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: Unauthorized \(HTTP 401 Unauthorized; GET http:\/\/127\.0\.0\.1:\d+\/apis\/kubeflow\.org/);
    expect(lines[1]).toBe("hint: The token is invalid or expired; mint a new one with: kubectl create token kubeflow-sdk-user -n kubeflow --duration=8760h");
    expect(result.stderr + result.stdout).not.toContain(JWT);
  });

  test("403: the can-i hint", async () => {
    const api = await startFakeApiServer({ "DELETE /apis/trainer.kubeflow.org/v1alpha1/namespaces/kubeflow/trainjobs/j": status(403, "Forbidden", 'trainjobs.trainer.kubeflow.org "j" is forbidden') });
    const result = await run(["trainjobs", "delete", "j", "-n", "kubeflow", "--server", api.url, "--token", JWT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("hint: The credential is valid but RBAC does not allow this request; list what it may do with: kubectl auth can-i --list --as=system:serviceaccount:kubeflow:kubeflow-sdk-user -n kubeflow");
  });

  test("KUBEFLOW_TS_DEBUG=1 adds the stack, still without the token", async () => {
    const api = await startFakeApiServer({ "GET /apis/kubeflow.org/v1beta1/namespaces/kubeflow/trials/t": status(404, "NotFound", 'trials.kubeflow.org "t" not found') });
    const result = await run(["trials", "get", "t", "-n", "kubeflow", "--server", api.url, "--token", "plain-opaque-token"], { env: { KUBEFLOW_TS_DEBUG: "1" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/NotFoundError: [\s\S]*\n\s+at /);
    expect(result.stderr).not.toContain("plain-opaque-token");
  });
});

describe("commands against a fake API server", () => {
  test("get -o yaml, delete and the kubectl-style confirmation", async () => {
    const trial = { apiVersion: "kubeflow.org/v1beta1", kind: "Trial", metadata: { name: "t1", namespace: "ns" } };
    const api = await startFakeApiServer({
      "GET /apis/kubeflow.org/v1beta1/namespaces/ns/trials/t1": { body: trial },
      "DELETE /apis/kubeflow.org/v1beta1/namespaces/ns/experiments/e1": { body: { kind: "Status", status: "Success" } },
    });
    const flags = ["-n", "ns", "--server", api.url];
    expect((await run(["trials", "get", "t1", "-o", "yaml", ...flags])).stdout).toBe("apiVersion: kubeflow.org/v1beta1\nkind: Trial\nmetadata:\n  name: t1\n  namespace: ns\n");
    expect(await run(["experiments", "delete", "e1", ...flags])).toMatchObject({ code: 0, stdout: 'experiment.kubeflow.org "e1" deleted\n' });
    expect(await run(["experiments", "delete", "gone", "--ignore-not-found", ...flags])).toMatchObject({ code: 0, stdout: "" });
    expect((await run(["experiments", "delete", "gone", ...flags])).code).toBe(1);
  });

  test("trials list --experiment selects by Katib's experiment label", async () => {
    const api = await startFakeApiServer({ "GET /apis/kubeflow.org/v1beta1/namespaces/ns/trials": { body: { items: [{ metadata: { name: "t1" } }] } } });
    const result = await run(["trials", "list", "--experiment", "random", "-n", "ns", "--server", api.url, "-o", "name"]);
    expect(result.stdout).toBe("trial.kubeflow.org/t1\n");
    expect(decodeURIComponent(api.requests[0]?.url ?? "")).toContain("labelSelector=katib.kubeflow.org/experiment=random");
  });

  test("runtimes list merges both scopes into one table", async () => {
    const runtime = (name: string, kind: string) => ({ kind, metadata: { name, labels: { "trainer.kubeflow.org/framework": "torch" } }, spec: { mlPolicy: { numNodes: 1, torch: {} } } });
    const api = await startFakeApiServer({
      "GET /apis/trainer.kubeflow.org/v1alpha1/namespaces/ns/trainingruntimes": { body: { items: [runtime("mine", "TrainingRuntime")] } },
      "GET /apis/trainer.kubeflow.org/v1alpha1/clustertrainingruntimes": { body: { items: [runtime("torch-distributed", "ClusterTrainingRuntime")] } },
    });
    const result = await run(["runtimes", "list", "-n", "ns", "--server", api.url]);
    expect(result.stdout).toBe("NAME                SCOPE        FRAMEWORK   ML POLICY   NODES\nmine                Namespaced   torch       torch       1\ntorch-distributed   Cluster      torch       torch       1\n");
    expect((await run(["runtimes", "list", "-n", "ns", "--server", api.url, "-o", "name"])).stdout).toBe("trainingruntime.trainer.kubeflow.org/mine\nclustertrainingruntime.trainer.kubeflow.org/torch-distributed\n");
  });

  test("an interrupted run exits 130 without a stack", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await run(["experiments", "list", "--server", "http://127.0.0.1:9"], { signal: controller.signal });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe("\ninterrupted\n");
  });
});
