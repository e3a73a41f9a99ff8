import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { loadManifestSource, parseManifests } from "../../src/cli/manifest-input.ts";
import { formatIssue, isBlocking, toIssues, validateManifestSource } from "../../src/cli/manifest-validation.ts";
import { corpusDir } from "../support/sources.ts";
import { startFakeApiServer } from "./support/fake-api-server.ts";
import { run } from "./support/run.ts";

const experimentYaml = (name: string): string => `apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata:\n  name: ${name}\nspec:\n  maxTrialCount: 3\n`;

describe("parseManifests", () => {
  test("multi-document YAML; empty documents skipped; JSON accepted", () => {
    const manifests = parseManifests({ source: `---\n${experimentYaml("a")}---\n---\n${experimentYaml("b")}`, file: "x.yaml" });
    expect(manifests.map((m) => [m.document, (m.object.metadata as { name: string }).name])).toEqual([[1, "a"], [3, "b"]]);
    expect(parseManifests({ source: '{"kind":"TrainJob","metadata":{"name":"j"}}', file: "j.json" })[0]?.object.kind).toBe("TrainJob");
  });

  test.each([
    ["kind: Experiment\nmetadata: [unclosed\n", /^x\.yaml:\d+:\d+: invalid YAML: /],
    ["- a\n- b\n", /document 1 is not an object/],
    ["# only a comment\n", /x\.yaml: no objects found/],
  ])("rejects %j", (source, message) => {
    expect(() => parseManifests({ source, file: "x.yaml" })).toThrow(message);
  });

  test("- reads stdin", async () => {
    const source = await loadManifestSource("-", { stdin: Readable.from([Buffer.from(experimentYaml("s"))]) });
    expect(source).toEqual({ source: experimentYaml("s"), file: "<stdin>" });
  });

  test("a missing file is a one-line failure", async () => {
    await expect(loadManifestSource("/nonexistent/e.yaml", { stdin: Readable.from([]) })).rejects.toThrow("cannot read /nonexistent/e.yaml: no such file");
  });
});

describe("validation results", () => {
  test("issues from an array or an object; warnings do not block", () => {
    const issues = [{ message: "objective is required", severity: "error", path: "spec.objective", line: 4, column: 3 }, { message: "deprecated", severity: "warning" }];
    expect(toIssues(issues)).toHaveLength(2);
    expect(toIssues({ issues })).toHaveLength(2);
    expect(toIssues({ documents: [{ issues }] })).toHaveLength(2);
    expect(issues.map(isBlocking)).toEqual([true, false]);
    expect(formatIssue(issues[0] ?? {}, "e.yaml")).toBe("e.yaml:4:3: error: objective is required (at spec.objective)");
  });
});

describe("validateManifestSource", () => {
  const source = { source: experimentYaml("e"), file: "e.yaml" };
  const withIssues = (issues: unknown[]) => async () => ({ module: { validateManifests: (_: string, options: unknown) => ({ valid: false, issues, options }) } });

  test("errors block with a one-line failure after every issue is printed", async () => {
    const lines: string[] = [];
    const issues = [{ severity: "error", message: "objective is required", path: "spec.objective", rule: "schema.required", line: 5, column: 1 }, { severity: "warning", message: "unknown field", path: "spec.x", line: 6 }];
    await expect(validateManifestSource(source, "strict", (line) => lines.push(line), withIssues(issues))).rejects.toThrow("e.yaml is invalid (1 error); nothing was sent");
    expect(lines).toEqual(["e.yaml:5:1: error: objective is required (at spec.objective) [schema.required]", "e.yaml:6: warning: unknown field (at spec.x)"]);
  });

  test("warnings alone do not block; the unknown-field mode is passed on", async () => {
    let seen: unknown;
    const load = async () => ({ module: { validateManifests: (_: string, options: unknown) => ((seen = options), { issues: [{ severity: "warning", message: "w" }] }) } });
    await expect(validateManifestSource(source, "warn", () => {}, load)).resolves.toBeUndefined();
    expect(seen).toEqual({ file: "e.yaml", validate: "warn" });
  });

  test("a build without the validate module warns and lets the server validate", async () => {
    const lines: string[] = [];
    await validateManifestSource(source, "strict", (line) => lines.push(line), async () => ({ reason: "not here" }));
    expect(lines).toEqual(["kfts warning: offline validation unavailable (not here); the API server will validate"]);
  });
});

