/**
 * The summaries `OptimizerClient` reports, read from Katib's objects as the Kubeflow SDK reads them: an Experiment as
 * an OptimizationJob (search space, objectives, algorithm, budget, status), a Trial as a Trial with its TrainJob, the
 * metrics Katib observed, and the best trial's Result.
 */
import type { V1beta1Experiment, V1beta1Metric, V1beta1ParameterAssignment, V1beta1Trial } from "../../generated/katib/v1beta1/types.ts";
import type { TrainJobSummary } from "../trainer/train-job-summary.ts";
import { fromAlgorithmSpec } from "./algorithms.ts";
import type { Direction, Metric, OptimizationJob, OptimizationJobStatus, Result, Trial } from "./optimization-types.ts";
import { fromParameterSpec } from "./search-space.ts";

/** The label Katib puts on an Experiment's Trials. */
export const EXPERIMENT_LABEL = "katib.kubeflow.org/experiment";

/** The metrics with every value recorded (the SDK drops the others). */
export function toMetrics(metrics: readonly V1beta1Metric[] | undefined): Metric[] {
  return (metrics ?? []).flatMap(({ name, min, max, latest }) => (name != null && min != null && max != null && latest != null ? [{ name, min, max, latest }] : []));
}

function toParameters(assignments: readonly V1beta1ParameterAssignment[] | undefined): Record<string, string> {
  return Object.fromEntries((assignments ?? []).flatMap(({ name, value }) => (name != null && value != null ? [[name, value]] : [])));
}

/** A Trial as the SDK reports it, with its TrainJob (the Trial's name is the TrainJob's). */
export function toTrial(trial: V1beta1Trial, trainJob: TrainJobSummary | undefined): Trial {
  return { name: trial.metadata?.name ?? "", parameters: toParameters(trial.spec?.parameterAssignments), metrics: toMetrics(trial.status?.observation?.metrics), trainJob };
}

/** Whether an Experiment is one the SDK's optimizer can report: a supported algorithm and parameters it reads. */
export function isOptimizationJob(experiment: V1beta1Experiment): boolean {
  try {
    toOptimizationJob(experiment, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * An Experiment and its trials as an OptimizationJob. The status is the SDK's: Created, then, going through the
 * Experiment's conditions in order, Complete for a true Succeeded, Failed for a true Failed, and Running for any other
 * while one of the trials' TrainJobs runs. Throws a TypeError, naming what is missing, for an Experiment the SDK
 * cannot read (no budget, objective or parameters; an algorithm other than grid or random).
 */
export function toOptimizationJob(experiment: V1beta1Experiment, trials: Trial[]): OptimizationJob {
  const name = experiment.metadata?.name ?? "";
  const spec = experiment.spec;
  const missing = [
    ["metadata.creationTimestamp", experiment.metadata?.creationTimestamp],
    ["spec.parameters", spec?.parameters?.length],
    ["spec.objective.objectiveMetricName", spec?.objective?.objectiveMetricName],
    ["spec.algorithm", spec?.algorithm],
    ["spec.maxTrialCount", spec?.maxTrialCount],
    ["spec.parallelTrialCount", spec?.parallelTrialCount],
  ].filter(([, value]) => !value);
  if (missing.length > 0) throw new TypeError(`Experiment ${name} is not an OptimizationJob: it has no ${missing.map(([field]) => field).join(", ")}`);
  const objective = spec?.objective ?? {};
  const direction: Direction = objective.type === "maximize" ? "maximize" : "minimize";
  return {
    name,
    searchSpace: Object.fromEntries((spec?.parameters ?? []).map((parameter) => [parameter.name ?? "", fromParameterSpec(parameter)])),
    objectives: [objective.objectiveMetricName ?? "", ...(objective.additionalMetricNames ?? [])].map((metric) => ({ metric, direction })),
    algorithm: fromAlgorithmSpec(spec?.algorithm ?? {}),
    trialConfig: {
      numTrials: spec?.maxTrialCount ?? 0,
      parallelTrials: spec?.parallelTrialCount ?? 0,
      ...(spec?.maxFailedTrialCount != null ? { maxFailedTrials: spec.maxFailedTrialCount } : {}),
    },
    trials,
    creationTimestamp: experiment.metadata?.creationTimestamp ?? "",
    status: toStatus(experiment, trials),
    object: experiment,
  };
}

function toStatus(experiment: V1beta1Experiment, trials: readonly Trial[]): OptimizationJobStatus {
  let status: OptimizationJobStatus = "Created";
  for (const condition of experiment.status?.conditions ?? []) {
    if (condition.type === "Succeeded" && condition.status === "True") status = "Complete";
    else if (condition.type === "Failed" && condition.status === "True") status = "Failed";
    else if (trials.some((trial) => trial.trainJob?.status === "Running")) status = "Running";
  }
  return status;
}

/** The best trial so far as a Result (`get_best_results`), or null until Katib has one. */
export function toBestResult(experiment: V1beta1Experiment): Result | null {
  const optimal = experiment.status?.currentOptimalTrial;
  if (!optimal?.bestTrialName) return null;
  return { parameters: toParameters(optimal.parameterAssignments), metrics: toMetrics(optimal.observation?.metrics) };
}
