/**
 * Reading sources: documents, positions, kubectl's YAML dialect, and the source-level problems.
 */
import { describe, expect, test } from "vitest";
import { parseManifestSource } from "../../src/validate/parse-documents.ts";
import { validateManifests } from "../../src/validate/index.ts";

describe("parseManifestSource", () => {
  test("license headers and empty documents are no documents", () => {
    const parsed = parseManifestSource("# Copyright 2025\n# Apache-2.0\n---\napiVersion: v1\nkind: A\n---\n---\n# only a comment\n");
    expect(parsed.findings).toEqual([]);
    expect(parsed.documents.filter((document) => !document.empty).map((document) => document.value)).toEqual([{ apiVersion: "v1", kind: "A" }]);
  });

  test("an empty source has no documents", () => {
    expect(parseManifestSource("").documents).toEqual([]);
  });

  test.each([
    ["yes", true],
    ["no", false],
    ["on", true],
    ["Off", false],
    ["'yes'", "yes"],
    ["true", true],
    ["1.0", 1],
  ])("reads %s as kubectl does (YAML 1.1): %j", (text, expected) => {
    expect(parseManifestSource(`a: ${text}\n`).documents[0]?.value).toEqual({ a: expected });
  });

  test("a document whose nodes YAML aliases share is marked: it is not a tree, and is copied before defaulting", () => {
    const parsed = parseManifestSource("a: &x {b: 1}\nc: *x\n---\nd: {e: 1}\n---\n{\"f\": [1]}\n");
    expect(parsed.documents.map((document) => document.aliased === true)).toEqual([true, false, false]);
    const [shared] = parsed.documents;
    const value = shared?.value as { a: unknown; c: unknown };
    expect(value.a).toBe(value.c);
    expect(parseManifestSource('{"a": {"b": 1}}').documents[0]?.aliased).not.toBe(true);
  });

  test("merge keys", () => {
    expect(parseManifestSource("base: &b {x: 1}\nder:\n  <<: *b\n  z: 2\n").documents[0]?.value).toEqual({ base: { x: 1 }, der: { x: 1, z: 2 } });
  });

  test("locates values and keys, and falls back to the nearest ancestor", () => {
    const document = parseManifestSource("a:\n  b:\n    - x: 1\n      z: 2\n").documents[0];
    expect(document?.locate(["a", "b", 0, "z"])).toEqual({ line: 4, column: 10 });
    expect(document?.locate(["a", "b", 0, "z"], true)).toEqual({ line: 4, column: 7 });
    expect(document?.locate(["a", "b", 0, "missing"])).toEqual({ line: 3, column: 7 });
  });

  test("JSON sources have positions too", () => {
    const document = parseManifestSource('{\n  "a": {\n    "b": [1, 2]\n  }\n}').documents[0];
    expect(document?.locate(["a", "b", 1])).toEqual({ line: 3, column: 14 });
  });
});

