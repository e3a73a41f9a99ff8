/**
 * Walks over an object guided by its schema's structure (emitted beside each validator): what the apiserver does to
 * a custom resource before validating it. Nulls of non-nullable fields are dropped, or replaced by the field's
 * default; missing fields with a default get it (apiextensions structuraldefaulting). For schemas of Go types (Katib)
 * only the nulls go, as Go's decoder reads null as "not set"; Katib's defaults come from its webhook instead.
 */
import type { StructureSchema } from "../../generated/validator-runtime.ts";

/** A `x-kubernetes-validations` entry. */
export interface CelRuleSpec {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
}

/** A schema node with `$ref` and `allOf` resolved. */
export interface ResolvedNode {
  type?: string;
  properties: Readonly<Record<string, StructureSchema>>;
  items?: StructureSchema;
  additionalProperties?: StructureSchema;
  hasDefault: boolean;
  default?: unknown;
  nullable: boolean;
  preserveUnknown: boolean;
  intOrString: boolean;
  validations: readonly CelRuleSpec[];
}

const resolved = new WeakMap<StructureSchema, ResolvedNode>();

function definition(root: StructureSchema, ref: string): StructureSchema {
  const name = ref.replace(/^#\/definitions\//, "").replaceAll("~1", "/").replaceAll("~0", "~");
  const target = (root.definitions as Record<string, StructureSchema> | undefined)?.[name];
  if (!target) throw new Error(`kubeflow-ts/validate: the emitted structure has no definition ${name} (regenerate)`);
  return target;
}

function merge(into: ResolvedNode, node: ResolvedNode): void {
  into.type ??= node.type;
  into.properties = { ...node.properties, ...into.properties };
  into.items ??= node.items;
  into.additionalProperties ??= node.additionalProperties;
  into.nullable ||= node.nullable;
  into.preserveUnknown ||= node.preserveUnknown;
  into.intOrString ||= node.intOrString;
  into.validations = [...into.validations, ...node.validations];
}

/** Resolves a node (cached per schema object, so each node is resolved once per process). */
export function resolveNode(schema: StructureSchema, root: StructureSchema): ResolvedNode {
  const cached = resolved.get(schema);
  if (cached) return cached;
  const node: ResolvedNode = {
    type: typeof schema.type === "string" ? schema.type : undefined,
    properties: (schema.properties as Record<string, StructureSchema> | undefined) ?? {},
    items: schema.items as StructureSchema | undefined,
    additionalProperties: schema.additionalProperties as StructureSchema | undefined,
    hasDefault: "default" in schema,
    default: schema.default,
    nullable: schema.nullable === true,
    preserveUnknown: schema["x-kubernetes-preserve-unknown-fields"] === true,
    intOrString: schema["x-kubernetes-int-or-string"] === true,
    validations: (schema["x-kubernetes-validations"] as CelRuleSpec[] | undefined) ?? [],
  };
  resolved.set(schema, node);
  if (typeof schema.$ref === "string") merge(node, resolveNode(definition(root, schema.$ref), root));
  for (const part of (schema.allOf as StructureSchema[] | undefined) ?? []) merge(node, resolveNode(part, root));
  return node;
}

/** The schema of a property of an object node, declared or additional. */
export function propertySchema(node: ResolvedNode, name: string): StructureSchema | undefined {
  return Object.hasOwn(node.properties, name) ? node.properties[name] : node.additionalProperties;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** How to treat nulls and defaults: "crd" as the apiserver does for custom resources, "openapi" as Go decodes. */
export type StructuralMode = "crd" | "openapi";

function defaultObject(value: Record<string, unknown>, node: ResolvedNode, root: StructureSchema, mode: StructuralMode): void {
  for (const [name, schema] of Object.entries(node.properties)) {
    const property = resolveNode(schema, root);
    const present = Object.hasOwn(value, name);
    if (present && value[name] === null && !property.nullable) {
      if (mode === "crd" && property.hasDefault) value[name] = structuredClone(property.default);
      else delete value[name];
    } else if (!present && mode === "crd" && property.hasDefault) {
      value[name] = structuredClone(property.default);
    }
  }
  const additional = node.additionalProperties ? resolveNode(node.additionalProperties, root) : undefined;
  for (const [name, child] of Object.entries(value)) {
    // Map values are pruned like properties: `labels: {app: null}` loses the entry.
    if (child === null && additional && !Object.hasOwn(node.properties, name) && !additional.nullable) {
      if (mode === "crd" && additional.hasDefault) value[name] = structuredClone(additional.default);
      else delete value[name];
      continue;
    }
    const schema = propertySchema(node, name);
    if (schema) applyStructure(child, schema, root, mode);
  }
}

/**
 * Drops nulls and applies defaults in place, recursively; stops where the schema does (so hostile data deeper than
 * any schema is never walked).
 */
export function applyStructure(value: unknown, schema: StructureSchema, root: StructureSchema, mode: StructuralMode): void {
  const node = resolveNode(schema, root);
  if (isRecord(value)) defaultObject(value, node, root, mode);
  else if (Array.isArray(value) && node.items) for (const item of value) applyStructure(item, node.items, root, mode);
}
