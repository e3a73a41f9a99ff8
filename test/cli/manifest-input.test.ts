import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readManifestFile, validateManifestFile } from "../../src/cli/manifest-input.ts";
import { corpusDir } from "../support/sources.ts";
import { startFakeApiServer } from "./support/fake-api-server.ts";
import { run } from "./support/run.ts";

const experimentYaml = (name: string): string => `apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata:\n  name: ${name}\nspec:\n  maxTrialCount: 3\n`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kfts-manifest-input-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noStdin = { stdin: Readable.from([]) };

/** Writes `text` to a file of the temporary directory; returns its path. */
function manifestAt(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("readManifestFile", () => {
  test("multi-document YAML; empty documents skipped; JSON accepted", async () => {
    const file = manifestAt("x.yaml", `---\n${experimentYaml("a")}---\n---\n${experimentYaml("b")}`);
    const { manifests } = await readManifestFile(file, noStdin, () => {});
    expect(manifests.map((m) => [m.document, (m.object.metadata as { name: string }).name])).toEqual([[1, "a"], [3, "b"]]);
    const json = await readManifestFile(manifestAt("j.json", '{"kind":"TrainJob","metadata":{"name":"j"}}'), noStdin, () => {});
    expect(json.manifests[0]?.object.kind).toBe("TrainJob");
  });

  test.each([
    ["- a\n- b\n", /document 1 is not an object/],
    ["# only a comment\n", /x\.yaml: no objects found/],
  ])("rejects %j", async (text, message) => {
    await expect(readManifestFile(manifestAt("x.yaml", text), noStdin, () => {})).rejects.toThrow(message);
  });

  test("malformed YAML: each problem printed at its position, then a one-line failure", async () => {
    const lines: string[] = [];
    const file = manifestAt("broken.yaml", "kind: Experiment\nmetadata: [unclosed\n");
    await expect(readManifestFile(file, noStdin, (line) => lines.push(line))).rejects.toThrow(`${file} is not valid YAML or JSON; nothing was sent`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${file}:\\d+:\\d+: error: `));
  });

  test("- reads stdin, named <stdin>", async () => {
    const read = await readManifestFile("-", { stdin: Readable.from([Buffer.from(experimentYaml("s"))]) }, () => {});
    expect(read.file).toBe("<stdin>");
    expect(read.manifests.map((m) => m.object)).toEqual([{ apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name: "s" }, spec: { maxTrialCount: 3 } }]);
  });

  test("a missing file, a directory and text that is not UTF-8 are one-line failures", async () => {
    await expect(readManifestFile("/nonexistent/e.yaml", noStdin, () => {})).rejects.toThrow("cannot read /nonexistent/e.yaml: no such file");
    await expect(readManifestFile(dir, noStdin, () => {})).rejects.toThrow(`${dir} is a directory`);
    writeFileSync(join(dir, "latin1-bytes.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    await expect(readManifestFile(join(dir, "latin1-bytes.yaml"), noStdin, () => {})).rejects.toThrow("not valid UTF-8 text");
  });
});

describe("validateManifestFile", () => {
  const invalid = `apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainJob\nmetadata:\n  name: bad\nspec:\n  runtimeRef:\n    name: torch-distributed\n  trainer:\n    numNodes: two\n    replicas: 3\n`;

  test("errors block with a one-line failure after every issue is printed in kfts validate's format", async () => {
    const lines: string[] = [];
    const file = await readManifestFile(manifestAt("bad.yaml", invalid), noStdin, () => {});
    await expect(validateManifestFile(file, "strict", (line) => lines.push(line))).rejects.toThrow(`${file.file} is invalid (2 errors); nothing was sent`);
    expect(lines).toEqual([
      `${file.file}:9:15: error spec.trainer.numNodes: Invalid value: "two": must be of type integer (schema.type)`,
      `${file.file}:10:5: error spec.trainer.replicas: unknown field "spec.trainer.replicas" (schema.unknown-field)`,
    ]);
  });

  test("unknown fields as warnings do not block; the objects to send stay as written (no defaults)", async () => {
    const lines: string[] = [];
    const file = await readManifestFile(manifestAt("warn.yaml", invalid.replace("numNodes: two", "numNodes: 2")), noStdin, () => {});
    const before = structuredClone(file.manifests);
    await expect(validateManifestFile(file, "warn", (line) => lines.push(line))).resolves.toBeUndefined();
    expect(lines).toEqual([`${file.file}:10:5: warning spec.trainer.replicas: unknown field "spec.trainer.replicas" (schema.unknown-field)`]);
    expect(file.manifests).toEqual(before);
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
    expect(result.stderr).toMatch(/^<stdin>:\d+:\d+: error: .*\nerror: <stdin> is not valid YAML or JSON; nothing was sent\n/);
    expect(api.requests).toEqual([]);
  });
});
