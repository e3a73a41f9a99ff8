import { describe, expect, test } from "vitest";
import { apiInputsFromCrds } from "../../codegen/api-input.ts";
import { parseCrds } from "../../codegen/crd.ts";
import { generateApis } from "../../codegen/generate.ts";
import { loadEmitDeps } from "../../codegen/main.ts";

const deps = await loadEmitDeps();

/** A one-kind CRD whose spec has the given properties. */
function crdYaml(specProperties: string, extra = ""): string {
  return `# a license header, as upstream files have
---
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      subresources: { status: {} }
      additionalPrinterColumns:
        - { name: Phase, type: string, jsonPath: .status.phase }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            apiVersion: { type: string }
            kind: { type: string }
            metadata: { type: object }
            spec:
              type: object
              properties:
${specProperties}
${extra}`;
}

async function widgetTypes(specProperties: string): Promise<string> {
  const inputs = apiInputsFromCrds(parseCrds(crdYaml(specProperties), "widget.yaml"), "test");
  const files = await generateApis(inputs, deps);
  return files.get("example.com/v1/openapi.ts") ?? "";
}

/** The emitted source with comments dropped and white space folded. */
function folded(source: string): string {
  return source.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ");
}

describe("Kubernetes constructs", () => {
  test.each([
    ["a field with a default stays optional", "                replicas: { type: integer, default: 1 }", "replicas", "?: number"],
    ["an object without properties is an open record", "                settings: { type: object }", "settings", "?: Record<string, unknown>"],
    ["x-kubernetes-int-or-string without anyOf is number | string", "                port: { x-kubernetes-int-or-string: true }", "port", "?: number | string"],
    [
      "x-kubernetes-int-or-string with anyOf is number | string",
      "                maxSkew: { anyOf: [{ type: integer }, { type: string }], x-kubernetes-int-or-string: true }",
      "maxSkew",
      "?: number | string",
    ],
    ["x-kubernetes-preserve-unknown-fields without properties is an open record", "                raw: { type: object, x-kubernetes-preserve-unknown-fields: true }", "raw", "?: Record<string, unknown>"],
    [
      "x-kubernetes-preserve-unknown-fields keeps declared properties and opens the rest",
      "                template:\n                  type: object\n                  x-kubernetes-preserve-unknown-fields: true\n                  properties: { image: { type: string } }",
      "template",
      "?: { image?: string; } & { [key: string]: unknown; }",
    ],
    ["an enum is a literal union", "                policy: { type: string, enum: [Always, Never] }", "policy", '?: "Always" | "Never"'],
    ["a required field is required", "                image: { type: string }\n              required: [image]", "image", ": string"],
  ])("%s", async (_name, properties, field, expected) => {
    expect(folded(await widgetTypes(properties))).toContain(` ${field}${expected};`);
  });

  test("metadata is ObjectMeta and the kind has literal apiVersion and kind", async () => {
    const source = await widgetTypes("                size: { type: integer }");
    expect(source).toContain('metadata?: components["schemas"]["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]');
    expect(source).toContain('apiVersion?: "example.com/v1"');
    expect(source).toContain('kind?: "Widget"');
    expect(source).toContain('kind?: "WidgetList"');
  });
});

describe("CRD input", () => {
  test("every served version becomes a group/version with descriptors and paths", async () => {
    const twoVersions = crdYaml("                size: { type: integer }").replace(
      "    - name: v1\n",
      "    - name: v1alpha1\n      served: true\n      storage: false\n      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object } } } }\n    - name: v1\n",
    );
    const files = await generateApis(apiInputsFromCrds(parseCrds(twoVersions, "widget.yaml"), "test"), deps);
    expect([...files.keys()].filter((path) => path.endsWith("resources.ts"))).toEqual(["example.com/v1/resources.ts", "example.com/v1alpha1/resources.ts"]);
    const resources = files.get("example.com/v1/resources.ts") ?? "";
    expect(resources).toContain('"plural": "widgets"');
    expect(resources).toContain('"shortNames": [\n    "wd"\n  ]');
    expect(resources).toContain('"jsonPath": ".status.phase"');
    expect(resources).toContain('"subresources": [\n    "status"\n  ]');
    const openapi = files.get("example.com/v1/openapi.ts") ?? "";
    expect(openapi).toContain('"/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status"');
    expect(openapi).toContain('"/apis/example.com/v1/widgets"');
  });

  test("a YAML syntax error names the file and line", () => {
    expect(() => parseCrds("kind: CustomResourceDefinition\nspec: [unclosed\n", "broken.yaml")).toThrow(/^broken\.yaml:\d+: /);
  });

  test("output is deterministic", async () => {
    const once = await generateApis(apiInputsFromCrds(parseCrds(crdYaml("                a: { type: string }"), "w.yaml"), "test"), deps);
    const twice = await generateApis(apiInputsFromCrds(parseCrds(crdYaml("                a: { type: string }"), "w.yaml"), "test"), deps);
    expect([...twice]).toEqual([...once]);
  });
});

describe("core types shared across groups", () => {
  test("a core schema identical in two groups is declared by the first and referenced by the second", async () => {
    const widget = parseCrds(crdYaml("                a: { type: string }"), "w.yaml");
    const gadget = parseCrds(crdYaml("                b: { type: string }").replaceAll("example.com", "other.org").replaceAll("widgets", "gadgets").replaceAll("Widget", "Gadget"), "g.yaml");
    const files = await generateApis([...apiInputsFromCrds(widget, "w"), ...apiInputsFromCrds(gadget, "g")], deps);
    const first = folded(files.get("example.com/v1/openapi.ts") ?? "");
    const second = folded(files.get("other.org/v1/openapi.ts") ?? "");
    expect(first).toContain('"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": { name?: string;');
    expect(second).toContain(
      '"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": SharedComponents["schemas"]["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"];',
    );
    expect(second).toContain('import type { components as SharedComponents } from "../../example.com/v1/openapi.ts";');
    expect(folded(files.get("core.ts") ?? "")).toContain("V1ObjectMeta");
  });
});
