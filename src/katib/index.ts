/**
 * `kubeflow-ts/katib`: Katib (kubeflow.org/v1beta1) models, resource descriptors and Kubernetes core types as
 * Katib v0.19.0 pins them.
 */
export type * from "../../generated/katib/v1beta1/types.ts";
export type * from "../../generated/katib/v1beta1/core.ts";
export type { paths as KatibPaths } from "../../generated/katib/v1beta1/openapi.ts";
export * from "../../generated/katib/v1beta1/resources.ts";
