/**
 * kubeflow-ts: typed client for Kubeflow Katib and Trainer, for use from outside the cluster.
 *
 * The root exports the clients, the Katib and Trainer models and descriptors, the Kubernetes core types both pin
 * identically (the others live in `kubeflow-ts/katib` and `kubeflow-ts/trainer`), the connection options and the
 * typed errors. Offline validation is a separate entry, `kubeflow-ts/validate`, so importing the clients stays cheap.
 */
export type * from "../generated/katib/v1beta1/types.ts";
export type * from "../generated/trainer/v1alpha1/types.ts";
export type * from "../generated/core.ts";
export type { ObjectOf, ListOf, PrinterColumn, ResourceDescriptor } from "../generated/resource-descriptor.ts";
export * from "../generated/katib/v1beta1/resources.ts";
export * from "../generated/trainer/v1alpha1/resources.ts";

export { KatibClient, ExperimentFailedError, DbManagerError, search, isExperimentIn, summarizeExperiment, toOptimalTrial } from "./katib/index.ts";
export type { DbManagerLocation, ExperimentBudget, ExperimentConditionType, MetricLog, TrialDetails, TrialMetricsOptions, WaitForExperimentOptions } from "./katib/index.ts";
export { TrainerClient, TrainJobFailedError, DEFAULT_RUNTIME, toTrainJob } from "./trainer/index.ts";
export type { RuntimeSummary, TrainerSpec, TrainJobStatus, TrainJobStep, TrainJobSummary, TrainOptions, WaitForJobOptions } from "./trainer/index.ts";

export { Connection } from "./resource/connection.ts";
export { ResourceClient } from "./resource/resource-client.ts";
export type { CallOptions, DeleteOptions, ListOptions, ListPage, PatchOptions, PatchType, WriteOptions } from "./resource/resource-client.ts";
export type { WatchEvent, WatchEventType } from "./resource/watch-event.ts";
export type { WatchOptions } from "./resource/watch.ts";
export { WaitTimeoutError, WaitDeletedError } from "./resource/wait-for.ts";
export { openPortForward, PortForwardError, type PortForwardTarget } from "./resource/port-forward.ts";
export { ServiceBackendError } from "./resource/service-backend.ts";
export { hasCondition, findCondition } from "./resource/conditions.ts";

export type { ClientOptions, Logger, RetryOptions } from "./config/client-options.ts";
export { ConfigError } from "./config/config-error.ts";
export {
  KubernetesApiError,
  AdmissionDeniedError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  AlreadyExistsError,
  GoneError,
  InvalidError,
  TooManyRequestsError,
  ServerError,
  WebhookUnavailableError,
} from "./transport/errors.ts";
export { TlsError, ConnectionError, TimeoutError, NetworkError } from "./transport/network-errors.ts";
export { isNotFound, isAlreadyExists, isConflict, isForbidden, isAdmissionDenied, isUnauthorized, isGone, isInvalid, isTooManyRequests } from "./transport/error-predicates.ts";
export { PatchContentType } from "./transport/patch-content-type.ts";
export type { Transport } from "./transport/transport.ts";
// createTransport and loadClusterConfig live in `kubeflow-ts/transport`: they load undici and the kubeconfig parser,
// which the clients load lazily on their first call, so importing the root stays cheap.
