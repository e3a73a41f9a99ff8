/**
 * API change report between two releases of an API: fields added or removed, type changes, enum values,
 * constraints tightened or relaxed, CEL rules added or removed — each with its impact on existing manifests.
 *
 * Impact: `breaking` when a manifest valid before can be rejected or misread now (field removed, type changed,
 * enum value removed, constraint tightened, field made required); `compatible` when nothing valid before changes
 * meaning (additions, relaxations, anything inside a new field); `review` for changes a human should look at that
 * do not break stored objects: a CEL rule added to an existing field (the apiserver ratchets validation for stored
 * objects, but new writes of old manifests can be refused) or a changed default.
 */
import { hasStructuralSchema, type CustomResourceDefinition, type JsonSchema } from "./crd.ts";
import type { OpenApiDocument } from "./overlay.ts";

/** What changed. */
export type ChangeKind =
  | "field-added"
  | "field-removed"
  | "type-changed"
  | "enum-values-added"
  | "enum-values-removed"
  | "constraint-tightened"
  | "constraint-relaxed"
  | "required-added"
  | "required-removed"
  | "cel-rule-added"
  | "cel-rule-removed"
  | "default-changed"
  | "kind-added"
  | "kind-removed";

/** How a change affects manifests written for the old release. */
export type ChangeImpact = "breaking" | "compatible" | "review";

/** One change, at a field path of a kind (or of a named schema for OpenAPI documents). */
export interface ApiChange {
  /** `TrainJob v1alpha1`, or the schema name for OpenAPI inputs. */
  resource: string;
  /** Field path in JSONPath-like form: `.spec.trainer.command`; `[]` stands for list items. */
  path: string;
  change: ChangeKind;
  impact: ChangeImpact;
  breaking: boolean;
  message: string;
}

/** The whole report. */
export interface ApiChangeReport {
  changes: ApiChange[];
  summary: Record<ChangeImpact, number>;
}

type Sink = (change: Omit<ApiChange, "breaking" | "resource">) => void;

const UPPER_BOUNDS = ["maxLength", "maxItems", "maxProperties", "maximum"] as const;
const LOWER_BOUNDS = ["minLength", "minItems", "minProperties", "minimum"] as const;

function rulesOf(schema: JsonSchema): string[] {
  const rules = schema["x-kubernetes-validations"];
  return Array.isArray(rules) ? rules.map((rule) => String((rule as { rule?: unknown }).rule)) : [];
}

function typeOf(schema: JsonSchema): string {
  if (schema["x-kubernetes-int-or-string"] === true) return "int-or-string";
  if (typeof schema.$ref === "string") return schema.$ref.replace("#/components/schemas/", "");
  const allOf = schema.allOf as JsonSchema[] | undefined;
  if (allOf?.length === 1 && allOf[0]?.$ref) return typeOf(allOf[0]);
  return String(schema.type ?? "any");
}

function diffBounds(old: JsonSchema, next: JsonSchema, path: string, emit: Sink): void {
  const compare = (key: string, tighterWhenLower: boolean): void => {
    const before = old[key] as number | undefined;
    const after = next[key] as number | undefined;
    if (before === after) return;
    const tightened = after !== undefined && (before === undefined || (tighterWhenLower ? after < before : after > before));
    emit({
      path,
      change: tightened ? "constraint-tightened" : "constraint-relaxed",
      impact: tightened ? "breaking" : "compatible",
      message: `${key} ${before ?? "unset"} → ${after ?? "unset"}`,
    });
  };
  for (const key of UPPER_BOUNDS) compare(key, true);
  for (const key of LOWER_BOUNDS) compare(key, false);
  if (old.pattern !== next.pattern) {
    const tightened = next.pattern !== undefined;
    emit({ path, change: tightened ? "constraint-tightened" : "constraint-relaxed", impact: tightened ? "breaking" : "compatible", message: `pattern ${String(old.pattern ?? "unset")} → ${String(next.pattern ?? "unset")}` });
  }
}

