/**
 * x-kubernetes-validations: every rule of the Trainer CRDs compiles with the CEL engine, each (non-transition) rule
 * is enforced, transition rules are skipped and counted, and rules the engine cannot compile are reported.
 */
import { describe, expect, test } from "vitest";
import type { StructureSchema } from "../../generated/validator-runtime.ts";
import { compileCel, evaluateCelRules, parseFieldPath } from "../../src/validate/cel.ts";
import { findKind, loadValidator } from "../../src/validate/kinds.ts";
import { validateObject } from "../../src/validate/index.ts";
import { clusterTrainingRuntime, trainJob } from "./fixtures.ts";

/** Every rule occurrence of a schema tree, following $refs (the emitted schema shares repeated subtrees). */
function rulesOf(structure: StructureSchema): string[] {
  const definitions = (structure.definitions ?? {}) as Record<string, StructureSchema>;
  const rules: string[] = [];
  const visit = (node: StructureSchema): void => {
    if (typeof node.$ref === "string") visit(definitions[node.$ref.replace("#/definitions/", "")] as StructureSchema);
    rules.push(...((node["x-kubernetes-validations"] as Array<{ rule: string }> | undefined) ?? []).map((rule) => rule.rule));
    for (const child of Object.values((node.properties ?? {}) as Record<string, StructureSchema>)) visit(child);
    for (const key of ["items", "additionalProperties"]) if (node[key]) visit(node[key] as StructureSchema);
    for (const part of (node.allOf ?? []) as StructureSchema[]) visit(part);
  };
  visit(structure);
  return rules;
}

async function structureOf(kind: string): Promise<StructureSchema> {
  const lookup = findKind("trainer.kubeflow.org/v1alpha1", kind);
  if (lookup.status !== "found") throw new Error(kind);
  return (await loadValidator(lookup.validator)).structure;
}

describe("the Trainer CRDs' rules", () => {
  test.each([
    ["TrainJob", 19],
    ["TrainingRuntime", 11],
    ["ClusterTrainingRuntime", 11],
  ])("%s: %i rules, all compile", async (kind, count) => {
    const rules = rulesOf(await structureOf(kind));
    expect(rules.length).toBe(count);
    for (const rule of rules) {
      if (/\boldSelf\b/.test(rule)) continue;
      expect(compileCel(rule)).toMatchObject({ ok: true });
    }
  });
});

type Mutate = (object: Record<string, any>) => void;

describe("enforced rules", () => {
  const trainJobCases: Array<[string, Mutate, string, string]> = [
    ["name must be an RFC 1035 label", (o) => (o.metadata.name = "1st-job"), "", "metadata.name must match RFC 1035 DNS label format"],
    ["name at most 63 characters", (o) => (o.metadata.name = `j${"o".repeat(63)}`), "", "metadata.name must be no more than 63 characters"],
    ["managedBy values", (o) => (o.spec.managedBy = "example.com/mine"), "spec.managedBy", "ManagedBy must be trainer.kubeflow.org/trainjob-controller or kueue.x-k8s.io/multikueue if set"],
    ["dataset storageUri", (o) => (o.spec.initializer = { dataset: { storageUri: "bucket/path" } }), "spec.initializer.dataset.storageUri", "storageUri may be empty, or it must be a valid URI (scheme://...)"],
    ["model storageUri", (o) => (o.spec.initializer = { model: { storageUri: "hf:/x" } }), "spec.initializer.model.storageUri", "storageUri may be empty, or it must be a valid URI (scheme://...)"],
  ];
  test.each(trainJobCases)("TrainJob: %s", async (_name, mutate, path, message) => {
    const object = trainJob();
    mutate(object);
    const report = await validateObject(object);
    expect(report.issues).toMatchObject([{ severity: "error", rule: "cel", path, message }]);
  });

  const runtimeCases: Array<[string, Mutate, string, string]> = [
    ["one ML policy", (o) => (o.spec.mlPolicy = { torch: {}, mpi: {} }), "spec.mlPolicy", "Only one of the policy can be configured"],
    ["flux processes", (o) => (o.spec.mlPolicy = { flux: { numProcPerNode: 0 } }), "spec.mlPolicy.flux.numProcPerNode", "NumProcPerNode in fluxPolicy must be >= 1"],
    ["env injection targets", (o) => (o.spec.mlPolicy = { torch: { envInjection: { targets: [{ jobName: "node", containerNames: ["node"] }] } } }), "spec.mlPolicy.torch.envInjection.targets[0].containerNames", "containerNames must not include the main node container because PET_* envs are always injected into it"],
    ["startupPolicy and dependsOn", (o) => {
      o.spec.template.spec.startupPolicy = { startupPolicyOrder: "InOrder" };
      o.spec.template.spec.replicatedJobs.unshift({ name: "init", template: { spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }] } } } } });
      o.spec.template.spec.replicatedJobs[1].dependsOn = [{ name: "init", status: "Complete" }];
    }, "spec.template.spec", "StartupPolicy and DependsOn APIs are mutually exclusive"],
  ];
  test.each(runtimeCases)("ClusterTrainingRuntime: %s", async (_name, mutate, path, message) => {
    const object = clusterTrainingRuntime();
    mutate(object);
    const report = await validateObject(object);
    expect(report.issues).toMatchObject([{ severity: "error", rule: "cel", path, message }]);
  });

  test("generateName: rules see the generated name", async () => {
    const object = trainJob();
    object.metadata = { generateName: "job-" };
    expect((await validateObject(object)).valid).toBe(true);
  });

  test("transition rules are skipped and counted", async () => {
    const report = await validateObject(trainJob());
    expect(report.documents[0]?.cel).toMatchObject({ evaluated: 3, notChecked: 0 });
    expect(report.documents[0]?.cel.skippedTransition).toBeGreaterThan(0);
  });
});

