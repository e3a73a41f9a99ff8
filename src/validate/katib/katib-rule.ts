/**
 * A Katib admission check as data: an id (the rule is `katib.<id>`), the upstream check it mirrors, and a
 * pure function of the defaulted Experiment. Errors are what the webhook rejects; anything it accepts but that will
 * not work (or that depends on the installation's katib-config) is a warning.
 */
import type { Finding, Segment } from "../finding.ts";
import { describeValue } from "../finding.ts";
import { isRecord } from "./values.ts";

/** What a rule sees. */
export interface ExperimentContext {
  /** The Experiment after Katib's defaulting webhook. */
  experiment: Record<string, unknown>;
  /** Its spec (an object: the rules do not run otherwise). */
  spec: Record<string, unknown>;
  /**
   * The spec as written, before defaulting (for warnings about what defaulting hides): its own fields and its
   * parameters, as writtenSpec keeps them.
   */
  original: Record<string, unknown>;
  /** metadata.name, or the name generateName would produce. */
  name: string | undefined;
}

/**
 * What the rules read of an Experiment's spec as written, kept before the Experiment is defaulted in place: the
 * spec's own fields, and its parameters' with their feasibleSpace's (the levels defaulting and null pruning change:
 * parallelTrialCount and the like, feasibleSpace.distribution, null fields). Copies of those levels, no deeper.
 */
export function writtenSpec(experiment: Record<string, unknown>): Record<string, unknown> {
  const spec = experiment.spec;
  if (!isRecord(spec)) return {};
  const { parameters } = spec;
  if (!Array.isArray(parameters)) return { ...spec };
  const written = parameters.map((parameter: unknown) => (isRecord(parameter) ? { ...parameter, ...(isRecord(parameter.feasibleSpace) ? { feasibleSpace: { ...parameter.feasibleSpace } } : {}) } : parameter));
  return { ...spec, parameters: written };
}

/** One check. */
export interface KatibRule {
  id: string;
  /** The upstream check, e.g. "validator.go validateObjective: objective type must be minimize or maximize". */
  mirrors: string;
  check: (context: ExperimentContext) => Finding[];
}

/** A webhook rejection: `field.Invalid(path, value, detail)`. */
export function invalid(id: string, at: readonly Segment[], value: unknown, detail: string): Finding {
  return { severity: "error", rule: `katib.${id}`, at, message: `Invalid value: ${describeValue(value)}: ${detail}` };
}

/** A webhook rejection: `field.Required(path, detail)`. */
export function required(id: string, at: readonly Segment[], detail: string): Finding {
  return { severity: "error", rule: `katib.${id}`, at, message: `Required value: ${detail}` };
}

/** Beyond the webhook: accepted, but worth fixing. */
export function advise(id: string, at: readonly Segment[], message: string): Finding {
  return { severity: "warning", rule: `katib.${id}`, at, message };
}
