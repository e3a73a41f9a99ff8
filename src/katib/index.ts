/**
 * `kubeflow-ts/katib`: KatibClient, Katib (kubeflow.org/v1beta1) models and resource descriptors, and the
 * Kubernetes core types as Katib v0.19.0 pins them. The options, connection and resource client types its members use
 * are the root entry's. Recorded in api/kubeflow-ts-katib.api.md.
 */
export type * from "../../generated/katib/v1beta1/types.ts";
export type * from "../../generated/katib/v1beta1/core.ts";
export type { paths as KatibPaths } from "../../generated/katib/v1beta1/openapi.ts";
export { experimentResource, suggestionResource, trialResource } from "../../generated/katib/v1beta1/resources.ts";
export { KatibClient, type TuneCallOptions, type ExperimentBudget, type TrialDetails, type TrialLogOptions, type TrialMetricsOptions, type WaitForExperimentOptions } from "./katib-client.ts";
export type { MetricLog } from "./db-manager.ts";
export type { DbManagerLocation } from "./db-manager-connection.ts";
export { DbManagerError, ExperimentFailedError } from "./katib-errors.ts";
export type { ExperimentConditionType } from "./experiment-status.ts";
export { search, SearchSpace, type NumericSearchOptions, type ParameterType, type SearchSpaceBuilders } from "./search.ts";
export type { FixedParameter, KatibAlgorithmName, TuneMetricsCollectorKind, TuneOptions, TuneParameters } from "./tune-experiment.ts";
export type { EnvPerTrial, TrialResourceQuantities } from "./tune-trial-template.ts";
export type { TrainerResources } from "./tune-pytorchjob.ts";
export type { TuneCommonOption, TuneLlmOptions } from "./tune-experiment.ts";
export type { HuggingFaceDatasetParams, HuggingFaceModelParams, S3DatasetParams, TransformerType } from "./llm-providers.ts";
export type { HuggingFaceTrainerParams, HuggingFaceLoraConfig, TrainingArguments, TunableNumber } from "./llm-trainer-params.ts";
export type { StorageConfig } from "./tune-llm.ts";
export type { ObjectiveFunction } from "./objective-function.ts";
export type { PythonValue } from "../python/python-literal.ts";
