/**
 * Reading an Experiment's status: its conditions, whether it is in a state, its optimal trial, and a one-line
 * progress summary.
 */
import type { V1beta1Experiment, V1beta1ExperimentCondition, V1beta1OptimalTrial } from "../../generated/katib/v1beta1/types.ts";
import { findCondition, hasCondition } from "../resource/conditions.ts";

/** Experiment condition types, as Katib sets them. */
export type ExperimentConditionType = NonNullable<V1beta1ExperimentCondition["type"]>;

/** Whether the Experiment has the condition (status "True"). */
export function isExperimentIn(experiment: V1beta1Experiment, condition: ExperimentConditionType): boolean {
  return hasCondition(experiment, condition);
}

/** The Failed condition's message, when the Experiment failed. */
export function experimentFailure(experiment: V1beta1Experiment): string | undefined {
  if (!hasCondition(experiment, "Failed")) return undefined;
  const failed = findCondition(experiment, "Failed");
  return `Experiment ${experiment.metadata?.name} failed${failed?.reason ? ` (${failed.reason})` : ""}${failed?.message ? `: ${failed.message}` : ""}`;
}

/** The optimal trial once it has metrics; null until then. */
export function toOptimalTrial(experiment: V1beta1Experiment): V1beta1OptimalTrial | null {
  const optimal = experiment.status?.currentOptimalTrial;
  return optimal?.observation?.metrics?.length ? optimal : null;
}

/** A short progress line: trials running/succeeded/failed and the best objective so far. */
export function summarizeExperiment(experiment: V1beta1Experiment): string {
  const status = experiment.status ?? {};
  const objective = experiment.spec?.objective?.objectiveMetricName;
  const best = toOptimalTrial(experiment)?.observation?.metrics?.find((metric) => metric.name === objective);
  const condition = status.conditions?.at(-1)?.type ?? "Pending";
  return `${condition}: ${status.trialsRunning ?? 0} running, ${status.trialsSucceeded ?? 0} succeeded, ${status.trialsFailed ?? 0} failed${best ? `; best ${objective}=${best.latest ?? best.max ?? best.min}` : ""}`;
}