describe("source problems are issues", () => {
  const cases: Array<[string, string, string]> = [
    ["duplicate keys", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n", "yaml.duplicate-key"],
    ["a syntax error", "a: [1, 2\nb: c\n", "yaml.bad-indent"],
    ["tabs as indentation", "a:\n\t- b\n", "yaml.tab-as-indent"],
    ["binary content", "a: 1\u0000\u0001\u0002", "input.binary"],
    ["a scalar document", "just a string\n", "document.not-object"],
    ["a missing kind", "apiVersion: v1\nmetadata: {name: x}\n", "document.type-meta"],
  ];
  test.each(cases)("%s", async (_name, source, rule) => {
    const report = await validateManifests(source, { file: "x.yaml" });
    expect(report.valid).toBe(false);
    expect(report.issues.map((issue) => issue.rule)).toContain(rule);
    expect(report.issues.every((issue) => issue.file === "x.yaml")).toBe(true);
  });

  test("a key YAML 1.1 reads as a boolean gets a warning", async () => {
    const report = await validateManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  on: x\n");
    expect(report.issues.map((issue) => [issue.rule, issue.line])).toContainEqual(["yaml.boolean-key", 5]);
  });

  test("syntax errors carry the parser's position", async () => {
    const report = await validateManifests("apiVersion: v1\nkind: A\nmetadata: {name: [}\n");
    expect(report.issues[0]).toMatchObject({ severity: "error", line: 3 });
  });
});

describe("what is validated", () => {
  test("other resources are skipped with a warning", async () => {
    const report = await validateManifests("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n");
    expect(report.valid).toBe(true);
    expect(report.documents[0]).toMatchObject({ skipped: true, kind: "Deployment" });
    expect(report.issues).toMatchObject([{ severity: "warning", rule: "document.skipped" }]);
  });

  test.each([
    ["kubeflow.org/v1beta2", "Experiment", "api.unknown-version"],
    ["kubeflow.org/v1beta1", "Experimentt", "api.unknown-kind"],
    ["trainer.kubeflow.org/v1", "TrainJob", "api.unknown-version"],
    ["trainer.kubeflow.org/v1alpha1", "TrainingJob", "api.unknown-kind"],
  ])("%s %s in a served group is an error", async (apiVersion, kind, rule) => {
    const report = await validateManifests(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`);
    expect(report.valid).toBe(false);
    expect(report.issues).toMatchObject([{ severity: "error", rule, line: apiVersion.endsWith("v1beta1") || apiVersion.endsWith("v1alpha1") ? 2 : 1 }]);
  });

  test("training-operator kinds in kubeflow.org/v1 are skipped, not unknown", async () => {
    const report = await validateManifests("apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata: {name: x}\n");
    expect(report).toMatchObject({ valid: true, documents: [{ skipped: true }] });
  });

  test("items of a List are validated one by one, with their positions", async () => {
    const source = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - apiVersion: trainer.kubeflow.org/v1alpha1",
      "    kind: TrainJob",
      "    metadata: {name: ok}",
      "    spec: {runtimeRef: {name: torch-distributed}}",
      "  - apiVersion: trainer.kubeflow.org/v1alpha1",
      "    kind: TrainJob",
      "    metadata: {name: bad}",
      "    spec: {runtimeRef: {name: torch-distributed}, trainer: {numNodes: many}}",
    ].join("\n");
    const report = await validateManifests(source, { file: "list.yaml" });
    expect(report.documents.map((document) => [document.item, document.name, document.valid])).toEqual([
      [0, "ok", true],
      [1, "bad", false],
    ]);
    expect(report.issues).toMatchObject([{ path: "items[1].spec.trainer.numNodes", line: 11, rule: "schema.type" }]);
  });
});

describe("JSON sources", () => {
  test("duplicate keys are refused, as kubectl does", async () => {
    const report = await validateManifests('{"apiVersion": "v1", "kind": "ConfigMap", "kind": "Secret", "metadata": {"name": "x"}}');
    expect(report.issues).toMatchObject([{ rule: "json.duplicate-key", path: "kind", line: 1, column: 43 }]);
  });

  test("positions of values and keys", async () => {
    const source = JSON.stringify({ apiVersion: "trainer.kubeflow.org/v1alpha1", kind: "TrainJob", metadata: { name: "j" }, spec: { runtimeRef: { name: "r" }, trainer: { numNodes: "x", extra: 1 } } }, null, 2);
    const report = await validateManifests(source, { file: "j.json" });
    expect(report.issues.map(({ path, line, column, rule }) => ({ path, line, column, rule }))).toEqual([
      { path: "spec.trainer.numNodes", line: 12, column: 19, rule: "schema.type" },
      { path: "spec.trainer.extra", line: 13, column: 7, rule: "schema.unknown-field" },
    ]);
  });

  test("deep nesting is refused", async () => {
    const report = await validateManifests(`{"a": ${"[".repeat(5000)}${"]".repeat(5000)}}`);
    expect(report.issues.map((issue) => issue.rule)).toEqual(["json.depth"]);
  });

  test("text that is not strict JSON goes to the YAML parser", async () => {
    const report = await validateManifests("{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}");
    expect(report.documents[0]).toMatchObject({ kind: "ConfigMap", skipped: true });
  });
});
