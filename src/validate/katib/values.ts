/**
 * Reading decoded JSON the way Go code sees its structs: a missing string is "", a missing list is empty, a missing
 * struct pointer is allocated when a defaulter needs it. Values of the wrong type read as missing (the schema check
 * reports them).
 */

/** A JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A string field, "" when unset or not a string (Go's zero value). */
export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A list field, empty when unset or not a list. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A struct field: the object, created when unset (as defaulters allocate pointers); undefined when not an object. */
export function child(parent: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = parent[name];
  if (value === undefined || value === null) {
    const created: Record<string, unknown> = {};
    parent[name] = created;
    return created;
  }
  return isRecord(value) ? value : undefined;
}

/** A struct field without creating it. */
export function field(parent: unknown, name: string): Record<string, unknown> | undefined {
  if (!isRecord(parent)) return undefined;
  const value = parent[name];
  return isRecord(value) ? value : undefined;
}

/** An integer field (Go *int32): the number, or undefined when unset or not a number. */
export function integer(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}
