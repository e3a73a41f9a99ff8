/**
 * The structural part of a prepared schema, emitted beside each validator for the run-time walks that JSON Schema
 * does not express: defaulting and null pruning (as the apiserver does before validating), and evaluating CEL rules
 * with values typed by the schema (integers are CEL ints, numbers doubles).
 */
import type { JsonSchema } from "../crd.ts";

/** Keywords the walks read; everything else (pattern, enum, bounds, required…) is ajv's business. */
const STRUCTURE_KEYWORDS = new Set([
  "type",
  "$ref",
  "default",
  "nullable",
  "x-kubernetes-validations",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
]);

function toStructureNode(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (STRUCTURE_KEYWORDS.has(key)) {
      result[key] = value;
    } else if ((key === "properties" || key === "definitions") && value && typeof value === "object") {
      result[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, toStructureNode(child)]));
    } else if ((key === "items" || key === "additionalProperties") && value && typeof value === "object" && !Array.isArray(value)) {
      result[key] = toStructureNode(value as JsonSchema);
    } else if (key === "allOf" && Array.isArray(value)) {
      result[key] = (value as JsonSchema[]).map(toStructureNode);
    }
  }
  return result;
}

/** The structure of a module schema (its definitions included). */
export function toStructure(schema: JsonSchema): JsonSchema {
  return toStructureNode(schema);
}
