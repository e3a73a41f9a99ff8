/**
 * `kubeflow-ts/katib`: KatibClient, Katib (kubeflow.org/v1beta1) models and resource descriptors, and the
 * Kubernetes core types as Katib v0.19.0 pins them.
 */
export type * from "../../generated/katib/v1beta1/types.ts";
export type * from "../../generated/katib/v1beta1/core.ts";
export type { paths as KatibPaths } from "../../generated/katib/v1beta1/openapi.ts";
export * from "../../generated/katib/v1beta1/resources.ts";
export { KatibClient, type ExperimentBudget, type TrialDetails, type TrialMetricsOptions, type WaitForExperimentOptions } from "./katib-client.ts";
export type { MetricLog } from "./db-manager.ts";
export type { DbManagerLocation } from "./db-manager-connection.ts";
export { DbManagerError, ExperimentFailedError } from "./katib-errors.ts";
export { isExperimentIn, summarizeExperiment, toOptimalTrial, type ExperimentConditionType } from "./experiment-status.ts";
export { search } from "./search.ts";
