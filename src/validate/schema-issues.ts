/**
 * Turns the emitted validators' errors into findings worded like the apiserver's, with a severity that depends on
 * who enforces the schema. A CRD's structural schema is enforced by the apiserver: everything is an error, int32/int64
 * ranges included (Kubernetes 1.36 checks numeric formats; older apiservers stored such values, which the controller
 * then failed to decode). A Go-derived OpenAPI schema
 * (Katib) is only as strict as Go's decoder: wrong types and unparsable formats fail, while unknown fields (kept by
 * the schemaless CRD, ignored by the webhook's decoder), required fields, enums, patterns and bounds are warnings.
 */
import type { SchemaError } from "../../generated/validator-runtime.ts";
import { describeValue, error, type Finding, fromJsonPointer, type Segment, toFieldPath, toSegments, warning } from "./finding.ts";
import type { FieldValidation, Severity } from "./types.ts";

/** How to read the errors of one validation. */
export interface SchemaIssueContext {
  origin: "crd" | "openapi";
  /** Unknown fields: `strict` → errors, `warn` → warnings, `ignore` → none. */
  fieldValidation: FieldValidation;
  /** Status is dropped on create: only its unknown fields are reported (strict decoding happens before). */
  statusSubresource: boolean;
  /** The validated value (to print offending values and tell list indexes from keys). */
  value: unknown;
  /**
   * The object's CRD is schemaless (Katib's): the apiserver keeps unknown fields outside metadata and the webhook's
   * decoder ignores them, so they are warnings whatever `fieldValidation` says.
   */
  unknownFieldsKept?: boolean;
}

/** The emitted keyword that bounds integers to int64 (codegen/validators/prepare-schema.ts). */
const INT64_KEYWORD = "x-kubeflow-ts-int64";

/** Keywords Go's decoder enforces, so errors even for Go-derived schemas. */
const DECODER_KEYWORDS = new Set(["type", "format", "anyOf", "oneOf", "additionalProperties", INT64_KEYWORD]);

function severityOf(keyword: string, context: SchemaIssueContext): Severity {
  if (context.origin === "crd") return "error";
  return DECODER_KEYWORDS.has(keyword) ? "error" : "warning";
}

function valueAt(root: unknown, steps: readonly string[]): unknown {
  let current = root;
  for (const step of steps) current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[step] : undefined;
  return current;
}

