/**
 * Validates one decoded object as admission would on create: resolve its kind, apply what the server applies first
 * (null pruning and structural defaults for CRDs; Katib's defaulting webhook for Experiments), then the schema
 * (types, unknown fields, formats, lists), metadata, CEL rules, and Katib's and the Trainer's validating webhooks.
 */
import type { KindValidator, ValidatorGroup } from "../../generated/validator-runtime.ts";
import { evaluateCelRules } from "./cel.ts";
import { error, type Finding } from "./finding.ts";
import { checkExperimentRules, checkTrialResource } from "./katib/experiment-admission.ts";
import { applyExperimentDefaults } from "./katib/experiment-defaults.ts";
import { writtenSpec } from "./katib/katib-rule.ts";
import { cloneJson, measureJson } from "./json-clone.ts";
import { findKind, loadValidator } from "./kinds.ts";
import { effectiveName, validateObjectMeta } from "./object-meta.ts";
import { toSchemaFindings } from "./schema-issues.ts";
import { checkTrainerAdmission } from "./trainer/trainer-admission.ts";
import { applyStructure } from "./structural.ts";
import type { CelStats, FieldValidation } from "./types.ts";

/** The apiserver refuses request bodies over 3 MiB. */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;

/** What validating one object found. */
export interface ObjectResult {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  skipped: boolean;
  findings: Finding[];
  cel: CelStats;
}

function emptyStats(): CelStats {
  return { evaluated: 0, skippedTransition: 0, notChecked: 0 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "list" : typeof value;
}

/**
 * Applies what admission applies before validating, in place. `nulls: false` says the object holds no null: then a
 * schema of Go types (whose walk only drops nulls) is not walked.
 */
export async function defaultInPlace(object: Record<string, unknown>, group: ValidatorGroup, kind: string, validator: KindValidator, nulls = true): Promise<void> {
  const module = await loadValidator(validator);
  if (nulls || group.origin === "crd") applyStructure(object, module.structure, module.structure, group.origin);
  if (group.product === "katib" && kind === "Experiment") applyExperimentDefaults(object);
}

function sizeFinding(object: Record<string, unknown>): Finding | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(object));
  if (bytes <= MAX_OBJECT_BYTES) return undefined;
  return error("document.too-large", [], `the object is ${bytes} bytes as JSON; the apiserver refuses requests over ${MAX_OBJECT_BYTES} bytes`);
}

function celFindings(object: Record<string, unknown>, structure: Record<string, unknown>, statusSubresource: boolean): { findings: Finding[]; cel: CelStats } {
  // Rules see the name the apiserver generates from generateName before validating.
  const name = effectiveName(object);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const input = name === undefined ? object : { ...object, metadata: { ...metadata, name } };
  const { findings, stats } = evaluateCelRules(input, structure, { skipRoot: statusSubresource ? new Set(["status"]) : new Set() });
  return { findings, cel: stats };
}

async function katibFindings(original: Record<string, unknown>, defaulted: Record<string, unknown>, fieldValidation: FieldValidation): Promise<Finding[]> {
  if (!isRecord(defaulted.spec)) return [];
  const name = effectiveName(defaulted);
  const context = { experiment: defaulted, spec: defaulted.spec, original, name };
  const findings = checkExperimentRules(context);
  const embedded = async (object: Record<string, unknown>): Promise<Finding[] | undefined> => {
    const result = await validateKubeObject(object, fieldValidation);
    return result.skipped ? undefined : result.findings;
  };
  return [...findings, ...(await checkTrialResource(defaulted, name, embedded, context))];
}

async function validateKnown(object: Record<string, unknown>, group: ValidatorGroup, kind: string, validator: KindValidator, fieldValidation: FieldValidation, handover: Handover): Promise<{ findings: Finding[]; cel: CelStats }> {
  const module = await loadValidator(validator);
  const experiment = group.product === "katib" && kind === "Experiment";
  // An owned object is defaulted in place, any other copied first.
  const owned = handover.owned === true;
  const cloned = owned ? undefined : cloneJson(object);
  const measure = cloned ?? (owned ? measureJson(object) : undefined);
  // The request's size, before defaulting; serialized only when the bound does not already rule the limit out.
  const size = measure && measure.bound <= MAX_OBJECT_BYTES ? undefined : sizeFinding(object);
  // Katib's rules also read the spec as written: kept aside before an owned Experiment is defaulted.
  const original = experiment ? (owned ? writtenSpec(object) : isRecord(object.spec) ? object.spec : {}) : undefined;
  const copy = cloned ? cloned.copy : owned ? object : structuredClone(object);
  await defaultInPlace(copy, group, kind, validator, measure?.nulls ?? true);
  module.validate(copy);
  const context = { origin: group.origin, fieldValidation, statusSubresource: validator.statusSubresource, value: copy, unknownFieldsKept: group.product === "katib" };
  const findings = [...toSchemaFindings(module.validate.errors, context), ...validateObjectMeta(copy, validator.namespaced, kind)];
  if (size) findings.unshift(size);
  let cel = emptyStats();
  if (group.origin === "crd") {
    const result = celFindings(copy, module.structure, validator.statusSubresource);
    findings.push(...result.findings);
    cel = result.cel;
  }
  if (original) findings.push(...(await katibFindings(original, copy, fieldValidation)));
  // Validating webhooks run only after the schema and CEL rules passed: the apiserver never calls them otherwise.
  if (group.product === "trainer" && !findings.some((finding) => finding.severity === "error")) findings.push(...checkTrainerAdmission(kind, copy));
  return { findings, cel };
}

/** How a value is handed to validateKubeObject. */
export interface Handover {
  /** The caller decoded the value and hands it over (a tree: no node reachable twice): it may be defaulted in place. */
  owned?: boolean;
}

/** Validates one object. Rejects only on internal failures (callers turn them into issues). */
export async function validateKubeObject(value: unknown, fieldValidation: FieldValidation, handover: Handover = {}): Promise<ObjectResult> {
  if (!isRecord(value)) {
    return { skipped: false, cel: emptyStats(), findings: [error("document.not-object", [], `a manifest must be an object with apiVersion and kind, not a ${describeType(value)}`)] };
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const identity = {
    ...(typeof value.apiVersion === "string" ? { apiVersion: value.apiVersion } : {}),
    ...(typeof value.kind === "string" ? { kind: value.kind } : {}),
    ...(typeof metadata.name === "string" ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === "string" ? { namespace: metadata.namespace } : {}),
  };
  if (!identity.apiVersion || !identity.kind) {
    const missing = [identity.apiVersion ? undefined : "apiVersion", identity.kind ? undefined : "kind"].filter((name) => name !== undefined);
    return { ...identity, skipped: false, cel: emptyStats(), findings: missing.map((name) => error("document.type-meta", [name], `Required value: ${name} must be set (a string)`)) };
  }
  const lookup = findKind(identity.apiVersion, identity.kind);
  if (lookup.status === "skipped") return { ...identity, skipped: true, cel: emptyStats(), findings: [{ severity: "warning", rule: "document.skipped", at: [], message: lookup.message }] };
  if (lookup.status === "unknown") return { ...identity, skipped: false, cel: emptyStats(), findings: [error(lookup.rule, [lookup.rule === "api.unknown-kind" ? "kind" : "apiVersion"], lookup.message)] };
  const { findings, cel } = await validateKnown(value, lookup.group, lookup.kind, lookup.validator, fieldValidation, handover);
  return { ...identity, skipped: false, findings, cel };
}
