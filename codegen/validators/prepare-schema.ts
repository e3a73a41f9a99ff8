/**
 * Turns upstream schemas into what the validators are compiled from: documentation dropped, Kubernetes semantics
 * made explicit in JSON Schema (closed objects for unknown-field detection, OpenAPI 3.0 exclusive bounds, int-or-string
 * and quantities), and `$ref`s pointing into a local `definitions` table. Pure functions over cloned data.
 */
import type { JsonSchema } from "../crd.ts";
import type { SchemaOrigin } from "./validator-input.ts";

/** Keywords kept because they document, not validate; dropped from the compiled schema. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "externalDocs",
  "deprecated",
  "readOnly",
  "discriminator",
  "x-kubernetes-patch-strategy",
  "x-kubernetes-patch-merge-key",
  "x-kubernetes-unions",
  "x-kubernetes-v2-schema",
  "x-kubernetes-group-version-kind",
  "x-kubernetes-selectable-fields",
  "x-kubernetes-map-type",
]);

/** Keywords whose value is a map of subschemas, a subschema, or a list of subschemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions"]);
const SCHEMA_VALUES = new Set(["items", "additionalProperties", "not"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

/** Where `$ref`s point after preparation. */
export function definitionRef(name: string): string {
  return `#/definitions/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** The schema name of a `#/components/schemas/<name>` or `#/definitions/<name>` reference. */
export function referencedName(ref: string): string | undefined {
  const match = /^#\/(?:components\/schemas|definitions)\/(.+)$/.exec(ref);
  return match?.[1]?.replaceAll("~1", "/").replaceAll("~0", "~");
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === "object" || (schema.type === undefined && typeof schema.properties === "object");
}

/**
 * Closes an object against unknown fields the way its origin does: a structural schema prunes every field it does
 * not declare (so even `type: object` alone is closed), while a Go-derived OpenAPI schema without properties is an
 * opaque value (RawExtension, FieldsV1) and stays open.
 */
function closeObject(schema: JsonSchema, origin: SchemaOrigin): JsonSchema {
  if (!isObjectSchema(schema) || schema.additionalProperties !== undefined) return schema;
  if (schema["x-kubernetes-preserve-unknown-fields"] === true) return schema;
  if (origin === "openapi" && schema.properties === undefined) return schema;
  return { ...schema, additionalProperties: false };
}

/** An embedded resource always allows apiVersion, kind and metadata, declared or not. */
function embeddedResource(schema: JsonSchema): JsonSchema {
  if (schema["x-kubernetes-embedded-resource"] !== true) return schema;
  const properties = { ...(schema.properties as Record<string, JsonSchema> | undefined) };
  properties.apiVersion ??= { type: "string" };
  properties.kind ??= { type: "string" };
  properties.metadata ??= { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  return { ...schema, properties };
}

/** OpenAPI 3.0 (and Kubernetes) spell exclusive bounds as booleans beside minimum/maximum. */
function exclusiveBounds(schema: JsonSchema): JsonSchema {
  const result = { ...schema };
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof result[flag] !== "boolean") continue;
    if (result[flag] === true && typeof result[bound] === "number") {
      result[flag] = result[bound];
      delete result[bound];
    } else {
      delete result[flag];
    }
  }
  return result;
}

/** What an editor schema keeps of the annotations: what editors show. */
const EDITOR_ANNOTATIONS = new Set(["description", "title"]);

function mapChildren(schema: JsonSchema, visit: (child: JsonSchema) => JsonSchema, forEditors: boolean): JsonSchema {
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) && !(forEditors && EDITOR_ANNOTATIONS.has(key))) continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === "object") {
      result[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, visit(child)]));
    } else if (SCHEMA_VALUES.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      result[key] = visit(value as JsonSchema);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      result[key] = (value as JsonSchema[]).map(visit);
    } else if (key === "$ref" && typeof value === "string") {
      const name = referencedName(value);
      result[key] = name === undefined ? value : definitionRef(name);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** The keyword that keeps integers within int64: beyond it, JSON decoders (Go's, the apiserver's) read a float. */
export const INT64_KEYWORD = "x-kubeflow-ts-int64";

function int64Range(schema: JsonSchema): JsonSchema {
  return schema.type === "integer" ? { ...schema, [INT64_KEYWORD]: true } : schema;
}

/** How a schema is prepared: for the compiled validators (the default), or for editors (descriptions kept, no private keywords). */
export interface PrepareOptions {
  forEditors?: boolean;
}

/** Prepares one schema (recursively) for compilation, or for editors. */
export function prepareSchema(schema: JsonSchema, origin: SchemaOrigin, { forEditors = false }: PrepareOptions = {}): JsonSchema {
  const visit = (node: JsonSchema): JsonSchema => {
    const prepared = closeObject(embeddedResource(exclusiveBounds(mapChildren(node, visit, forEditors))), origin);
    return forEditors ? prepared : int64Range(prepared);
  };
  return visit(schema);
}

/**
 * Prepares a named definition. Go's Quantity and IntOrString are spelled with `oneOf` in OpenAPI documents; they
 * become `anyOf` (a value matches one branch at most anyway) and a Quantity string must parse, as Go's decoder
 * requires.
 */
export function prepareDefinition(name: string, schema: JsonSchema, origin: SchemaOrigin, options: PrepareOptions = {}): JsonSchema {
  const described = options.forEditors && typeof schema.description === "string" ? { description: schema.description } : {};
  if (name === QUANTITY) return { ...described, anyOf: [{ type: "string", format: "quantity" }, { type: "number" }] };
  if (name === INT_OR_STRING) return { ...described, anyOf: [{ type: "integer", ...(options.forEditors ? {} : { [INT64_KEYWORD]: true }) }, { type: "string" }], "x-kubernetes-int-or-string": true };
  return prepareSchema(schema, origin, options);
}

/** Names of every definition reachable from the roots through `$ref`, sorted. */
export function reachableDefinitions(roots: readonly JsonSchema[], definitions: Record<string, JsonSchema>): string[] {
  const found = new Set<string>();
  const pending: unknown[] = [...roots];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") {
          const name = referencedName(value);
          if (name === undefined || found.has(name)) continue;
          const target = definitions[name];
          if (!target) throw new Error(`codegen validators: $ref ${value} names no schema`);
          found.add(name);
          pending.push(target);
        } else if (key !== "enum" && key !== "default" && key !== "x-kubernetes-validations") {
          pending.push(value);
        }
      }
    }
  }
  return [...found].sort();
}
