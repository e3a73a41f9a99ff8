/**
 * `kubeflow-ts/trainer`: Trainer (trainer.kubeflow.org/v1alpha1) models, resource descriptors and Kubernetes core
 * types as Trainer v2.3.0 pins them.
 */
export type * from "../../generated/trainer/v1alpha1/types.ts";
export type * from "../../generated/trainer/v1alpha1/core.ts";
export type { paths as TrainerPaths } from "../../generated/trainer/v1alpha1/openapi.ts";
export * from "../../generated/trainer/v1alpha1/resources.ts";
