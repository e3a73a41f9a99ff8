/**
 * Schema overlays applied before emitting types: literal `apiVersion`/`kind` on the top-level kinds, and the
 * literal unions of literal-unions.ts. Pure functions over a cloned document; an overlay naming a schema or
 * property the document lacks is an error, so an upstream rename is noticed at the next regeneration.
 */
import type { JsonSchema } from "./crd.ts";
import type { LiteralUnion } from "./literal-unions.ts";

/** An OpenAPI document reduced to what the codegen uses. */
export interface OpenApiDocument {
  openapi: string;
  info?: JsonSchema;
  paths?: Record<string, unknown>;
  components: { schemas: Record<string, JsonSchema> };
}

/** A top-level kind (or list kind) and the schema that describes it. */
export interface KindSchema {
  schema: string;
  apiVersion: string;
  kind: string;
}

function propertiesOf(doc: OpenApiDocument, schemaName: string, what: string): Record<string, JsonSchema> {
  const schema = doc.components.schemas[schemaName];
  if (!schema) throw new Error(`codegen overlay: schema ${schemaName} (${what}) is not in the document`);
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) throw new Error(`codegen overlay: schema ${schemaName} (${what}) has no properties`);
  return properties;
}

/** Gives each kind's `apiVersion` and `kind` properties their literal value (`const`). */
export function applyKindLiterals(doc: OpenApiDocument, kinds: readonly KindSchema[]): void {
  for (const { schema, apiVersion, kind } of kinds) {
    const properties = propertiesOf(doc, schema, kind);
    properties.apiVersion = { ...(properties.apiVersion ?? { type: "string" }), const: apiVersion };
    properties.kind = { ...(properties.kind ?? { type: "string" }), const: kind };
  }
}

/** Turns each literal-union fact into an `enum` on the property (or on its items, for arrays). */
export function applyLiteralUnions(doc: OpenApiDocument, unions: readonly LiteralUnion[]): void {
  for (const union of unions) {
    const properties = propertiesOf(doc, union.schema, union.goType);
    const property = properties[union.property];
    if (!property) {
      throw new Error(`codegen overlay: ${union.schema} has no property ${union.property} (for ${union.goType})`);
    }
    const description = `${property.description ? `${property.description}\n\n` : ""}Values from ${union.goType}.`;
    properties[union.property] =
      property.type === "array"
        ? { ...property, description, items: { ...(property.items as JsonSchema), enum: [...union.values] } }
        : { ...property, description, enum: [...union.values] };
  }
}
