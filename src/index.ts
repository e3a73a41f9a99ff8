/**
 * kubeflow-ts: typed client for Kubeflow Katib and Trainer.
 *
 * The root exports the Katib and Trainer models, their resource descriptors, and the Kubernetes core types that
 * both pin identically. Core types that differ between the two live in `kubeflow-ts/katib` and `kubeflow-ts/trainer`.
 */
export type * from "../generated/katib/v1beta1/types.ts";
export type * from "../generated/trainer/v1alpha1/types.ts";
export type * from "../generated/core.ts";
export type { ObjectOf, ListOf, PrinterColumn, ResourceDescriptor } from "../generated/resource-descriptor.ts";
export * from "../generated/katib/v1beta1/resources.ts";
export * from "../generated/trainer/v1alpha1/resources.ts";
