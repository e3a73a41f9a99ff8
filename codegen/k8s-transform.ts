/**
 * Kubernetes schema semantics as openapi-typescript transform hooks. openapi-typescript calls `transform` for every
 * schema that has a `type` and for every object property; each rule here is a pure function of the schema.
 */
import type { OpenAPITSOptions, SchemaObject } from "openapi-typescript";
import type * as TypeScript from "typescript";

type TransformHook = NonNullable<OpenAPITSOptions["transform"]>;
type TransformNode = ReturnType<TransformHook>;
type TransformSchema = (schema: SchemaObject, options: Parameters<TransformHook>[1]) => TypeScript.TypeNode;

/** What the hooks need from the openapi-typescript and typescript modules (loaded lazily: both are optional peers). */
export interface TransformDeps {
  ts: typeof TypeScript;
  transformSchemaObject: TransformSchema;
}

function isIntOrString(schema: Record<string, unknown>): boolean {
  return schema["x-kubernetes-int-or-string"] === true || schema.format === "int-or-string";
}

function preservesUnknownFields(schema: Record<string, unknown>): boolean {
  return schema["x-kubernetes-preserve-unknown-fields"] === true;
}

/**
 * Builds the transform hook:
 * - `x-kubernetes-int-or-string` (and OpenAPI's `format: int-or-string`) → `number | string`, also where the schema
 *   has no `anyOf` (openapi-typescript alone would give `unknown`);
 * - `x-kubernetes-preserve-unknown-fields` → an open object: its declared properties plus `[key: string]: unknown`.
 */
export function createKubernetesTransform(deps: TransformDeps): TransformHook {
  const { ts } = deps;
  const unknownRecord = (): TypeScript.TypeNode =>
    ts.factory.createTypeReferenceNode("Record", [
      ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      ts.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword),
    ]);
  return (schemaObject, options): TransformNode => {
    const schema = schemaObject as Record<string, unknown>;
    if ("$ref" in schema) return undefined;
    if (isIntOrString(schema)) {
      return ts.factory.createUnionTypeNode([
        ts.factory.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword),
        ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      ]);
    }
    if (preservesUnknownFields(schema)) {
      const properties = schema.properties as Record<string, unknown> | undefined;
      if (!properties || Object.keys(properties).length === 0) return unknownRecord();
      if (schema.additionalProperties === undefined) {
        // Declared fields stay typed; anything else the server keeps is allowed too.
        const { "x-kubernetes-preserve-unknown-fields": _ignored, ...rest } = schema;
        return deps.transformSchemaObject({ ...rest, additionalProperties: true } as SchemaObject, options);
      }
    }
    return undefined;
  };
}
