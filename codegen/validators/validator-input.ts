/**
 * What the validator emitter needs per API group/version: each kind's root schema and the named schemas it refers
 * to, and where the schema comes from. The origin decides semantics: a CRD's structural schema is what the apiserver
 * enforces (unknown fields are pruned, `type: object` without properties is closed), while an OpenAPI document
 * generated from Go types (Katib's) describes what a webhook decodes (opaque objects stay open).
 */
import { type ApiInput, findKindSchema } from "../api-input.ts";
import { type CustomResourceDefinition, hasStructuralSchema, type JsonSchema } from "../crd.ts";
import { META_SCHEMAS } from "../meta-schemas.ts";

/** `crd`: the apiserver enforces the schema; `openapi`: a webhook decodes into Go types described by it. */
export type SchemaOrigin = "crd" | "openapi";

/** One kind to validate: its root schema, which may `$ref` the input's definitions. */
export interface ValidatorKind {
  kind: string;
  namespaced: boolean;
  /** Whether the kind has a status subresource (status is then dropped on create, and not validated). */
  statusSubresource: boolean;
  schema: JsonSchema;
}

/** The validators of one group/version. */
export interface ValidatorInput {
  product: string;
  group: string;
  version: string;
  origin: SchemaOrigin;
  provenance: string;
  kinds: ValidatorKind[];
  /** Named schemas, referenced as `#/components/schemas/<name>`. */
  definitions: Record<string, JsonSchema>;
}

/** The ObjectMeta schema name, referenced by every kind's root `metadata`. */
export const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

function structuralCrdKinds(input: ApiInput, crds: readonly CustomResourceDefinition[]): ValidatorKind[] {
  const kinds: ValidatorKind[] = [];
  for (const crd of crds) {
    if (crd.spec.group !== input.group) continue;
    const version = crd.spec.versions.find((candidate) => candidate.name === input.version && candidate.served);
    if (!version || !hasStructuralSchema(version)) continue;
    const schema = structuredClone(version.schema?.openAPIV3Schema ?? {});
    const properties = { ...(schema.properties as Record<string, JsonSchema>) };
    // The apiserver decodes metadata as ObjectMeta, whatever the CRD declares for it.
    properties.metadata = { $ref: `#/components/schemas/${OBJECT_META}` };
    kinds.push({
      kind: crd.spec.names.kind,
      namespaced: crd.spec.scope === "Namespaced",
      statusSubresource: !!version.subresources?.status,
      schema: { ...schema, properties },
    });
  }
  return kinds;
}

function kindSchemaName(input: ApiInput, kind: string): string | undefined {
  try {
    return findKindSchema(input.document, input.group, input.version, kind);
  } catch {
    return undefined; // A CRD without a structural schema and no OpenAPI document: nothing to validate against.
  }
}

function openApiKinds(input: ApiInput): ValidatorKind[] {
  return input.resources.flatMap((resource) => {
    const name = kindSchemaName(input, resource.kind);
    if (!name) return [];
    return [{
      kind: resource.kind,
      namespaced: resource.namespaced,
      statusSubresource: resource.subresources.includes("status"),
      schema: { $ref: `#/components/schemas/${name}` },
    }];
  });
}

/**
 * Pairs each API input with its validation schemas: the structural schemas of the CRDs with role `validation` that
 * serve its group/version when there are any (what the apiserver enforces), else the kinds' schemas in its OpenAPI
 * document. Kinds are sorted by name, so the output is deterministic.
 */
export function toValidatorInputs(inputs: readonly ApiInput[], validationCrds: readonly CustomResourceDefinition[]): ValidatorInput[] {
  return inputs.map((input) => {
    const crdKinds = structuralCrdKinds(input, validationCrds);
    const origin: SchemaOrigin = crdKinds.length > 0 ? "crd" : "openapi";
    const definitions = { ...META_SCHEMAS, ...input.document.components.schemas };
    return {
      product: input.product,
      group: input.group,
      version: input.version,
      origin,
      provenance: input.provenance,
      kinds: (origin === "crd" ? crdKinds : openApiKinds(input)).sort((a, b) => a.kind.localeCompare(b.kind)),
      definitions,
    };
  });
}
