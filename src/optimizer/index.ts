/**
 * `kubeflow-ts/optimizer`: OptimizerClient, the Kubeflow SDK's hyperparameter optimization of TrainJobs by Katib, with
 * its search spaces, algorithms and summaries. The models, options and connection types its members use are the root
 * entry's. Recorded in api/kubeflow-ts-optimizer.api.md.
 */
export { OptimizerClient, type OptimizationJobLogOptions, type WaitForOptimizationJobOptions } from "./optimizer-client.ts";
export { OptimizationJobFailedError } from "./optimizer-errors.ts";
export { Search, type CategoricalSearchSpace, type ContinuousSearchSpace, type Distribution, type OptimizerSearchSpace, type SearchChoice, type SearchHelpers } from "./search-space.ts";
export type { GridSearch, OptimizerAlgorithm, OptimizerAlgorithmName, RandomSearch } from "./algorithms.ts";
export type { Direction, Metric, Objective, OptimizationJob, OptimizationJobStatus, OptimizeOptions, Result, TrainJobTemplate, Trial, TrialConfig } from "./optimization-types.ts";
