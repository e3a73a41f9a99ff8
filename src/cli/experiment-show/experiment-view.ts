/**
 * What `kfts experiments show` shows of an Experiment and its Trials, taken out of the API objects once: its state,
 * objective and search space, and per trial its state, parameters and metrics. Pure; the text and HTML views render it.
 */
import type { V1beta1Experiment, V1beta1Trial } from "../../../generated/katib/v1beta1/types.ts";

/** A search-space axis: numeric (double, int) with its bounds, or a list of values (discrete, categorical). */
export type ParameterAxis = { name: string; kind: "numeric"; min: number; max: number } | { name: string; kind: "list"; values: string[] };

/** One trial. */
export interface TrialView {
  name: string;
  /** The first of Succeeded, Failed, EarlyStopped, Killed, MetricsUnavailable, Running, Created that is true (else Pending). */
  state: string;
  parameters: Record<string, string>;
  /** The objective metric's latest value, when reported and numeric. */
  objective?: number;
  /** Every metric's latest value, as reported. */
  metrics: Record<string, string>;
}

/** An Experiment with its trials, in creation order. */
export interface ExperimentView {
  name: string;
  namespace: string;
  /** Katib's condition: Created, Running, Restarting, Succeeded or Failed (Pending before any). */
  state: string;
  algorithm: string;
  objective: { type: "maximize" | "minimize" | string; metric: string; goal?: number };
  axes: ParameterAxis[];
  /** The metrics the trials reported, the objective first, then by name: the columns of the views. */
  metricNames: string[];
  trials: TrialView[];
  /** The best trial, by Katib's own account (status.currentOptimalTrial). */
  best?: { trial: string; parameters: Record<string, string>; objective?: number };
}

/** States that end a trial, then the ones that do not, in the order a trial passes them. */
const TRIAL_STATES = ["Succeeded", "Failed", "EarlyStopped", "Killed", "MetricsUnavailable", "Running", "Created"];

function trialState(trial: V1beta1Trial): string {
  const conditions = trial.status?.conditions ?? [];
  return TRIAL_STATES.find((type) => conditions.some((condition) => condition.type === type && condition.status === "True")) ?? "Pending";
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function axisOf(parameter: NonNullable<NonNullable<V1beta1Experiment["spec"]>["parameters"]>[number]): ParameterAxis {
  const name = parameter.name ?? "";
  const space = parameter.feasibleSpace ?? {};
  const min = toNumber(space.min);
  const max = toNumber(space.max);
  if ((parameter.parameterType === "double" || parameter.parameterType === "int") && min !== undefined && max !== undefined) return { name, kind: "numeric", min, max };
  return { name, kind: "list", values: [...(space.list ?? [])] };
}

/** The view of `experiment` and its `trials`. */
export function toExperimentView(experiment: V1beta1Experiment, trials: readonly V1beta1Trial[]): ExperimentView {
  const spec = experiment.spec ?? {};
  const metric = spec.objective?.objectiveMetricName ?? "";
  const ordered = [...trials].sort((a, b) => (a.metadata?.creationTimestamp ?? "").localeCompare(b.metadata?.creationTimestamp ?? "") || (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
  const optimal = experiment.status?.currentOptimalTrial;
  const bestObjective = optimal?.observation?.metrics?.find((entry) => entry.name === metric)?.latest;
  const goal = spec.objective?.goal;
  const reported = new Set(trials.flatMap((trial) => (trial.status?.observation?.metrics ?? []).map((entry) => entry.name ?? "")));
  const metricNames = [...reported].sort((a, b) => (a === metric ? -1 : b === metric ? 1 : a.localeCompare(b)));
  return {
    name: experiment.metadata?.name ?? "",
    namespace: experiment.metadata?.namespace ?? "",
    // Katib keeps one condition per type and appends: the last true one is the current state.
    state: [...(experiment.status?.conditions ?? [])].reverse().find((condition) => condition.status === "True")?.type ?? "Pending",
    algorithm: spec.algorithm?.algorithmName ?? "",
    objective: { type: spec.objective?.type ?? "", metric, ...(goal === undefined ? {} : { goal }) },
    axes: (spec.parameters ?? []).map(axisOf),
    metricNames,
    trials: ordered.map((trial) => {
      const metrics = Object.fromEntries((trial.status?.observation?.metrics ?? []).map((entry) => [entry.name ?? "", entry.latest ?? ""]));
      const objective = toNumber(metrics[metric]);
      return {
        name: trial.metadata?.name ?? "",
        state: trialState(trial),
        parameters: Object.fromEntries((trial.spec?.parameterAssignments ?? []).map((assignment) => [assignment.name ?? "", assignment.value ?? ""])),
        ...(objective === undefined ? {} : { objective }),
        metrics,
      };
    }),
    ...(optimal?.bestTrialName
      ? {
          best: {
            trial: optimal.bestTrialName,
            parameters: Object.fromEntries((optimal.parameterAssignments ?? []).map((assignment) => [assignment.name ?? "", assignment.value ?? ""])),
            ...(toNumber(bestObjective) === undefined ? {} : { objective: toNumber(bestObjective) as number }),
          },
        }
      : {}),
  };
}
