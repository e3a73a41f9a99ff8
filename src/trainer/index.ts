/**
 * `kubeflow-ts/trainer`: TrainerClient, Trainer (trainer.kubeflow.org/v1alpha1) models and resource descriptors,
 * and the Kubernetes core types as Trainer v2.3.0 pins them. The options, connection and resource client types its
 * members use are the root entry's. Recorded in api/kubeflow-ts-trainer.api.md.
 */
export type * from "../../generated/trainer/v1alpha1/types.ts";
export type * from "../../generated/trainer/v1alpha1/core.ts";
export type { paths as TrainerPaths } from "../../generated/trainer/v1alpha1/openapi.ts";
export { clusterTrainingRuntimeResource, trainingRuntimeResource, trainJobResource } from "../../generated/trainer/v1alpha1/resources.ts";
export { TrainerClient, type WaitForJobOptions } from "./trainer-client.ts";
export { TrainJobFailedError } from "./trainer-errors.ts";
export type { BuiltinTrainer, ContainerTrainer, FunctionTrainer, TrainerSpec, TrainOptions } from "./train-options.ts";
export type { TrainFunction } from "./train-function.ts";
export type { PythonValue } from "../python/python-literal.ts";
export type { ResourcesPerNode } from "./resources-per-node.ts";
export type { DataFormat, LoraConfig, TorchTuneConfig, TorchTuneInstructDataset, TorchTuneLoss } from "./torchtune-config.ts";
export type { DataCacheInitializer, DatasetInitializerSpec, HuggingFaceDatasetInitializer, HuggingFaceModelInitializer, InitializerSpec, ModelInitializerSpec, S3DatasetInitializer, S3ModelInitializer, S3Options } from "./initializers.ts";
export type { RuntimePatchSpec } from "./runtime-patches.ts";
export type { RuntimeTrainer, TrainerType } from "./runtime-trainer.ts";
export type { TrainJobStatus, TrainJobStep, TrainJobSummary } from "./train-job-summary.ts";
export type { RuntimeSummary } from "./runtime-summary.ts";
