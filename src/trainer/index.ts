/**
 * `kubeflow-ts/trainer`: TrainerClient, Trainer (trainer.kubeflow.org/v1alpha1) models and resource descriptors,
 * and the Kubernetes core types as Trainer v2.3.0 pins them.
 */
export type * from "../../generated/trainer/v1alpha1/types.ts";
export type * from "../../generated/trainer/v1alpha1/core.ts";
export type { paths as TrainerPaths } from "../../generated/trainer/v1alpha1/openapi.ts";
export * from "../../generated/trainer/v1alpha1/resources.ts";
export { TrainerClient, type WaitForJobOptions } from "./trainer-client.ts";
export { TrainJobFailedError } from "./trainer-errors.ts";
export { DEFAULT_RUNTIME, toTrainJob, type TrainerSpec, type TrainOptions } from "./train-job-spec.ts";
export { toTrainJobSummary, type TrainJobStatus, type TrainJobStep, type TrainJobSummary } from "./train-job-summary.ts";
export type { RuntimeSummary } from "./runtime-summary.ts";