describe("create -f", () => {
  test("creates every document from stdin, in order", async () => {
    const api = await startFakeApiServer({ "POST /apis/kubeflow.org/v1beta1/namespaces/ns/experiments": (body) => ({ status: 201, body: JSON.parse(body) }) });
    const result = await run(["experiments", "create", "-f", "-", "--validate=false", "-n", "ns", "--server", api.url], { stdin: `${experimentYaml("a")}---\n${experimentYaml("b")}` });
    expect(result.stdout).toBe("experiment.kubeflow.org/a created\nexperiment.kubeflow.org/b created\n");
    expect(result.code).toBe(0);
    expect(api.requests.map((r) => JSON.parse(r.body).metadata.name)).toEqual(["a", "b"]);
  });

  test("an upstream Experiment is validated offline, then sent with Strict server-side field validation", async () => {
    const api = await startFakeApiServer({ "POST /apis/kubeflow.org/v1beta1/namespaces/kubeflow/experiments": (body) => ({ status: 201, body: JSON.parse(body) }) });
    const result = await run(["experiments", "create", "-f", `${corpusDir}/katib/hp-tuning/bayesian-optimization.yaml`, "-n", "kubeflow", "--server", api.url]);
    expect(result).toMatchObject({ code: 0, stdout: "experiment.kubeflow.org/bayesian-optimization created\n" });
    expect(api.requests[0]?.url).toContain("fieldValidation=Strict");
  });

  test("--validate=warn asks the server to warn about unknown fields; a bad --validate value is wrong usage", async () => {
    const api = await startFakeApiServer({ "POST /apis/kubeflow.org/v1beta1/namespaces/kubeflow/experiments": (body) => ({ status: 201, body: JSON.parse(body) }) });
    const file = `${corpusDir}/katib/hp-tuning/bayesian-optimization.yaml`;
    expect((await run(["experiments", "create", "-f", file, "--validate=warn", "--server", api.url])).code).toBe(0);
    expect(api.requests[0]?.url).toContain("fieldValidation=Warn");
    const bad = await run(["experiments", "create", "-f", file, "--validate=maybe", "--server", api.url]);
    expect(bad).toMatchObject({ code: 2, stderr: 'error: invalid --validate value "maybe"\nhint: use --validate=true|false|strict|warn|ignore\n' });
  });

  test("a manifest namespace that contradicts -n is refused", async () => {
    const result = await run(["experiments", "create", "-f", `${corpusDir}/katib/hp-tuning/bayesian-optimization.yaml`, "-n", "other", "--validate=false", "--server", "http://127.0.0.1:9"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is in namespace kubeflow, but -n says other");
  });

  test("--validate=false skips offline validation; --dry-run asks the server not to persist", async () => {
    const api = await startFakeApiServer({ "POST /apis/trainer.kubeflow.org/v1alpha1/namespaces/ns/trainjobs": (body) => ({ status: 201, body: JSON.parse(body) }) });
    const result = await run(["trainjobs", "create", "-f", "-", "--validate=false", "--dry-run", "-n", "ns", "--server", api.url], { stdin: "kind: TrainJob\nmetadata: {name: j}\n" });
    expect(result).toMatchObject({ code: 0, stdout: "trainjob.trainer.kubeflow.org/j created (server dry run)\n", stderr: "" });
    expect(api.requests[0]?.url).toContain("dryRun=All");
    expect(api.requests[0]?.url).not.toContain("fieldValidation");
  });

  test("a document of another kind is refused before anything is sent, naming the right command", async () => {
    const api = await startFakeApiServer({});
    const result = await run(["trainjobs", "create", "-f", "-", "-n", "ns", "--server", api.url], { stdin: experimentYaml("e") });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: <stdin>: document 1 is a kubeflow.org/v1beta1 Experiment, not a trainer.kubeflow.org/v1alpha1 TrainJob\nhint: create it with: kfts experiments create -f FILE\n");
    expect(api.requests).toEqual([]);
  });

  test("malformed YAML fails with its position and sends nothing", async () => {
    const api = await startFakeApiServer({});
    const result = await run(["experiments", "create", "-f", "-", "--server", api.url], { stdin: "kind: Experiment\nmetadata: {name: [\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: <stdin>:\d+:\d+: invalid YAML/);
    expect(api.requests).toEqual([]);
  });
});