function diffEnum(old: JsonSchema, next: JsonSchema, path: string, emit: Sink): void {
  const before = (old.enum as unknown[] | undefined)?.map(String);
  const after = (next.enum as unknown[] | undefined)?.map(String);
  if (!before && !after) return;
  if (before && !after) return emit({ path, change: "constraint-relaxed", impact: "compatible", message: "enum removed: any value allowed" });
  if (!before && after) return emit({ path, change: "constraint-tightened", impact: "breaking", message: `enum added: ${after.join(", ")}` });
  const added = (after ?? []).filter((v) => !before?.includes(v));
  const removed = (before ?? []).filter((v) => !after?.includes(v));
  if (added.length > 0) emit({ path, change: "enum-values-added", impact: "compatible", message: `enum values added: ${added.join(", ")}` });
  if (removed.length > 0) emit({ path, change: "enum-values-removed", impact: "breaking", message: `enum values removed: ${removed.join(", ")}` });
}

function diffRules(old: JsonSchema, next: JsonSchema, path: string, emit: Sink): void {
  const before = rulesOf(old);
  const after = rulesOf(next);
  for (const rule of after.filter((r) => !before.includes(r))) {
    emit({ path, change: "cel-rule-added", impact: "review", message: `CEL rule added: ${rule}` });
  }
  for (const rule of before.filter((r) => !after.includes(r))) {
    emit({ path, change: "cel-rule-removed", impact: "compatible", message: `CEL rule removed: ${rule}` });
  }
}

/** Reports a field that is new: one entry for the field, plus the CEL rules inside it (compatible: nothing used it). */
function reportAddedTree(schema: JsonSchema, path: string, emit: Sink, top = true): void {
  if (top) emit({ path, change: "field-added", impact: "compatible", message: `field added (${typeOf(schema)})` });
  for (const rule of rulesOf(schema)) emit({ path, change: "cel-rule-added", impact: "compatible", message: `CEL rule added (in a new field): ${rule}` });
  for (const [name, child] of Object.entries((schema.properties as Record<string, JsonSchema>) ?? {})) reportAddedTree(child, `${path}.${name}`, emit, false);
  if (schema.items && typeof schema.items === "object") reportAddedTree(schema.items as JsonSchema, `${path}[]`, emit, false);
}

function diffProperties(old: JsonSchema, next: JsonSchema, path: string, emit: Sink): void {
  const before = (old.properties as Record<string, JsonSchema>) ?? {};
  const after = (next.properties as Record<string, JsonSchema>) ?? {};
  const required = { before: (old.required as string[]) ?? [], after: (next.required as string[]) ?? [] };
  for (const [name, schema] of Object.entries(after)) {
    const childPath = `${path}.${name}`;
    const previous = before[name];
    if (!previous) reportAddedTree(schema, childPath, emit);
    else diffSchema(previous, schema, childPath, emit);
    if (required.after.includes(name) && !required.before.includes(name)) {
      emit({ path: childPath, change: "required-added", impact: "breaking", message: "field is now required" });
    }
  }
  for (const name of Object.keys(before)) {
    if (!after[name]) emit({ path: `${path}.${name}`, change: "field-removed", impact: "breaking", message: "field removed" });
    else if (required.before.includes(name) && !required.after.includes(name)) {
      emit({ path: `${path}.${name}`, change: "required-removed", impact: "compatible", message: "field is no longer required" });
    }
  }
}

