/**
 * CustomResourceDefinitions as codegen input: multi-document YAML (leading comments and empty documents are fine),
 * turned into resource descriptors and, for CRDs with structural schemas, into OpenAPI component schemas.
 */
import { CORE_SCHEMA, loadAll, YAMLException } from "js-yaml";

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition the codegen reads. */
export interface CustomResourceDefinition {
  apiVersion: string;
  kind: "CustomResourceDefinition";
  metadata: { name: string };
  spec: {
    group: string;
    scope: "Namespaced" | "Cluster";
    names: { kind: string; plural: string; singular?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    versions: CrdVersion[];
  };
}

/** One served version of a CRD. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: object; scale?: object };
  additionalPrinterColumns?: PrinterColumn[];
}

/** A column `kubectl get` prints for a resource. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** A JSON/OpenAPI schema object, loosely typed: codegen walks arbitrary upstream schemas. */
export type JsonSchema = { [key: string]: unknown };

/** Resource metadata for one kind at one version, as emitted into generated/ descriptors. */
export interface ResourceMetadata {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  subresources: string[];
  shortNames: string[];
  categories: string[];
  printerColumns: PrinterColumn[];
}

/**
 * Parses every CustomResourceDefinition in a YAML text. Other kinds and empty documents are skipped; a YAML syntax
 * error throws with the file and line.
 */
export function parseCrds(text: string, file: string): CustomResourceDefinition[] {
  const crds: CustomResourceDefinition[] = [];
  let documents: unknown[];
  try {
    documents = loadAll(text, { schema: CORE_SCHEMA, maxAliases: 100 });
  } catch (cause) {
    const line = cause instanceof YAMLException && cause.mark ? cause.mark.line + 1 : undefined;
    throw new Error(`${file}${line ? `:${line}` : ""}: ${cause instanceof YAMLException ? cause.reason : String(cause)}`);
  }
  for (const value of documents as Array<Partial<CustomResourceDefinition> | null>) {
    if (value && value.kind === "CustomResourceDefinition" && value.spec?.group) {
      crds.push(value as CustomResourceDefinition);
    }
  }
  return crds;
}

/** Resource metadata of every served version of a CRD. */
export function toResourceMetadata(crd: CustomResourceDefinition): ResourceMetadata[] {
  const { group, names, scope } = crd.spec;
  return crd.spec.versions
    .filter((version) => version.served)
    .map((version) => ({
      group,
      version: version.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      namespaced: scope === "Namespaced",
      subresources: Object.keys(version.subresources ?? {}).sort(),
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      printerColumns: (version.additionalPrinterColumns ?? []).map((column) => ({ ...column })),
    }));
}

/** Whether a CRD version carries a structural schema (not only `x-kubernetes-preserve-unknown-fields` at the root). */
export function hasStructuralSchema(version: CrdVersion): boolean {
  const schema = version.schema?.openAPIV3Schema;
  return !!schema && typeof schema.properties === "object" && schema.properties !== null;
}

/** The component-schema name a CRD kind gets: `<first label of the group>.<version>.<Kind>`, e.g. `trainer.v1alpha1.TrainJob`. */
export function crdSchemaName(group: string, version: string, kind: string): string {
  return `${group.split(".")[0]}.${version}.${kind}`;
}

/**
 * Wraps each served version's structural schema as OpenAPI component schemas: the kind, and its list kind.
 * `metadata` of the kind points at ObjectMeta, and of the list at ListMeta (see k8s-schema.ts).
 */
export function crdToComponentSchemas(crd: CustomResourceDefinition, version: string): Record<string, JsonSchema> {
  const served = crd.spec.versions.find((candidate) => candidate.name === version);
  if (!served || !hasStructuralSchema(served)) return {};
  const name = crdSchemaName(crd.spec.group, version, crd.spec.names.kind);
  const listKind = crd.spec.names.listKind ?? `${crd.spec.names.kind}List`;
  const schema = structuredClone(served.schema?.openAPIV3Schema ?? {});
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  properties.metadata = { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
  return {
    [name]: { ...schema, properties },
    [crdSchemaName(crd.spec.group, version, listKind)]: {
      type: "object",
      required: ["items"],
      properties: {
        apiVersion: { type: "string" },
        kind: { type: "string" },
        metadata: { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
        items: { type: "array", items: { $ref: `#/components/schemas/${name}` } },
      },
    },
  };
}
