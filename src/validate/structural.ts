/**
 * Walks over an object guided by its schema's structure (emitted beside each validator): what the apiserver does to
 * a custom resource before validating it. Nulls of non-nullable fields are dropped, or replaced by the field's
 * default; missing fields with a default get it (apiextensions structuraldefaulting). For schemas of Go types (Katib)
 * only the nulls go, as Go's decoder reads null as "not set"; Katib's defaults come from its webhook instead.
 */
import type { StructureSchema } from "../../generated/validator-runtime.ts";
import { cloneJson } from "./json-clone.ts";

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
  /** Properties with a default (defaultObject), computed on first use. */
  defaulted?: ReadonlyArray<[string, StructureSchema]>;
  /** Whether a CEL rule sits at or below this node (cel.ts), computed on first use. */
  hasRules?: boolean;
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

/** A default's copy (defaults are small JSON values). */
function copyDefault(value: unknown): unknown {
  return value === null || typeof value !== "object" ? value : (cloneJson(value)?.copy ?? structuredClone(value));
}

/** The node's properties that have a default, in schema order (computed once per node). */
function defaultedProperties(node: ResolvedNode, root: StructureSchema): ReadonlyArray<[string, StructureSchema]> {
  node.defaulted ??= Object.entries(node.properties).filter(([, schema]) => resolveNode(schema, root).hasDefault);
  return node.defaulted;
}

/**
 * Nulls of non-nullable fields are dropped or replaced by their default (in place), then missing defaulted fields
 * are appended in schema order. Only the object's own keys and the defaulted properties are visited, not every
 * property the schema declares.
 */
function defaultObject(value: Record<string, unknown>, node: ResolvedNode, root: StructureSchema, mode: StructuralMode): void {
  for (const name of Object.keys(value)) {
    const child = value[name];
    const declared = Object.hasOwn(node.properties, name);
    const schema = declared ? node.properties[name] : node.additionalProperties;
    if (child === null && schema) {
      const property = resolveNode(schema, root);
      if (property.nullable) continue;
      if (mode === "crd" && property.hasDefault) value[name] = copyDefault(property.default);
      else delete value[name];
      // Map values are pruned like properties (`labels: {app: null}` loses the entry), but only a declared
      // property's default is walked in turn.
      if (!declared || !Object.hasOwn(value, name)) continue;
    }
    if (schema) applyStructure(value[name], schema, root, mode);
  }
  if (mode !== "crd") return;
  for (const [name, schema] of defaultedProperties(node, root)) {
    if (Object.hasOwn(value, name)) continue;
    value[name] = copyDefault(resolveNode(schema, root).default);
    applyStructure(value[name], schema, root, mode);
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
