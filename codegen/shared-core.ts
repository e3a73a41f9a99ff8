/**
 * Katib and Trainer pin different Kubernetes versions, so their `io.k8s.*` schemas differ in places. A core type is
 * shared (exported once from the package root) only when its whole closure — the schema and everything it
 * references — is identical, descriptions aside, in every document that has it.
 */
import type { JsonSchema } from "./crd.ts";
import { isCoreSchemaName } from "./naming.ts";
import type { OpenApiDocument } from "./overlay.ts";

function refsOf(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) refsOf(item, into);
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") into.add(child.replace("#/components/schemas/", ""));
      else refsOf(child, into);
    }
  }
}

function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "description")
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, child]) => [key, withoutDescriptions(child)]),
    );
  }
  return value;
}

/** A canonical text of a schema and everything it references. */
export function closureFingerprint(schemas: Record<string, JsonSchema>, name: string): string {
  const seen = new Set<string>();
  const queue = [name];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const refs = new Set<string>();
    refsOf(schemas[next], refs);
    queue.push(...refs);
  }
  return JSON.stringify([...seen].sort().map((schema) => [schema, withoutDescriptions(schemas[schema] ?? null)]));
}

/** Core schema names present in every document and identical in all of them. */
export function sharedCoreSchemas(docs: readonly OpenApiDocument[]): string[] {
  const [first, ...rest] = docs;
  if (!first) return [];
  return Object.keys(first.components.schemas)
    .filter(isCoreSchemaName)
    .filter((name) => {
      const fingerprint = closureFingerprint(first.components.schemas, name);
      return rest.every((doc) => doc.components.schemas[name] && closureFingerprint(doc.components.schemas, name) === fingerprint);
    })
    .sort();
}
