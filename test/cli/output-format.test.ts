import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { experimentResource, suggestionResource } from "../../generated/katib/v1beta1/resources.ts";
import { trainJobResource } from "../../generated/trainer/v1alpha1/resources.ts";
import { parseOutputFormat, toOutputText, toPrintable } from "../../src/cli/output-format.ts";
import { renderTable } from "../../src/cli/table.ts";

const now = new Date("2025-01-01T12:00:00Z");
const experiments = [
  {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name: "random-example", namespace: "kubeflow", creationTimestamp: "2025-01-01T11:55:00Z" },
    status: { conditions: [{ type: "Created", status: "True" }, { type: "Running", status: "True" }] },
  },
  { apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name: "new", namespace: "team-a", creationTimestamp: "2025-01-01T11:59:58Z" } },
];

describe("tables with the CRDs' printer columns", () => {
  test("experiments: NAME, then Type, Status, Age from .status.conditions[-1:] and creationTimestamp", () => {
    const text = toOutputText(experiments, toPrintable(experimentResource, "table"), "table", { now });
    expect(text).toBe(["NAME             TYPE      STATUS   AGE", "random-example   Running   True     5m", "new              <none>    <none>   2s", ""].join("\n"));
  });

  test("--all-namespaces puts NAMESPACE first", () => {
    const text = toOutputText(experiments, toPrintable(experimentResource, "table", { withNamespace: true }), "table", { now });
    expect(text.split("\n")[0]).toBe("NAMESPACE   NAME             TYPE      STATUS   AGE");
    expect(text.split("\n")[2]).toMatch(/^team-a {6}new/);
  });

  test("suggestions show Requested and Assigned; trainjobs an extra Runtime column before Age", () => {
    const suggestion = { metadata: { name: "s", creationTimestamp: "2025-01-01T10:00:00Z" }, spec: { requests: 3 }, status: { suggestionCount: 2 } };
    expect(toOutputText([suggestion], toPrintable(suggestionResource, "table"), "table", { now }).split("\n")[1]).toBe("s      <none>   <none>   3           2          120m");
    const job = { metadata: { name: "j", creationTimestamp: "2025-01-01T11:00:00Z" }, spec: { runtimeRef: { name: "torch-distributed" } }, status: { conditions: [{ type: "Complete", status: "True" }] } };
    const printable = toPrintable(trainJobResource, "table", { extra: [{ name: "Runtime", type: "string", jsonPath: ".spec.runtimeRef.name" }] });
    expect(toOutputText([job], printable, "table", { now })).toBe("NAME   STATE      RUNTIME             AGE\nj      Complete   torch-distributed   60m\n");
  });

  test("renderTable pads every column but the last and leaves no trailing spaces", () => {
    expect(renderTable(["A", "LONGER"], [["x", ""], ["yyyy", "z"]])).toBe("A      LONGER\nx\nyyyy   z\n");
  });
});

describe("-o json|yaml|name", () => {
  test("a list is a v1 List; a single get is the object itself", () => {
    const list = JSON.parse(toOutputText(experiments, toPrintable(experimentResource, "json"), "json"));
    expect(list).toMatchObject({ apiVersion: "v1", kind: "List", items: [{ metadata: { name: "random-example" } }, { metadata: { name: "new" } }] });
    const single = JSON.parse(toOutputText([experiments[0]], toPrintable(experimentResource, "json"), "json", { single: true }));
    expect(single.kind).toBe("Experiment");
  });

  test("yaml round-trips", () => {
    expect(parse(toOutputText(experiments, toPrintable(experimentResource, "yaml"), "yaml")).items[1].metadata.namespace).toBe("team-a");
  });

  test("yaml reads back as kubectl reads it: YAML 1.1 words stay strings, undefined fields are left out like json's", () => {
    const item = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: undefined }, data: { a: "y", b: "on", c: "0755", d: "true" } };
    const text = toOutputText([item], toPrintable(experimentResource, "yaml"), "yaml", { single: true });
    expect(parse(text, { version: "1.1" })).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "y", b: "on", c: "0755", d: "true" } });
  });

  test("name prints kind.group/name, as kubectl does", () => {
    expect(toOutputText(experiments, toPrintable(experimentResource, "name"), "name")).toBe("experiment.kubeflow.org/random-example\nexperiment.kubeflow.org/new\n");
  });

  test("an unknown format is a usage error listing the valid ones", () => {
    expect(() => parseOutputFormat("xml")).toThrow(/unknown output format "xml"/);
    expect(parseOutputFormat(undefined)).toBe("table");
  });
});
