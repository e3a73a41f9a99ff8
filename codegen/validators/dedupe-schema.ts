/**
 * CRD schemas are fully inlined: a PodSpec's container schema appears for containers, initContainers and ephemeral
 * containers, affinity terms repeat, and so on. Hoisting identical subtrees into `definitions` lets ajv compile each
 * once (a third of the code size). Deterministic: definitions are named by content hash.
 */
import { createHash } from "node:crypto";
import type { JsonSchema } from "../crd.ts";
import { definitionRef } from "./prepare-schema.ts";

/** Subtrees smaller than this (serialized) stay inline: a function call costs more than it saves. */
const MIN_HOISTED_SIZE = 300;

function childSchemas(schema: JsonSchema): JsonSchema[] {
  const children: JsonSchema[] = [];
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) children.push(...Object.values(properties));
  for (const key of ["items", "additionalProperties", "not"]) {
    const value = schema[key];
    if (value && typeof value === "object" && !Array.isArray(value)) children.push(value as JsonSchema);
  }
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const value = schema[key];
    if (Array.isArray(value)) children.push(...(value as JsonSchema[]));
  }
  return children;
}

function countSubtrees(root: JsonSchema): Map<string, number> {
  const counts = new Map<string, number>();
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop() as JsonSchema;
    const text = JSON.stringify(node);
    if (text.length >= MIN_HOISTED_SIZE) counts.set(text, (counts.get(text) ?? 0) + 1);
    pending.push(...childSchemas(node));
  }
  return counts;
}

function mapChildSchemas(schema: JsonSchema, visit: (child: JsonSchema) => JsonSchema): JsonSchema {
  const result = { ...schema };
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) result.properties = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, visit(child)]));
  for (const key of ["items", "additionalProperties", "not"]) {
    const value = schema[key];
    if (value && typeof value === "object" && !Array.isArray(value)) result[key] = visit(value as JsonSchema);
  }
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const value = schema[key];
    if (Array.isArray(value)) result[key] = (value as JsonSchema[]).map(visit);
  }
  return result;
}

/**
 * Returns the root with repeated subtrees replaced by `$ref`s, and the hoisted subtrees by name. The root itself is
 * never hoisted.
 */
export function dedupeSchema(root: JsonSchema): { root: JsonSchema; definitions: Record<string, JsonSchema> } {
  const counts = countSubtrees(root);
  const definitions: Record<string, JsonSchema> = {};
  const names = new Map<string, string>();
  const visit = (node: JsonSchema, isRoot = false): JsonSchema => {
    const text = JSON.stringify(node);
    if (isRoot || (counts.get(text) ?? 0) < 2) return mapChildSchemas(node, (child) => visit(child));
    let name = names.get(text);
    if (!name) {
      name = `shared.${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
      names.set(text, name);
      definitions[name] = mapChildSchemas(node, (child) => visit(child));
    }
    return { $ref: definitionRef(name) };
  };
  return { root: visit(root, true), definitions };
}