/** Compares two schemas of the same field, recursively. */
export function diffSchema(old: JsonSchema, next: JsonSchema, path: string, emit: Sink): void {
  if (typeOf(old) !== typeOf(next)) {
    emit({ path, change: "type-changed", impact: "breaking", message: `type ${typeOf(old)} → ${typeOf(next)}` });
    return;
  }
  diffEnum(old, next, path, emit);
  diffBounds(old, next, path, emit);
  diffRules(old, next, path, emit);
  if (JSON.stringify(old.default) !== JSON.stringify(next.default)) {
    emit({ path, change: "default-changed", impact: "review", message: `default ${JSON.stringify(old.default) ?? "unset"} → ${JSON.stringify(next.default) ?? "unset"}` });
  }
  diffProperties(old, next, path, emit);
  if (old.items && next.items) diffSchema(old.items as JsonSchema, next.items as JsonSchema, `${path}[]`, emit);
  if (typeof old.additionalProperties === "object" && typeof next.additionalProperties === "object") {
    diffSchema(old.additionalProperties as JsonSchema, next.additionalProperties as JsonSchema, `${path}[*]`, emit);
  }
}

function collector(resource: string, into: ApiChange[]): Sink {
  return (change) => into.push({ resource, ...change, breaking: change.impact === "breaking" });
}

/** Compares the structural schemas of every kind and served version two sets of CRDs share. */
export function diffCrds(old: readonly CustomResourceDefinition[], next: readonly CustomResourceDefinition[]): ApiChange[] {
  const changes: ApiChange[] = [];
  const key = (crd: CustomResourceDefinition): string => `${crd.spec.group}/${crd.spec.names.kind}`;
  const oldByKey = new Map(old.map((crd) => [key(crd), crd]));
  for (const crd of next) {
    const previous = oldByKey.get(key(crd));
    for (const version of crd.spec.versions.filter(hasStructuralSchema)) {
      const resource = `${crd.spec.names.kind} ${version.name}`;
      const before = previous?.spec.versions.find((v) => v.name === version.name);
      if (!before?.schema?.openAPIV3Schema) {
        changes.push({ resource, path: ".", change: "kind-added", impact: "compatible", breaking: false, message: "kind/version added" });
        continue;
      }
      diffSchema(before.schema.openAPIV3Schema, version.schema?.openAPIV3Schema ?? {}, "", collector(resource, changes));
    }
    oldByKey.delete(key(crd));
  }
  for (const crd of oldByKey.values()) {
    changes.push({ resource: crd.spec.names.kind, path: ".", change: "kind-removed", impact: "breaking", breaking: true, message: "kind removed" });
  }
  return changes;
}

/** Compares two OpenAPI documents schema by schema (references compared by name). */
export function diffOpenApi(old: OpenApiDocument, next: OpenApiDocument): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const [name, schema] of Object.entries(next.components.schemas)) {
    const previous = old.components.schemas[name];
    if (!previous) changes.push({ resource: name, path: ".", change: "kind-added", impact: "compatible", breaking: false, message: "schema added" });
    else diffSchema(previous, schema, "", collector(name, changes));
  }
  for (const name of Object.keys(old.components.schemas)) {
    if (!next.components.schemas[name]) changes.push({ resource: name, path: ".", change: "kind-removed", impact: "breaking", breaking: true, message: "schema removed" });
  }
  return changes;
}

/** Wraps changes into a report with counts per impact. */
export function toChangeReport(changes: ApiChange[]): ApiChangeReport {
  const summary: Record<ChangeImpact, number> = { breaking: 0, compatible: 0, review: 0 };
  for (const change of changes) summary[change.impact] += 1;
  return { changes, summary };
}

/** Human-readable lines: `BREAKING  TrainJob v1alpha1  .spec.x  field-removed: field removed`. */
export function formatChangeReport(report: ApiChangeReport): string {
  const label: Record<ChangeImpact, string> = { breaking: "BREAKING  ", compatible: "compatible", review: "review    " };
  const lines = report.changes.map((c) => `${label[c.impact]}  ${c.resource}  ${c.path || "."}  ${c.change}: ${c.message}`);
  lines.push(`${report.changes.length} changes: ${report.summary.breaking} breaking, ${report.summary.review} to review, ${report.summary.compatible} compatible`);
  return lines.join("\n");
}
