/**
 * Evaluates `x-kubernetes-validations` as the apiserver does on create: every rule at every node where the data has
 * a value, `self` typed by the schema (integers are CEL ints). Transition rules (`oldSelf`) only apply to updates and
 * are skipped and counted; a rule the engine cannot compile is reported as "not checked". Rules compile once per
 * process.
 */
import type { StructureSchema } from "../../generated/validator-runtime.ts";
import { createCelEnvironment } from "./cel-library.ts";
import { error, type Finding, type Segment, warning } from "./finding.ts";
import { type CelRuleSpec, propertySchema, resolveNode } from "./structural.ts";
import type { CelStats } from "./types.ts";

type Program = (context: { self: unknown }) => unknown;
type Compiled = { ok: true; program: Program } | { ok: false; reason: string };

const TRANSITION = /\boldSelf\b/;
let environment: ReturnType<typeof createCelEnvironment> | undefined;
const compiled = new Map<string, Compiled>();

/** Compiles (parses and type-checks) an expression once per process. */
export function compileCel(expression: string): Compiled {
  let result = compiled.get(expression);
  if (result) return result;
  environment ??= createCelEnvironment();
  try {
    const check = environment.check(expression);
    result = check.valid ? { ok: true, program: environment.parse(expression) as Program } : { ok: false, reason: check.error?.message.split("\n")[0] ?? "type check failed" };
  } catch (cause) {
    result = { ok: false, reason: cause instanceof Error ? (cause.message.split("\n")[0] ?? cause.message) : String(cause) };
  }
  compiled.set(expression, result);
  return result;
}

/** Converts JSON data into CEL values, typed by the schema: integers become ints (bigint) unless the field is a number. */
export function toCelValue(value: unknown, schema: StructureSchema | undefined, root: StructureSchema): unknown {
  const node = schema ? resolveNode(schema, root) : undefined;
  if (typeof value === "number") return Number.isInteger(value) && node?.type !== "number" ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, node?.items, root));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, toCelValue(item, node ? propertySchema(node, name) : undefined, root)]));
  }
  return value;
}

/** `.spec.replicas` or `.labels['app.kubernetes.io/name']` (a rule's fieldPath) → segments. */
export function parseFieldPath(fieldPath: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of fieldPath.matchAll(/\.([^.[\]]+)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[(\d+)\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(match[2].replace(/\\(.)/g, "$1"));
    else if (match[3] !== undefined) segments.push(Number(match[3]));
  }
  return segments;
}

function failureMessage(spec: CelRuleSpec, self: unknown): string {
  if (spec.messageExpression) {
    const program = compileCel(spec.messageExpression);
    if (program.ok) {
      try {
        const message = program.program({ self });
        if (typeof message === "string" && message.trim() !== "") return message;
      } catch {
        // Falls back to the static message, as the apiserver does when messageExpression fails.
      }
    }
  }
  return spec.message ?? `failed rule: ${spec.rule}`;
}

function evaluateRule(spec: CelRuleSpec, self: unknown, at: readonly Segment[], stats: CelStats): Finding | undefined {
  if (TRANSITION.test(spec.rule)) {
    stats.skippedTransition++;
    return undefined;
  }
  const program = compileCel(spec.rule);
  if (!program.ok) {
    stats.notChecked++;
    return warning("cel.not-checked", at, `rule not checked (the CEL engine cannot compile it: ${program.reason}): ${spec.rule}`);
  }
  stats.evaluated++;
  const target = spec.fieldPath ? [...at, ...parseFieldPath(spec.fieldPath)] : at;
  try {
    const result = program.program({ self });
    if (result === true) return undefined;
    if (result === false) return error("cel", target, failureMessage(spec, self));
    return error("cel", target, `rule did not evaluate to a boolean: ${spec.rule}`);
  } catch (cause) {
    const reason = cause instanceof Error ? (cause.message.split("\n")[0] ?? cause.message) : String(cause);
    return error("cel", target, `${spec.message ?? spec.rule}: evaluation error: ${reason}`);
  }
}

/** Whether a CEL value has the schema's type; rules are not run on ill-typed values (the schema check reports them). */
function hasSchemaType(type: string | undefined, self: unknown): boolean {
  switch (type) {
    case "object":
      return self !== null && typeof self === "object" && !Array.isArray(self);
    case "array":
      return Array.isArray(self);
    case "string":
      return typeof self === "string";
    case "integer":
      return typeof self === "bigint";
    case "number":
      return typeof self === "number" || typeof self === "bigint";
    case "boolean":
      return typeof self === "boolean";
    default:
      return true;
  }
}

/** Options of evaluateCelRules. */
export interface CelOptions {
  /** Root properties not validated on create (status, when the kind has a status subresource). */
  skipRoot?: ReadonlySet<string>;
}

/** Evaluates every rule of the schema against the (defaulted) object. */
export function evaluateCelRules(value: unknown, root: StructureSchema, options: CelOptions = {}): { findings: Finding[]; stats: CelStats } {
  const stats: CelStats = { evaluated: 0, skippedTransition: 0, notChecked: 0 };
  const findings: Finding[] = [];
  const walk = (self: unknown, schema: StructureSchema, at: Segment[]): void => {
    const node = resolveNode(schema, root);
    if (!hasSchemaType(node.type, self)) return;
    for (const spec of node.validations) {
      const finding = evaluateRule(spec, self, at, stats);
      if (finding) findings.push(finding);
    }
    if (Array.isArray(self)) {
      if (node.items) self.forEach((item, index) => walk(item, node.items as StructureSchema, [...at, index]));
    } else if (self !== null && typeof self === "object") {
      for (const [name, item] of Object.entries(self)) {
        if (at.length === 0 && options.skipRoot?.has(name)) continue;
        const child = propertySchema(node, name);
        if (child) walk(item, child, [...at, name]);
      }
    }
  };
  walk(toCelValue(value, root, root), root, []);
  return { findings, stats };
}
