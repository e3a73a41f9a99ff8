/**
 * JSON schemas for kubeconform made from the same CRDs the project generates from: one file per CRD version,
 * `<kind>_<version>.json` (lower case, openapi2jsonschema's default FILENAME_FORMAT), from the version's
 * openAPIV3Schema, transformed as kubeconform's own scripts/openapi2jsonschema.py does in strict mode
 * (DENY_ROOT_ADDITIONAL_PROPERTIES): `additionalProperties: false` on every object with `properties`, and
 * `format: int-or-string` replaced by a oneOf. One deliberate difference, in kubeconform's favour: objects marked
 * `x-kubernetes-preserve-unknown-fields` keep accepting unknown fields, as the apiserver does.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** openapi2jsonschema's two transforms, as one pure recursive function. */
export function toStrictJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toStrictJsonSchema);
  if (!isObject(node)) return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = isObject(value) && value.format === "int-or-string" ? { oneOf: [{ type: "string" }, { type: "integer" }] } : toStrictJsonSchema(value);
  }
  if ("properties" in out && !("additionalProperties" in out) && out["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
  return out;
}

/** Writes the schemas of every CRD in `crdFiles` into `outDir`; returns the file names written. */
export async function writeKubeconformSchemas(crdFiles: readonly string[], outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const file of crdFiles) {
    for (const doc of parseAllDocuments(await readFile(file, "utf8"))) {
      const crd = doc.toJS() as { kind?: string; spec?: { names?: { kind?: string }; versions?: { name: string; schema?: { openAPIV3Schema?: Json } }[] } } | null;
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const version of crd.spec?.versions ?? []) {
        const schema = version.schema?.openAPIV3Schema;
        if (schema === undefined) continue;
        const name = `${crd.spec?.names?.kind ?? "unknown"}_${version.name}`.toLowerCase() + ".json";
        await writeFile(join(outDir, name), JSON.stringify(toStrictJsonSchema(schema)));
        written.push(name);
      }
    }
  }
  return written;
}

/** kubeconform's -schema-location template for those files. */
export function kubeconformSchemaLocation(schemaDir: string): string {
  return `${schemaDir}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
}