describe("the evaluator", () => {
  const structure = (rules: object[]): StructureSchema => ({
    type: "object",
    properties: { spec: { type: "object", properties: { replicas: { type: "integer" }, ratio: { type: "number" } }, "x-kubernetes-validations": rules } },
  });

  test("a rule the engine cannot compile is a warning, never a pass", () => {
    const { findings, stats } = evaluateCelRules({ spec: { replicas: 1 } }, structure([{ rule: "self.replicas.frobnicate()" }]));
    expect(stats).toEqual({ evaluated: 0, skippedTransition: 0, notChecked: 1 });
    expect(findings).toMatchObject([{ severity: "warning", rule: "cel.not-checked", at: ["spec"] }]);
  });

  test("messageExpression, fieldPath, and integers typed as CEL ints", () => {
    const rule = { rule: "self.replicas <= 3 && self.ratio < 1.0", messageExpression: "'replicas is ' + string(self.replicas)", fieldPath: ".replicas" };
    const { findings } = evaluateCelRules({ spec: { replicas: 5, ratio: 0.5 } }, structure([rule]));
    expect(findings).toMatchObject([{ severity: "error", rule: "cel", at: ["spec", "replicas"], message: "replicas is 5" }]);
  });

  test("an evaluation error fails the rule, as in the apiserver", () => {
    const { findings } = evaluateCelRules({ spec: {} }, structure([{ rule: "self.replicas > 0", message: "needs replicas" }]));
    expect(findings).toMatchObject([{ severity: "error", rule: "cel" }]);
    expect(findings[0]?.message).toMatch(/needs replicas: evaluation error/);
  });

  test.each([
    [".spec.replicas", ["spec", "replicas"]],
    [".labels['app.kubernetes.io/name']", ["labels", "app.kubernetes.io/name"]],
    [".items[2]", ["items", 2]],
  ])("fieldPath %s", (path, expected) => {
    expect(parseFieldPath(path)).toEqual(expected);
  });

  test.each([
    ["'abc'.charAt(1) == 'b'"],
    ["[1, 2, 3].isSorted() && [1, 2].sum() == 3 && [3, 1].min() == 1"],
    ["isQuantity('1Gi') && !isQuantity('1 Gi')"],
    ["'a-b'.replace('-', '_') == 'a_b'"],
    ["isURL('https://example.com')"],
  ])("Kubernetes CEL library: %s", (expression) => {
    const compiled = compileCel(expression);
    expect(compiled.ok && compiled.program({ self: null })).toBe(true);
  });
});
