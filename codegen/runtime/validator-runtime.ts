/**
 * What the emitted validator modules share at run time (format checks, list uniqueness, ajv's helpers) and the types
 * of the validator index. Codegen copies this file, from the line after this comment, to generated/validator-runtime.ts
 * (codegen/runtime-files.ts): generated/ imports nothing from src/, and these helpers replace ajv's runtime modules so
 * that validating needs no ajv at all. Hence no imports here. The build-time ajv uses the same formats and helpers
 * (codegen/validators/ajv-setup.ts), so it compiles against what runs.
 */

/** An error reported by an emitted validator (ajv's shape, without messages). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** An emitted validator: returns whether the data is valid, and leaves the errors on itself. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** A schema node reduced to what run-time walks need (defaults, nullability, types, CEL rules). */
export type StructureSchema = Record<string, unknown>;

/** One lazily loaded validator module. */
export interface ValidatorModule {
  validate: CompiledValidator;
  /** The structural part of the schema, with its definitions: for defaulting, null pruning and CEL. */
  structure: StructureSchema;
}

/** A kind of a validated group. */
export interface KindValidator {
  namespaced: boolean;
  /** Status is dropped on create and not validated when the kind has a status subresource. */
  statusSubresource: boolean;
  load: () => Promise<ValidatorModule>;
}

/** The validators of one API group/version. */
export interface ValidatorGroup {
  product: string;
  group: string;
  version: string;
  /** "crd": the apiserver enforces the schema; "openapi": a webhook decodes into the Go types it describes. */
  origin: "crd" | "openapi";
  provenance: string;
  kinds: Readonly<Record<string, KindValidator>>;
  /** Validators of other APIs that this group embeds, keyed "group/version/Kind" ("batch/v1/Job"). */
  embedded: Readonly<Record<string, KindValidator>>;
}

const INT32_MAX = 2147483647;
const INT64_MAX = 9223372036854775807;
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function numberFormat(max: number): { type: "number"; validate: (value: number) => boolean } {
  return { type: "number", validate: (value) => !Number.isInteger(value) || (value >= -max - 1 && value <= max) };
}

function stringFormat(pattern: RegExp): { type: "string"; validate: (value: string) => boolean } {
  return { type: "string", validate: (value) => pattern.test(value) };
}

/** Format checks, keyed by format name. Any other format is accepted unchecked, as the apiserver does. */
export const kftsFormats = {
  int32: numberFormat(INT32_MAX),
  int64: numberFormat(INT64_MAX),
  "date-time": stringFormat(DATE_TIME),
  date: stringFormat(DATE),
  byte: stringFormat(BASE64),
  quantity: stringFormat(QUANTITY),
  uuid: stringFormat(UUID),
  ipv4: stringFormat(IPV4),
};

/** JSON text with object keys sorted, so equal values have equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return "{" + entries.map(([key, item]) => JSON.stringify(key) + ":" + canonical(item)).join(",") + "}";
  }
  return JSON.stringify(value) ?? "null";
}

function firstDuplicate(list: readonly unknown[], keyOf: (item: unknown) => string): number {
  if (list.length < 2) return -1;
  const seen = new Set<string>();
  for (let index = 0; index < list.length; index++) {
    const key = keyOf(list[index]);
    if (seen.has(key)) return index;
    seen.add(key);
  }
  return -1;
}

function mapKey(item: unknown, keys: readonly string[]): string {
  const record = item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {};
  // The common single string key (a name) without building JSON: no canonical text starts with \u0001.
  if (keys.length === 1) {
    const only = record[keys[0] as string];
    if (typeof only === "string") return "\u0001" + only;
  }
  return canonical(keys.map((key) => record[key] ?? null));
}

/** Helpers the emitted validators call (they stand in for ajv's runtime modules). */
export const kftsRuntime = {
  /** Length in code points, as Go counts runes. */
  ucs2length(text: string): number {
    let length = 0;
    for (const _ of text) length++;
    return length;
  },
  equal(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
  },
  /** Index of the first item equal to an earlier one, or -1 (x-kubernetes-list-type: set). */
  duplicateInSet(list: readonly unknown[]): number {
    return firstDuplicate(list, canonical);
  },
  /** Index of the first item whose map keys equal an earlier one's, or -1 (x-kubernetes-list-type: map). */
  duplicateInMap(list: readonly unknown[], keys: readonly string[]): number {
    return firstDuplicate(list, (item) => mapKey(item, keys));
  },
};
