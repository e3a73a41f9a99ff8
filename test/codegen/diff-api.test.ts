import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { JsonSchema } from "../../codegen/crd.ts";
import { type ApiChange, type ApiChangeReport, diffSchema } from "../../codegen/diff-api.ts";
import { repositoryRoot, sourcesDir } from "../support/sources.ts";

function diff(old: JsonSchema, next: JsonSchema): Array<Pick<ApiChange, "path" | "change" | "impact">> {
  const changes: Array<Pick<ApiChange, "path" | "change" | "impact">> = [];
  diffSchema(old, next, "", ({ path, change, impact }) => changes.push({ path, change, impact }));
  return changes;
}

const obj = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: "object", properties, ...extra });

describe("diffSchema", () => {
  test.each<[string, JsonSchema, JsonSchema, ApiChange["change"], ApiChange["impact"]]>([
    ["a new field is compatible", obj({}), obj({ a: { type: "string" } }), "field-added", "compatible"],
    ["a removed field is breaking", obj({ a: { type: "string" } }), obj({}), "field-removed", "breaking"],
    ["a type change is breaking", obj({ a: { type: "string" } }), obj({ a: { type: "integer" } }), "type-changed", "breaking"],
    ["a new enum value is compatible", obj({ a: { type: "string", enum: ["x"] } }), obj({ a: { type: "string", enum: ["x", "y"] } }), "enum-values-added", "compatible"],
    ["a removed enum value is breaking", obj({ a: { type: "string", enum: ["x", "y"] } }), obj({ a: { type: "string", enum: ["x"] } }), "enum-values-removed", "breaking"],
    ["a lower maxLength is breaking", obj({ a: { type: "string", maxLength: 9 } }), obj({ a: { type: "string", maxLength: 5 } }), "constraint-tightened", "breaking"],
    ["a lower minimum is compatible", obj({ a: { type: "integer", minimum: 1 } }), obj({ a: { type: "integer", minimum: 0 } }), "constraint-relaxed", "compatible"],
    ["a field made required is breaking", obj({ a: { type: "string" } }), obj({ a: { type: "string" } }, { required: ["a"] }), "required-added", "breaking"],
    ["a CEL rule on an existing field needs review", obj({ a: { type: "string" } }), obj({ a: { type: "string", "x-kubernetes-validations": [{ rule: "self != ''" }] } }), "cel-rule-added", "review"],
    ["a removed CEL rule is compatible", obj({ a: { type: "string", "x-kubernetes-validations": [{ rule: "self != ''" }] } }), obj({ a: { type: "string" } }), "cel-rule-removed", "compatible"],
  ])("%s", (_name, old, next, change, impact) => {
    expect(diff(old, next)).toEqual([{ path: ".a", change, impact }]);
  });

  test("a CEL rule inside a new field is compatible and reported", () => {
    const next = obj({ b: obj({ c: { type: "integer", "x-kubernetes-validations": [{ rule: "self == oldSelf" }] } }) });
    expect(diff(obj({}), next)).toEqual([
      { path: ".b", change: "field-added", impact: "compatible" },
      { path: ".b.c", change: "cel-rule-added", impact: "compatible" },
    ]);
  });
});

describe("kfts diff-api on Trainer v2.2.1 → v2.3.0", () => {
  const output = execFileSync(
    process.execPath,
    ["codegen/main.ts", "diff-api", join(sourcesDir, "trainer/v2.2.1"), join(sourcesDir, "trainer/v2.3.0"), "-o", "json"],
    { cwd: repositoryRoot, encoding: "utf8" },
  );
  const report = JSON.parse(output) as ApiChangeReport;
  const find = (resource: string, change: ApiChange["change"], path: RegExp): ApiChange[] =>
    report.changes.filter((c) => c.resource === resource && c.change === change && path.test(c.path));

  test("finds terminationGracePeriodSeconds under TrainJob runtimePatches", () => {
    expect(find("TrainJob v1alpha1", "field-added", /^\.spec\.runtimePatches\[\]\..*\.terminationGracePeriodSeconds$/)).toHaveLength(1);
  });

  test("finds the envInjection tree under the torch ML policy of both runtimes", () => {
    for (const kind of ["TrainingRuntime", "ClusterTrainingRuntime"]) {
      expect(find(`${kind} v1alpha1`, "field-added", /^\.spec\.mlPolicy\.torch\.envInjection$/)).toHaveLength(1);
    }
  });

  test("finds two new failure-policy action values", () => {
    const [change] = find("TrainingRuntime v1alpha1", "enum-values-added", /failurePolicy\.rules\[\]\.action$/);
    expect(change?.message).toBe("enum values added: RestartJob, RestartJobAndIgnoreMaxRestarts");
  });

  test("finds the raised maxLength on trainer command and args", () => {
    expect(find("TrainJob v1alpha1", "constraint-relaxed", /^\.spec\.trainer\.(command|args)\[\]$/).map((c) => c.message)).toEqual([
      "maxLength 65536 → 1048576",
      "maxLength 65536 → 1048576",
    ]);
  });

  test("finds three new CEL rules in TrainJob, and nothing breaking", () => {
    expect(find("TrainJob v1alpha1", "cel-rule-added", /./)).toHaveLength(3);
    expect(report.summary.breaking).toBe(0);
    expect(report.changes.every((c) => !c.breaking)).toBe(true);
  });

  test("the reverse upgrade is breaking, and --fail-on-breaking exits 1", () => {
    expect(() =>
      execFileSync(process.execPath, ["codegen/main.ts", "diff-api", join(sourcesDir, "trainer/v2.3.0"), join(sourcesDir, "trainer/v2.2.1"), "--fail-on-breaking"], {
        cwd: repositoryRoot,
        stdio: "pipe",
      }),
    ).toThrow(expect.objectContaining({ status: 1 }));
  });
});
