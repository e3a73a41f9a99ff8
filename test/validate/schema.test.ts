/**
 * The schema constructs of the Trainer CRDs as the apiserver enforces them: one case per construct.
 */
import { describe, expect, test } from "vitest";
import { applyDefaults, type FieldValidation, validateObject } from "../../src/validate/index.ts";
import { clusterTrainingRuntime, trainJob } from "./fixtures.ts";

type Mutate = (object: Record<string, any>) => void;

async function issuesOf(object: Record<string, any>, validate: FieldValidation = "strict") {
  const report = await validateObject(object, { validate });
  return report.issues.filter((issue) => issue.rule !== "document.skipped").map(({ severity, path, rule }) => ({ severity, path, rule }));
}

describe("valid fixtures", () => {
  test.each([
    ["TrainJob", trainJob],
    ["ClusterTrainingRuntime", clusterTrainingRuntime],
  ])("%s", async (_kind, make) => {
    expect(await issuesOf(make())).toEqual([]);
  });
});

describe("TrainJob schema constructs", () => {
  const cases: Array<[string, Mutate, { severity: string; path: string; rule: string }]> = [
    ["type", (o) => (o.spec.trainer.numNodes = "two"), { severity: "error", path: "spec.trainer.numNodes", rule: "schema.type" }],
    ["float for an integer", (o) => (o.spec.trainer.numNodes = 2.5), { severity: "error", path: "spec.trainer.numNodes", rule: "schema.type" }],
    ["integer beyond int64", (o) => (o.spec.trainer.numNodes = 1e20), { severity: "error", path: "spec.trainer.numNodes", rule: "schema.type" }],
    ["int32 range (refused since Kubernetes 1.36)", (o) => (o.spec.trainer.numNodes = 2 ** 31), { severity: "error", path: "spec.trainer.numNodes", rule: "schema.format" }],
    ["required", (o) => delete o.spec.runtimeRef.name, { severity: "error", path: "spec.runtimeRef.name", rule: "schema.required" }],
    ["minLength", (o) => (o.spec.runtimeRef.name = ""), { severity: "error", path: "spec.runtimeRef.name", rule: "schema.min-length" }],
    ["maxLength", (o) => (o.spec.runtimeRef.kind = "x".repeat(254)), { severity: "error", path: "spec.runtimeRef.kind", rule: "schema.max-length" }],
    ["maxItems", (o) => (o.spec.trainer.args = Array.from({ length: 129 }, () => "a")), { severity: "error", path: "spec.trainer.args", rule: "schema.max-items" }],
    ["minimum", (o) => (o.spec.activeDeadlineSeconds = 0), { severity: "error", path: "spec.activeDeadlineSeconds", rule: "schema.minimum" }],
    ["int-or-string: a float is neither", (o) => (o.spec.trainer.resourcesPerNode.limits.cpu = 0.5), { severity: "error", path: "spec.trainer.resourcesPerNode.limits.cpu", rule: "schema.any-of" }],
    ["quantity pattern on the string branch", (o) => (o.spec.trainer.resourcesPerNode.limits.memory = "4 GB"), { severity: "error", path: "spec.trainer.resourcesPerNode.limits.memory", rule: "schema.pattern" }],
    ["list-map key duplicated", (o) => o.spec.trainer.env.push({ name: "A", value: "2" }), { severity: "error", path: "spec.trainer.env[1]", rule: "schema.list-duplicate" }],
    ["unknown field", (o) => (o.spec.trainer.replicas = 3), { severity: "error", path: "spec.trainer.replicas", rule: "schema.unknown-field" }],
    ["unknown field in metadata", (o) => (o.metadata.owner = "me"), { severity: "error", path: "metadata.owner", rule: "schema.unknown-field" }],
    ["unknown status field (strict decoding precedes the status reset)", (o) => (o.status = { foo: 1 }), { severity: "error", path: "status.foo", rule: "schema.unknown-field" }],
    ["wrong metadata type", (o) => (o.metadata.labels = ["a"]), { severity: "error", path: "metadata.labels", rule: "schema.type" }],
  ];
  test.each(cases)("%s", async (_name, mutate, expected) => {
    const object = trainJob();
    mutate(object);
    expect(await issuesOf(object)).toEqual([expected]);
  });

  test("an int-or-string accepts integers and strings", async () => {
    const object = trainJob();
    object.spec.trainer.resourcesPerNode.limits = { cpu: 2, memory: "1.5Gi", "example.com/fpga": "1" };
    expect(await issuesOf(object)).toEqual([]);
  });

  test("status values are not validated when the kind has a status subresource", async () => {
    const object = trainJob();
    object.status = { conditions: "not-a-list" };
    expect(await issuesOf(object)).toEqual([]);
  });

  test("nulls of non-nullable fields are dropped before validation (also in maps)", async () => {
    const object = trainJob();
    object.spec.trainer.image = null;
    object.metadata.labels.app = null;
    expect(await issuesOf(object)).toEqual([]);
  });

  test("enum of a runtime field", async () => {
    const object = clusterTrainingRuntime();
    object.spec.mlPolicy = { numNodes: 1, mpi: { mpiImplementation: "MPICH-ish" } };
    expect(await issuesOf(object)).toEqual([{ severity: "error", path: "spec.mlPolicy.mpi.mpiImplementation", rule: "schema.enum" }]);
  });
});

