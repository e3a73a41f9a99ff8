/**
 * JSON Schemas for editors and other tools (yaml-language-server, kubeconform's `-schema-location`): one standalone
 * schema per kind and version, named as kubeconform's catalogs name them (`experiment_v1beta1.json`). They say what
 * the validators enforce — unknown fields refused where the apiserver or Katib's webhook refuses them, the literal
 * unions as enums — and keep the upstream descriptions, so editors complete and explain. Written to
 * generated/json-schemas.json (one object, file name → schema); `kfts schema` writes the files.
 */
import type { JsonSchema } from "../crd.ts";
import type { LiteralUnion } from "../literal-unions.ts";
import { prepareDefinition, prepareSchema, reachableDefinitions, referencedName } from "./prepare-schema.ts";
import type { ValidatorInput } from "./validator-input.ts";

/** Turns each literal union into an `enum` on its property, in a copy of the definitions. Pure. */
function withLiteralUnions(definitions: Record<string, JsonSchema>, unions: readonly LiteralUnion[]): Record<string, JsonSchema> {
  const result = { ...definitions };
  for (const union of unions) {
    const schema = result[union.schema];
    const properties = schema?.properties as Record<string, JsonSchema> | undefined;
    const property = properties?.[union.property];
    if (!schema || !properties || !property) continue;
    const restricted = property.type === "array" ? { ...property, items: { ...(property.items as JsonSchema), enum: [...union.values] } } : { ...property, enum: [...union.values] };
    result[union.schema] = { ...schema, properties: { ...properties, [union.property]: restricted } };
  }
  return result;
}

/** The kind's root schema itself, rather than a `$ref` to it (a draft-07 `$ref` hides its siblings). */
function rootOf(schema: JsonSchema, definitions: Record<string, JsonSchema>): JsonSchema {
  const name = typeof schema.$ref === "string" ? referencedName(schema.$ref) : undefined;
  return name === undefined ? schema : (definitions[name] ?? schema);
}

/** The file name kubeconform's catalogs give a kind's schema. */
export function editorSchemaName(kind: string, version: string): string {
  return `${kind.toLowerCase()}_${version}.json`;
}

/** Every kind's editor schema, by file name. Pure. */
export function emitEditorSchemas(inputs: readonly ValidatorInput[], unionsOf: (product: string) => readonly LiteralUnion[]): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const input of inputs) {
    const definitions = withLiteralUnions(input.definitions, unionsOf(input.product));
    for (const kind of input.kinds) {
      const root = prepareSchema(rootOf(kind.schema, definitions), input.origin, { forEditors: true });
      const names = reachableDefinitions([root], definitions);
      const properties = { ...(root.properties as Record<string, JsonSchema> | undefined) };
      // Editors match a document to its schema by these two fields; say what they must be.
      properties.apiVersion = { ...properties.apiVersion, type: "string", enum: [`${input.group}/${input.version}`] };
      properties.kind = { ...properties.kind, type: "string", enum: [kind.kind] };
      schemas[editorSchemaName(kind.kind, input.version)] = {
        $schema: "http://json-schema.org/draft-07/schema#",
        title: `${kind.kind} (${input.group}/${input.version})`,
        ...root,
        properties,
        definitions: Object.fromEntries(names.map((name) => [name, prepareDefinition(name, definitions[name] as JsonSchema, input.origin, { forEditors: true })])),
      };
    }
  }
  return schemas;
}

