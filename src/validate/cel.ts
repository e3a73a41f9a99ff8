/**
 * Evaluates `x-kubernetes-validations` as the apiserver does on create: every rule at every node where the data has
 * a value, `self` typed by the schema (integers are CEL ints). Transition rules (`oldSelf`) only apply to updates and
 * are skipped and counted; a rule the engine cannot compile is reported as "not checked". Rules compile once per
 * process.
 */
import type { StructureSchema } from "../../generated/validator-runtime.ts";
import { createCelEnvironment } from "./cel-library.ts";
import { error, type Finding, type Segment, warning } from "./finding.ts";
import { type CelRuleSpec, propertySchema, type ResolvedNode, resolveNode } from "./structural.ts";
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

/** An own data property, as Object.fromEntries makes it (`__proto__` included). */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  else target[name] = value;
}

/**
 * Converts JSON data into CEL values, typed by the schema: integers become ints (bigint) unless the field is a number.
 * Parts without such an integer are returned as they are (CEL only reads them), so a large subtree without numbers
 * costs a walk, not a copy.
 */
export function toCelValue(value: unknown, schema: StructureSchema | undefined, root: StructureSchema): unknown {
  if (typeof value === "number") {
    const node = schema ? resolveNode(schema, root) : undefined;
    return Number.isInteger(value) && node?.type !== "number" ? BigInt(value) : value;
  }
  if (value === null || typeof value !== "object") return value;
  const node = schema ? resolveNode(schema, root) : undefined;
  if (Array.isArray(value)) {
    const items = node?.items;
    const mapped = value.map((item: unknown) => toCelValue(item, items, root));
    return mapped.every((item, index) => item === value[index]) ? value : mapped;
  }
  const record = value as Record<string, unknown>;
  const names = Object.keys(record);
  let copy: Record<string, unknown> | undefined;
  for (let index = 0; index < names.length; index++) {
    const name = names[index] as string;
    const item = record[name];
    const converted = toCelValue(item, node ? propertySchema(node, name) : undefined, root);
    if (converted !== item && copy === undefined) {
      copy = {};
      for (const earlier of names.slice(0, index)) define(copy, earlier, record[earlier]);
    }
    if (copy) define(copy, name, converted);
  }
  return copy ?? record;
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

const transitions = new WeakMap<CelRuleSpec, boolean>();

/** Whether a rule compares with the old object (`oldSelf`): those only apply to updates. */
function isTransition(spec: CelRuleSpec): boolean {
  let transition = transitions.get(spec);
  if (transition === undefined) {
    transition = TRANSITION.test(spec.rule);
    transitions.set(spec, transition);
  }
  return transition;
}

function evaluateRule(spec: CelRuleSpec, self: unknown, at: readonly Segment[], stats: CelStats): Finding | undefined {
  if (isTransition(spec)) {
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

/**
 * Whether a value has the schema's type as a CEL value would (toCelValue makes integers ints unless the field is a
 * number); rules are not run on ill-typed values (the schema check reports them).
 */
function hasSchemaType(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

/** Whether a rule sits at or below a node; a node met again while being computed (recursion) counts as having one. */
function hasRules(node: ResolvedNode, root: StructureSchema): boolean {
  if (node.hasRules !== undefined) return node.hasRules;
  node.hasRules = true;
  const children = [...Object.values(node.properties), node.items, node.additionalProperties];
  node.hasRules = node.validations.length > 0 || children.some((child) => child !== undefined && hasRules(resolveNode(child, root), root));
  return node.hasRules;
}

/** Options of evaluateCelRules. */
export interface CelOptions {
  /** Root properties not validated on create (status, when the kind has a status subresource). */
  skipRoot?: ReadonlySet<string>;
}

/**
 * Evaluates every rule of the schema against the (defaulted) object. Only subtrees holding rules are walked, and a
 * value is converted to CEL once, at the highest node with a rule (its children's values are parts of it).
 */
export function evaluateCelRules(value: unknown, root: StructureSchema, options: CelOptions = {}): { findings: Finding[]; stats: CelStats } {
  const stats: CelStats = { evaluated: 0, skippedTransition: 0, notChecked: 0 };
  const findings: Finding[] = [];
  // Only called for nodes with rules at or below them (checked before descending, which spares building paths).
  const walk = (data: unknown, cel: unknown, schema: StructureSchema, at: Segment[]): void => {
    const node = resolveNode(schema, root);
    if (!hasSchemaType(node.type, data)) return;
    if (node.validations.length > 0) {
      // Transition rules are only counted: no value to convert for them.
      if (node.validations.some((spec) => !isTransition(spec))) cel ??= toCelValue(data, schema, root);
      for (const spec of node.validations) {
        const finding = evaluateRule(spec, cel, at, stats);
        if (finding) findings.push(finding);
      }
    }
    const parts = cel as Record<string | number, unknown> | undefined;
    if (Array.isArray(data)) {
      const items = node.items;
      if (items && hasRules(resolveNode(items, root), root)) data.forEach((item, index) => walk(item, parts?.[index], items, [...at, index]));
    } else if (data !== null && typeof data === "object") {
      for (const [name, item] of Object.entries(data)) {
        if (at.length === 0 && options.skipRoot?.has(name)) continue;
        const child = propertySchema(node, name);
        if (child && hasRules(resolveNode(child, root), root)) walk(item, parts?.[name], child, [...at, name]);
      }
    }
  };
  if (hasRules(resolveNode(root, root), root)) walk(value, undefined, root, []);
  return { findings, stats };
}
