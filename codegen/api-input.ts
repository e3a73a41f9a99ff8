/**
 * Codegen inputs, whatever their origin: an OpenAPI document with the types and the resource metadata of each
 * kind. Built from the sources lock (OpenAPI document + CRDs), from plain CRD YAML, or from a live cluster.
 */
import { crdSchemaName, crdToComponentSchemas, type CustomResourceDefinition, type ResourceMetadata, toResourceMetadata } from "./crd.ts";
import { LITERAL_UNIONS, type LiteralUnion } from "./literal-unions.ts";
import { META_SCHEMAS } from "./meta-schemas.ts";
import type { OpenApiDocument } from "./overlay.ts";
import type { ResourceSchemas } from "./paths.ts";

/** One API group/version to generate. */
export interface ApiInput {
  /** Output directory under generated/: `katib`, `trainer`, or the group for ad-hoc inputs. */
  product: string;
  group: string;
  version: string;
  document: OpenApiDocument;
  resources: ResourceMetadata[];
  literalUnions: readonly LiteralUnion[];
  /** Where the input came from, for the generated files' header. */
  provenance: string;
}

/** Finds the component schema of a kind: a schema named `….<version>.<Kind>` with apiVersion and kind properties. */
export function findKindSchema(doc: OpenApiDocument, group: string, version: string, kind: string): string {
  const exact = crdSchemaName(group, version, kind);
  if (doc.components.schemas[exact]) return exact;
  const candidates = Object.keys(doc.components.schemas).filter((name) => {
    const segments = name.replace(/^\./, "").split(".");
    const properties = doc.components.schemas[name]?.properties as Record<string, unknown> | undefined;
    return segments.at(-1) === kind && segments.at(-2) === version && !!properties?.apiVersion && !!properties.kind;
  });
  if (candidates.length === 0) {
    throw new Error(`codegen: no schema for ${group}/${version} ${kind} in the OpenAPI document`);
  }
  // Prefer the schema whose prefix names the group (`trainer.v1alpha1.TrainJob`), then the shortest.
  const groupLabel = group.split(".")[0] ?? "";
  return candidates.sort((a, b) => Number(b.startsWith(`${groupLabel}.`)) - Number(a.startsWith(`${groupLabel}.`)) || a.length - b.length)[0] as string;
}

/** Pairs each resource with its kind and list-kind schemas. */
export function toResourceSchemas(input: ApiInput): ResourceSchemas[] {
  return input.resources.map((resource) => ({
    ...resource,
    schema: findKindSchema(input.document, resource.group, resource.version, resource.kind),
    listSchema: findKindSchema(input.document, resource.group, resource.version, resource.listKind),
  }));
}

/** Groups CRDs by group/version into inputs whose types come from the CRDs' structural schemas. */
export function apiInputsFromCrds(crds: readonly CustomResourceDefinition[], provenance: string): ApiInput[] {
  const inputs = new Map<string, ApiInput>();
  for (const crd of crds) {
    for (const resource of toResourceMetadata(crd)) {
      const key = `${resource.group}/${resource.version}`;
      let input = inputs.get(key);
      if (!input) {
        input = {
          product: resource.group,
          group: resource.group,
          version: resource.version,
          document: { openapi: "3.0.0", components: { schemas: structuredClone(META_SCHEMAS) } },
          resources: [],
          literalUnions: [],
          provenance,
        };
        inputs.set(key, input);
      }
      input.resources.push(resource);
      Object.assign(input.document.components.schemas, crdToComponentSchemas(crd, resource.version));
    }
  }
  return [...inputs.values()];
}

/** The input for a product of the sources lock: types from its OpenAPI document, metadata from its CRDs. */
export function apiInputFromOpenApi(
  product: string,
  group: string,
  version: string,
  document: OpenApiDocument,
  crds: readonly CustomResourceDefinition[],
  provenance: string,
): ApiInput {
  const resources = crds.flatMap(toResourceMetadata).filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) throw new Error(`codegen: no CRD serves ${group}/${version} for ${product}`);
  for (const [name, schema] of Object.entries(META_SCHEMAS)) document.components.schemas[name] ??= schema;
  return { product, group, version, document, resources, literalUnions: LITERAL_UNIONS[product] ?? [], provenance };
}
