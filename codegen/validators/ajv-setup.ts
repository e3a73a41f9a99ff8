/**
 * The build-time ajv instance: strict (an unknown keyword fails the build), every error collected, standalone ESM
 * output. Kubernetes' `x-kubernetes-*` extensions are registered as keywords: list-type `set`/`map` check uniqueness
 * (by the list-map-keys for maps); the others annotate, their semantics living in prepare-schema.ts (unknown fields,
 * int-or-string) and in the run-time walks (defaults, CEL rules).
 */
import { Ajv, _, type Format, type KeywordCxt, Name, stringify } from "ajv";
import * as runtime from "../runtime/validator-runtime.ts";
import { INT64_KEYWORD } from "./prepare-schema.ts";

/** The names the emitted modules import the run-time formats and helpers by: exports of the runtime module. */
export const RUNTIME_IMPORTS = { formats: "kftsFormats", helpers: "kftsRuntime" } as const satisfies Record<string, keyof typeof runtime>;

/** The run-time format checks, by format name; any other format is accepted unchecked, as the apiserver does. */
const CHECKED_FORMATS: Readonly<Record<string, Format>> = runtime.kftsFormats;

function listTypeCode(cxt: KeywordCxt): void {
  const { gen, data, schema, parentSchema } = cxt;
  if (schema !== "set" && schema !== "map") return;
  // The emitted code names the helpers; one ref object, so that ajv declares them once per module.
  const helpers = gen.scopeValue("func", { ref: runtime.kftsRuntime, code: new Name(RUNTIME_IMPORTS.helpers) });
  const keys = (parentSchema["x-kubernetes-list-map-keys"] as string[] | undefined) ?? [];
  const index = gen.const(
    "duplicate",
    schema === "set" ? _`${helpers}.duplicateInSet(${data})` : _`${helpers}.duplicateInMap(${data}, ${stringify(keys)})`,
  );
  cxt.setParams({ index, listType: schema, keys: JSON.stringify(keys) as never });
  cxt.fail(_`${index} >= 0`);
}

/** Annotation-only extensions: allowed in the schema, checked elsewhere or not at all. */
const ANNOTATION_KEYWORDS: ReadonlyArray<[string, "boolean" | "array" | "string"]> = [
  ["x-kubernetes-list-map-keys", "array"],
  ["x-kubernetes-int-or-string", "boolean"],
  ["x-kubernetes-preserve-unknown-fields", "boolean"],
  ["x-kubernetes-embedded-resource", "boolean"],
  ["x-kubernetes-validations", "array"],
];

/** Creates the ajv instance; `formats` lists every format the schemas use (unchecked ones are accepted as-is). */
export function createAjv(formats: Iterable<string>): Ajv {
  const ajv = new Ajv({
    code: { source: true, esm: true, formats: new Name(RUNTIME_IMPORTS.formats) },
    allErrors: true,
    strict: true,
    // Kubernetes schemas put `pattern` beside `anyOf` (int-or-string) without a type; that is intended.
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    messages: false,
    inlineRefs: false,
  });
  for (const [keyword, schemaType] of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType });
  ajv.addKeyword({
    keyword: "x-kubernetes-list-type",
    type: "array",
    schemaType: "string",
    error: { message: "duplicate list item", params: ({ params }) => _`{index: ${params.index}, listType: ${params.listType}, keys: ${params.keys}}` },
    code: listTypeCode,
  });
  ajv.addKeyword({
    keyword: INT64_KEYWORD,
    type: "number",
    schemaType: "boolean",
    error: { message: "integer beyond int64" },
    // 2^63 as a double: larger integers decode as floats, which the apiserver reports as not integers.
    code: (cxt) => cxt.fail(_`${cxt.data} >= 9223372036854775808 || ${cxt.data} < -9223372036854775808`),
  });
  for (const format of new Set(formats)) ajv.addFormat(format, CHECKED_FORMATS[format] ?? true);
  return ajv;
}

/** Every `format` value in a schema tree. */
export function formatsIn(schema: unknown): Set<string> {
  const found = new Set<string>();
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...node);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "format" && typeof value === "string") found.add(value);
        else if (key !== "enum" && key !== "default" && key !== "x-kubernetes-validations") pending.push(value);
      }
    }
  }
  return found;
}
