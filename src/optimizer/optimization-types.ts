/**
 * What `OptimizerClient` takes and returns, as the Kubeflow SDK's `kubeflow.optimizer` types: the trial template, the
 * objective and trial configuration, and the OptimizationJob, Trial, Metric and Result summaries it reports.
 */
import type { V1beta1Experiment } from "../../generated/katib/v1beta1/types.ts";
import type { InitializerSpec } from "../trainer/initializers.ts";
import type { RuntimeSummary } from "../trainer/runtime-summary.ts";
import type { TrainJobSummary } from "../trainer/train-job-summary.ts";
import type { FunctionTrainer } from "../trainer/train-options.ts";
import type { OptimizerAlgorithm } from "./algorithms.ts";
import type { OptimizerSearchSpace } from "./search-space.ts";

/**
 * What each trial runs (the SDK's `TrainJobTemplate`): a function trainer, whose keyword arguments get the search
 * space's parameters (`${trialParameters.<name>}`, which Katib fills in per trial: the function receives them as strings).
 */
export interface TrainJobTemplate {
  /** The training function and its fixed arguments, image, nodes, resources, packages. */
  trainer: FunctionTrainer;
  /** A runtime name (default torch-distributed) or a runtime from `TrainerClient.getRuntime`. */
  runtime?: string | RuntimeSummary;
  /** The dataset and model each trial's TrainJob fetches first. */
  initializer?: InitializerSpec;
}

/** Whether the objective metric is to be maximized or minimized. */
export type Direction = "maximize" | "minimize";

/** A metric to optimize (the SDK's `Objective`). */
export interface Objective {
  /** The metric's name; default "loss". */
  metric?: string;
  /** Default "minimize". */
  direction?: Direction;
}

/** How many trials run (the SDK's `TrialConfig`). */
export interface TrialConfig {
  /** Trials in all; default 10. */
  numTrials?: number;
  /** Trials at once; default 1. */
  parallelTrials?: number;
  /** Failed trials before the job stops; Katib's default when absent. */
  maxFailedTrials?: number;
}

/** Arguments of `OptimizerClient.optimize()`. */
export interface OptimizeOptions {
  /** What each trial runs. */
  trialTemplate: TrainJobTemplate;
  /** The parameters to tune, by name (the names of the function's keyword arguments), at least one. */
  searchSpace: Readonly<Record<string, OptimizerSearchSpace>>;
  /** The first is optimized, the others are collected; default `[{ metric: "loss", direction: "minimize" }]`. */
  objectives?: readonly Objective[];
  /** Default random search. */
  algorithm?: OptimizerAlgorithm;
  /** Default 10 trials, one at a time. */
  trialConfig?: TrialConfig;
}

/** The status of an OptimizationJob, as the SDK derives it from the Experiment and its trials' TrainJobs. */
export type OptimizationJobStatus = "Created" | "Running" | "Complete" | "Failed";

/** One metric of a trial: its values as Katib records them (strings). */
export interface Metric {
  /** The metric's name. */
  name: string;
  /** The lowest value. */
  min: string;
  /** The highest value. */
  max: string;
  /** The last value. */
  latest: string;
}

/** The best trial's hyperparameters and metrics (the SDK's `Result`). */
export interface Result {
  /** The hyperparameters, by name, as Katib assigned them (strings). */
  parameters: Record<string, string>;
  /** The metrics with them. */
  metrics: Metric[];
}

/** One trial of an OptimizationJob (the SDK's `Trial`): its name is its TrainJob's. */
export interface Trial {
  /** The Trial's (and its TrainJob's) name. */
  name: string;
  /** The hyperparameters Katib assigned it. */
  parameters: Record<string, string>;
  /** Its metrics, once it has completed. */
  metrics: Metric[];
  /** Its TrainJob; undefined until Katib has created it (or after it was deleted). */
  trainJob: TrainJobSummary | undefined;
}

/** An OptimizationJob: the Katib Experiment `optimize()` created, as the SDK reports it. */
export interface OptimizationJob {
  /** The Experiment's name. */
  name: string;
  /** The search space, by parameter name. */
  searchSpace: Record<string, OptimizerSearchSpace>;
  /** The objective metric first, then the additional ones, all with the objective's direction. */
  objectives: Required<Objective>[];
  /** The algorithm. */
  algorithm: OptimizerAlgorithm;
  /** The trial budget. */
  trialConfig: TrialConfig & { numTrials: number; parallelTrials: number };
  /** The trials so far. */
  trials: Trial[];
  /** When the Experiment was created (RFC 3339). */
  creationTimestamp: string;
  /** Created, Running, Complete or Failed. */
  status: OptimizationJobStatus;
  /** The Experiment itself. */
  object: V1beta1Experiment;
}
