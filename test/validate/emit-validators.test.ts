/**
 * The validator emitter (codegen/validators): schema preparation, deduplication, and the emitted module, which is
 * imported and run here exactly as generated/ modules are.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import type { ValidatorModule } from "../../generated/validator-runtime.ts";
import { dedupeSchema } from "../../codegen/validators/dedupe-schema.ts";
import { emitValidatorModule, moduleSchema } from "../../codegen/validators/emit-validators.ts";
import type { ValidatorInput } from "../../codegen/validators/validator-input.ts";
import { INT64_KEYWORD, prepareSchema } from "../../codegen/validators/prepare-schema.ts";
import { repositoryRoot } from "../support/sources.ts";

describe("prepareSchema", () => {
  test("a CRD's objects are closed, even without properties; preserved ones stay open", () => {
    const prepared = prepareSchema(
      { type: "object", properties: { a: { type: "object" }, b: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, c: { type: "object", additionalProperties: { type: "string" } } } },
      "crd",
    );
    expect(prepared).toMatchObject({ additionalProperties: false, properties: { a: { additionalProperties: false }, c: { additionalProperties: { type: "string" } } } });
    expect((prepared.properties as Record<string, object>).b).not.toHaveProperty("additionalProperties");
  });

  test("a Go type without properties is opaque (RawExtension)", () => {
    expect(prepareSchema({ type: "object" }, "openapi")).toEqual({ type: "object" });
    expect(prepareSchema({ type: "object", properties: { a: { type: "string" } } }, "openapi")).toMatchObject({ additionalProperties: false });
  });

  test("OpenAPI 3.0 exclusive bounds, int64 bounds, documentation dropped, refs rewritten", () => {
    expect(prepareSchema({ type: "integer", minimum: 0, exclusiveMinimum: true, description: "d" }, "crd")).toEqual({ type: "integer", exclusiveMinimum: 0, [INT64_KEYWORD]: true });
    expect(prepareSchema({ $ref: "#/components/schemas/a.B" }, "openapi")).toEqual({ $ref: "#/definitions/a.B" });
  });

  test("an embedded resource allows apiVersion, kind and metadata", () => {
    const prepared = prepareSchema({ type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: { type: "object" } } }, "crd");
    expect(Object.keys(prepared.properties as object).sort()).toEqual(["apiVersion", "kind", "metadata", "spec"]);
  });
});

describe("dedupeSchema", () => {
  const big = { type: "object", properties: Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`field${index}`, { type: "string", maxLength: 63 }])) };
  test("hoists repeated subtrees, deterministically", () => {
    const root = { type: "object", properties: { a: big, b: { type: "array", items: big } } };
    const first = dedupeSchema(root);
    expect(Object.keys(first.definitions)).toHaveLength(1);
    expect(first.root).toMatchObject({ properties: { a: { $ref: expect.stringMatching(/^#\/definitions\/shared\./) }, b: { items: { $ref: expect.any(String) } } } });
    expect(dedupeSchema(root)).toEqual(first);
  });

  test("leaves unique subtrees inline", () => {
    expect(dedupeSchema({ type: "object", properties: { a: big } }).definitions).toEqual({});
  });
});

describe("moduleSchema", () => {
  const big = { type: "object", properties: Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`field${index}`, { type: "string", maxLength: 63 }])) };
  const input: ValidatorInput = { product: "p", group: "g.example.com", version: "v1", origin: "crd", provenance: "test", kinds: [], definitions: {} };

  test("a subtree two kinds share is hoisted once, beside each kind's root", () => {
    const schema = moduleSchema(input, { A: { type: "object", properties: { x: big } }, B: { type: "object", properties: { y: { type: "array", items: big } } } });
    const names = Object.keys(schema.definitions as object);
    expect(names.filter((name) => name.startsWith("shared."))).toHaveLength(1);
    expect(names.filter((name) => name.startsWith("kind.")).sort()).toEqual(["kind.A", "kind.B"]);
  });
});

describe("an emitted module", () => {
  const dir = mkdtempSync(join(resolve(repositoryRoot, "generated"), ".emit-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Emits into a folder of generated/, so the module finds the runtime as generated modules do. */
  async function load(schema: Record<string, unknown>): Promise<ValidatorModule & { text: string }> {
    const text = emitValidatorModule({ definitions: { "kind.Test": prepareSchema(schema, "crd") } }, "test", "../validator-runtime.ts");
    const file = join(dir, "module.ts");
    writeFileSync(file, text);
    const { validators } = (await import(pathToFileURL(file).href)) as { validators: Record<string, ValidatorModule> };
    return { ...(validators.Test as ValidatorModule), text };
  }

  test("needs no ajv at run time and validates Kubernetes constructs", async () => {
    const module = await load({
      type: "object",
      properties: {
        env: { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: { type: "object", required: ["name"], properties: { name: { type: "string", maxLength: 3 }, value: { type: "string" } } } },
        tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
        cpu: { anyOf: [{ type: "integer" }, { type: "string" }], "x-kubernetes-int-or-string": true, pattern: "^[0-9]+m?$" },
        replicas: { type: "integer", format: "int32", default: 1 },
        when: { type: "string", format: "date-time" },
      },
    });
    expect(module.text).not.toMatch(/require\(|from "ajv/);
    expect(module.validate({ env: [{ name: "A" }], tags: ["x", "y"], cpu: "500m", replicas: 2, when: "2025-01-02T03:04:05Z" })).toBe(true);
    const keywords = (data: unknown): string[] => (module.validate(data) ? [] : (module.validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`));
    expect(keywords({ env: [{ name: "A" }, { name: "A" }] })).toEqual(["/env x-kubernetes-list-type"]);
    expect(keywords({ tags: ["x", "x"] })).toEqual(["/tags x-kubernetes-list-type"]);
    expect(keywords({ env: [{ name: "ABCD" }] })).toEqual(["/env/0/name maxLength"]);
    expect(keywords({ cpu: 5 })).toEqual([]);
    expect(keywords({ cpu: "5 cores" })).toEqual(["/cpu pattern"]);
    expect(keywords({ replicas: 2 ** 31 })).toEqual(["/replicas format"]);
    expect(keywords({ replicas: 1e20 }).sort()).toEqual(["/replicas format", `/replicas ${INT64_KEYWORD}`]);
    expect(keywords({ when: "yesterday" })).toEqual(["/when format"]);
    expect(keywords({ other: 1 })).toEqual([" additionalProperties"]);
    expect(module.structure).toMatchObject({ properties: { replicas: { default: 1 } } });
  });
});

describe("packaging", () => {
  function imports(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^(?:import|export)[^"']*from\s+["'](\.[^"']+)["']/gm)) {
      if (/^import type|^export type/.test(match[0])) continue;
      imports(resolve(dirname(file), match[1] as string), seen);
    }
    return seen;
  }

  test("the client entry never loads the validators", () => {
    const loaded = [...imports(join(repositoryRoot, "src/index.ts"))].map((file) => file.slice(repositoryRoot.length));
    expect(loaded.filter((file) => file.includes("validate") || file.includes("validator"))).toEqual([]);
  });

  test("validating compiles no schema: src/validate does not import ajv", () => {
    const loaded = [...imports(join(repositoryRoot, "src/validate/index.ts"))];
    expect(loaded.filter((file) => /from\s+["']ajv/.test(readFileSync(file, "utf8")))).toEqual([]);
  });
});