describe("unknown fields follow --validate", () => {
  test.each([
    ["strict", [{ severity: "error", path: "spec.foo", rule: "schema.unknown-field" }]],
    ["warn", [{ severity: "warning", path: "spec.foo", rule: "schema.unknown-field" }]],
    ["ignore", []],
  ] as const)("%s", async (mode, expected) => {
    const object = trainJob();
    object.spec.foo = "bar";
    expect(await issuesOf(object, mode)).toEqual(expected);
  });
});

describe("metadata as the apiserver checks it", () => {
  const cases: Array<[string, Mutate, string, string]> = [
    ["no name nor generateName", (o) => delete o.metadata.name, "metadata.name", "metadata.name"],
    ["a name that is not a DNS subdomain", (o) => (o.metadata.name = "my_job"), "metadata.name", "metadata.name"],
    ["a bad generateName", (o) => ((o.metadata.generateName = "Job-"), delete o.metadata.name), "metadata.generateName", "metadata.generate-name"],
    ["a bad namespace", (o) => (o.metadata.namespace = "Team.A"), "metadata.namespace", "metadata.namespace"],
    ["a bad label key", (o) => (o.metadata.labels = { "a/b/c": "x" }), "metadata.labels[a/b/c]", "metadata.labels"],
    ["a label value over 63 characters", (o) => (o.metadata.labels = { app: "x".repeat(64) }), "metadata.labels.app", "metadata.labels"],
    ["a bad annotation key", (o) => (o.metadata.annotations = { "-x": "1" }), "metadata.annotations[-x]", "metadata.annotations"],
    ["annotations over 256 KiB", (o) => (o.metadata.annotations = { big: "x".repeat(262_144) }), "metadata.annotations", "metadata.annotations"],
  ];
  test.each(cases)("%s", async (_name, mutate, path, rule) => {
    const object = trainJob();
    mutate(object);
    expect((await issuesOf(object)).filter((issue) => issue.severity === "error")).toContainEqual({ severity: "error", path, rule });
  });

  test("generateName alone is enough", async () => {
    const object = clusterTrainingRuntime();
    object.metadata = { generateName: "torch-" };
    expect(await issuesOf(object)).toEqual([]);
  });

  test("a namespace on a cluster-scoped kind is ignored, with a warning", async () => {
    const object = clusterTrainingRuntime();
    object.metadata.namespace = "default";
    expect(await issuesOf(object)).toEqual([{ severity: "warning", path: "metadata.namespace", rule: "metadata.namespace" }]);
  });
});

describe("applyDefaults", () => {
  test("applies the CRD's structural defaults without touching the argument", async () => {
    const object = trainJob();
    const defaulted = await applyDefaults(object);
    expect(defaulted.spec).toMatchObject({ managedBy: "trainer.kubeflow.org/trainjob-controller", suspend: false, runtimeRef: { apiGroup: "trainer.kubeflow.org", kind: "ClusterTrainingRuntime" } });
    expect(object.spec.managedBy).toBeUndefined();
  });

  test("leaves other objects alone", async () => {
    const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } };
    expect(await applyDefaults(object)).toEqual(object);
  });
});