function formatMessage(format: string, value: unknown): string {
  const shown = describeValue(value);
  switch (format) {
    case "int32":
      return `Invalid value: ${shown}: must be of type integer with format int32 (does not fit in 32 bits)`;
    case "int64":
      return `Invalid value: ${shown}: does not fit in a 64-bit integer`;
    case "quantity":
      return `Invalid value: ${shown}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
    default:
      return `Invalid value: ${shown}: must be a valid ${format}`;
  }
}

type Params = Record<string, unknown>;
type MessageOf = (shown: string, params: Params, value: unknown) => string;

const bound: MessageOf = (shown, params) => `Invalid value: ${shown}: should be ${String(params.comparison)} ${String(params.limit)}`;
const alternatives: MessageOf = (shown, params) => {
  const types = (params.types as string[] | undefined) ?? [];
  return types.length > 0 ? `Invalid value: ${shown}: must be of type ${types.join(" or ")}` : `Invalid value: ${shown}: matches none of the allowed forms`;
};

/** Messages by keyword, worded like the apiserver's (unknown fields and list duplicates are handled apart). */
const MESSAGES: Readonly<Record<string, MessageOf>> = {
  type: (shown, params) => `Invalid value: ${shown}: must be of type ${String(params.type)}`,
  [INT64_KEYWORD]: (shown) => `Invalid value: ${shown}: must be of type integer (beyond 64 bits, JSON decoders read a float)`,
  required: () => "Required value",
  enum: (shown, params) => `Unsupported value: ${shown}: supported values: ${((params.allowedValues as unknown[]) ?? []).map((item) => describeValue(item)).join(", ")}`,
  const: (shown, params) => `Invalid value: ${shown}: must be ${describeValue(params.allowedValue)}`,
  pattern: (shown, params) => `Invalid value: ${shown}: should match '${String(params.pattern)}'`,
  format: (_shown, params, value) => formatMessage(String(params.format), value),
  maxLength: (_shown, params) => `Too long: may not be more than ${String(params.limit)} characters`,
  minLength: (shown, params) => `Invalid value: ${shown}: should be at least ${String(params.limit)} characters long`,
  maxItems: (_shown, params, value) => `Too many: ${Array.isArray(value) ? value.length : "?"}: must have at most ${String(params.limit)} items`,
  minItems: (_shown, params) => `Invalid value: should have at least ${String(params.limit)} items`,
  maxProperties: (_shown, params) => `Too many: must have at most ${String(params.limit)} properties`,
  minProperties: (_shown, params) => `Invalid value: should have at least ${String(params.limit)} properties`,
  minimum: bound,
  exclusiveMinimum: bound,
  maximum: bound,
  exclusiveMaximum: bound,
  multipleOf: (shown, params) => `Invalid value: ${shown}: should be a multiple of ${String(params.multipleOf)}`,
  anyOf: alternatives,
  oneOf: alternatives,
};

function messageOf(schemaError: SchemaError, value: unknown): string {
  const shown = describeValue(value);
  const message = MESSAGES[schemaError.keyword];
  return message ? message(shown, schemaError.params, value) : `Invalid value: ${shown}: fails ${schemaError.keyword}`;
}

function ruleOf(keyword: string): string {
  if (keyword === INT64_KEYWORD) return "schema.type";
  return `schema.${keyword.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function isBranchPoint(item: SchemaError): boolean {
  return item.keyword === "anyOf" || item.keyword === "oneOf";
}

/**
 * A failed anyOf/oneOf comes with one error per branch. When every branch failed on its type, one error names the
 * accepted types; when a branch got the type right but failed further (a malformed quantity string), that error is
 * the one worth reporting.
 */
function collapseBranches(errors: readonly SchemaError[]): SchemaError[] {
  const key = (item: SchemaError): string => `${item.instancePath}\u0000${item.schemaPath}`;
  const points = errors.filter(isBranchPoint);
  const branchesOf = (point: SchemaError): SchemaError[] => errors.filter((item) => item !== point && key(item).startsWith(`${key(point)}/`));
  const inBranch = new Set(points.flatMap(branchesOf));
  const result: SchemaError[] = [];
  for (const item of errors) {
    if (inBranch.has(item)) continue;
    if (!isBranchPoint(item)) {
      result.push(item);
      continue;
    }
    const branches = branchesOf(item);
    const specific = branches.filter((branch) => branch.keyword !== "type" && !isBranchPoint(branch));
    if (specific.length > 0) result.push(...specific);
    else result.push({ ...item, params: { types: branches.filter((branch) => branch.keyword === "type").map((branch) => String(branch.params.type)) } });
  }
  return result;
}

function toFinding(schemaError: SchemaError, context: SchemaIssueContext): Finding | undefined {
  const steps = fromJsonPointer(schemaError.instancePath);
  const at = toSegments(context.value, steps);
  const { keyword, params } = schemaError;
  if (keyword === "additionalProperties") {
    if (context.fieldValidation === "ignore") return undefined;
    const field: Segment[] = [...at, String(params.additionalProperty)];
    // Metadata is decoded strictly by the apiserver, schemaless CRD or not.
    if (context.unknownFieldsKept && field[0] !== "metadata") return warning("schema.unknown-field", field, `unknown field ${JSON.stringify(toFieldPath(field))} (the apiserver keeps it; Katib ignores it)`, true);
    const make = context.fieldValidation === "strict" ? error : warning;
    return make("schema.unknown-field", field, `unknown field ${JSON.stringify(toFieldPath(field))}`, true);
  }
  if (context.statusSubresource && at[0] === "status") return undefined;
  const value = valueAt(context.value, steps);
  if (keyword === "required") return { severity: severityOf(keyword, context), rule: ruleOf(keyword), message: messageOf(schemaError, value), at: [...at, String(params.missingProperty)] };
  if (keyword === "x-kubernetes-list-type") {
    // Go decodes any list; a duplicate key in a Go-typed list-map (two parameters named alike) is worth a warning,
    // a repeated value in a "set" (Katib's inputSizes: [32, 32, 3]) usually is not.
    if (context.origin === "openapi" && params.listType === "set") return undefined;
    const index = Number(params.index);
    const item = Array.isArray(value) ? value[index] : undefined;
    const severity = context.origin === "crd" ? "error" : "warning";
    return { severity, rule: "schema.list-duplicate", message: `Duplicate value: ${describeValue(item)}`, at: [...at, index] };
  }
  return { severity: severityOf(keyword, context), rule: ruleOf(keyword), message: messageOf(schemaError, value), at };
}

/** An integer beyond int64 also fails its int32/int64 format: the type error says it all. */
function withoutRangeEchoes(errors: readonly SchemaError[]): SchemaError[] {
  const beyond = new Set(errors.filter((item) => item.keyword === INT64_KEYWORD).map((item) => item.instancePath));
  return errors.filter((item) => item.keyword !== "format" || !beyond.has(item.instancePath));
}

/** Findings for a validator's errors. */
export function toSchemaFindings(errors: readonly SchemaError[] | null | undefined, context: SchemaIssueContext): Finding[] {
  return collapseBranches(withoutRangeEchoes(errors ?? [])).flatMap((item) => toFinding(item, context) ?? []);
}
