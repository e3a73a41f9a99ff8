/**
 * The box's simulated training result: a fixed function of a trial's parameter assignments, so that Katib's choice
 * of the best trial can be checked. Every numeric parameter is best at 0.05:
 *
 *   distance = mean over numeric assignments of |value − 0.05|      quality = 1 − distance
 *
 * For one parameter `lr` that is `accuracy = 1 − |lr − 0.05|`. A metric whose name says loss or error reports the
 * distance; any other metric (accuracy, …) the quality. Categorical assignments do not count.
 */

/** The parts of a Trial the function reads. */
export interface TrialSpec {
  parameterAssignments?: { name?: string; value?: string }[];
  objective?: { objectiveMetricName?: string; additionalMetricNames?: string[] };
}

/** Where every numeric parameter scores best. */
export const OPTIMUM = 0.05;

/** The mean distance of the numeric assignments from {@link OPTIMUM} (0 when there are none). */
export function distance(spec: TrialSpec): number {
  const values = (spec.parameterAssignments ?? []).map((assignment) => Number(assignment.value)).filter((value) => Number.isFinite(value));
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + Math.abs(value - OPTIMUM), 0) / values.length;
}

/** The value of each metric the trial's objective names, as its metrics collector would report them. */
export function trialMetrics(spec: TrialSpec): { name: string; value: number }[] {
  const d = distance(spec);
  const names = [spec.objective?.objectiveMetricName, ...(spec.objective?.additionalMetricNames ?? [])].filter((name): name is string => typeof name === "string" && name !== "");
  return names.map((name) => ({ name, value: /loss|error/i.test(name) ? d : 1 - d }));
}
