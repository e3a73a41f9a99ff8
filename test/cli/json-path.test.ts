import { describe, expect, test } from "vitest";
import { evaluateJsonPath, parseJsonPath } from "../../src/cli/json-path.ts";

const experiment = {
  metadata: { name: "random", labels: { "app.kubernetes.io/name": "katib" } },
  status: { conditions: [{ type: "Created", status: "True" }, { type: "Running", status: "True" }, { type: "Succeeded", status: "False" }] },
  spec: { parameters: [{ name: "lr" }, { name: "momentum" }] },
};

describe("evaluateJsonPath", () => {
  test.each([
    [".metadata.name", ["random"]],
    ["{.metadata.name}", ["random"]],
    [".status.conditions[-1:].type", ["Succeeded"]],
    [".status.conditions[-1].status", ["False"]],
    [".status.conditions[0].type", ["Created"]],
    [".status.conditions[0:2].type", ["Created", "Running"]],
    [".spec.parameters[*].name", ["lr", "momentum"]],
    [".metadata.labels['app.kubernetes.io/name']", ["katib"]],
    [".status.missing", []],
    [".status.conditions[7].type", []],
    [".metadata.name.deeper", []],
  ])("%s", (path, expected) => {
    expect(evaluateJsonPath(experiment, parseJsonPath(path))).toEqual(expected);
  });

  test("an empty list selects nothing through a slice", () => {
    expect(evaluateJsonPath({ status: { conditions: [] } }, parseJsonPath(".status.conditions[-1:].type"))).toEqual([]);
  });

  test("unsupported syntax is rejected with the path", () => {
    expect(() => parseJsonPath(".items[?(@.x)]")).toThrow(/unsupported JSONPath ".items\[\?\(@.x\)\]"/);
  });
});
