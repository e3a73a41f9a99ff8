/**
 * kubeflow-ts: typed client for Kubeflow Katib and Trainer, for use from outside the cluster.
 *
 * The root exports the clients, the Katib and Trainer models and resource descriptors, the Kubernetes core types both
 * pin identically (the others live in `kubeflow-ts/katib` and `kubeflow-ts/trainer`), the connection options and the
 * typed errors. Offline validation is `kubeflow-ts/validate` and the HTTP layer `kubeflow-ts/transport`, so importing
 * the clients stays cheap. Every name here is recorded in api/kubeflow-ts.api.md.
 */
export type * from "../generated/katib/v1beta1/types.ts";
export type * from "../generated/trainer/v1alpha1/types.ts";
export type * from "../generated/core.ts";
export type { ObjectOf, ListOf, PrinterColumn, ResourceDescriptor } from "../generated/resource-descriptor.ts";
export { experimentResource, suggestionResource, trialResource } from "../generated/katib/v1beta1/resources.ts";
export { clusterTrainingRuntimeResource, trainingRuntimeResource, trainJobResource } from "../generated/trainer/v1alpha1/resources.ts";

export { KatibClient, ExperimentFailedError, DbManagerError, search, SearchSpace } from "./katib/index.ts";
export type { NumericSearchOptions, ParameterType, SearchSpaceBuilders } from "./katib/index.ts";
export type { EnvPerTrial, FixedParameter, KatibAlgorithmName, ObjectiveFunction, PythonValue, TrainerResources, TrialResourceQuantities, TuneCallOptions, TuneCommonOption, TuneLlmOptions, HuggingFaceDatasetParams, HuggingFaceModelParams, S3DatasetParams, TransformerType, HuggingFaceTrainerParams, HuggingFaceLoraConfig, TrainingArguments, TunableNumber, StorageConfig, TuneMetricsCollectorKind, TuneOptions, TuneParameters } from "./katib/index.ts";
export type { DbManagerLocation, ExperimentBudget, ExperimentConditionType, MetricLog, TrialDetails, TrialLogOptions, TrialMetricsOptions, WaitForExperimentOptions } from "./katib/index.ts";
export { TrainerClient, TrainJobFailedError } from "./trainer/index.ts";
export type { RuntimeSummary, TrainerSpec, TrainJobStatus, TrainJobStep, TrainJobSummary, TrainOptions, WaitForJobOptions } from "./trainer/index.ts";
export type { BuiltinTrainer, ContainerTrainer, FunctionTrainer, TrainFunction, ResourcesPerNode, RuntimeTrainer, TrainerType } from "./trainer/index.ts";
export type { DataFormat, LoraConfig, TorchTuneConfig, TorchTuneInstructDataset, TorchTuneLoss } from "./trainer/index.ts";
export type { DataCacheInitializer, DatasetInitializerSpec, HuggingFaceDatasetInitializer, HuggingFaceModelInitializer, InitializerSpec, ModelInitializerSpec, S3DatasetInitializer, S3ModelInitializer, S3Options, RuntimePatchSpec } from "./trainer/index.ts";

export { OptimizerClient, OptimizationJobFailedError, Search } from "./optimizer/index.ts";
export type { CategoricalSearchSpace, ContinuousSearchSpace, Direction, Distribution, GridSearch, Metric, Objective, OptimizationJob, OptimizationJobLogOptions, OptimizationJobStatus, OptimizeOptions, OptimizerAlgorithm, OptimizerAlgorithmName, OptimizerSearchSpace, RandomSearch, Result, SearchChoice, SearchHelpers, TrainJobTemplate, Trial, TrialConfig, WaitForOptimizationJobOptions } from "./optimizer/index.ts";

export { Connection, type ConnectionEnvironment } from "./resource/connection.ts";
export type { ResourceRequest, ResourceStreamRequest, ResourceTransport } from "./resource/resource-transport.ts";
export { ResourceClient } from "./resource/resource-client.ts";
export type { CallOptions, DeleteOptions, ListOptions, ListPage, PatchOptions, PatchType, WriteOptions } from "./resource/resource-client.ts";
export type { KubeObject } from "./resource/kube-object.ts";
export type { CoreEvent, CorePod } from "./resource/core-resources.ts";
export type { WatchEvent, WatchEventType } from "./resource/watch-event.ts";
export type { ListSnapshot, WatchOptions, WatchSource } from "./resource/watch.ts";
export type { Informer, InformerHandlers, InformerObjectFilter, InformerOptions } from "./resource/informer.ts";
export type { InformerEvent } from "./resource/informer-event.ts";
export { InformerRegistry } from "./resource/informer-registry.ts";
export type { SharedInformerSource } from "./resource/shared-informer.ts";
export { WaitTimeoutError, WaitDeletedError } from "./resource/wait-for.ts";
export { PortForwardError, type PortForwardTarget } from "./resource/port-forward.ts";
export { ServiceBackendError } from "./resource/service-backend.ts";

export type { ClientOptions, Logger, RetryOptions } from "./config/client-options.ts";
export type { AuthConfig, ClusterConfig, ExecCredentialApiVersion, ExecCredentialPlugin, TlsConfig } from "./config/cluster-config.ts";
export type { SecretValue } from "./config/secret-value.ts";
export type { ConfigEnvironment } from "./config/load-cluster-config.ts";
export type { ResolvedProxy } from "./config/resolve-proxy.ts";
export { ConfigError, type ConfigErrorCode, type ConfigErrorOptions } from "./config/config-error.ts";
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
  type KubernetesApiErrorInit,
  type RequestInfo,
  type StatusCause,
  type StatusDetails,
} from "./transport/errors.ts";
export { TlsError, ConnectionError, TimeoutError, NetworkError, type ConnectionReason, type NetworkErrorInit, type TlsReason } from "./transport/network-errors.ts";
export { isNotFound, isAlreadyExists, isConflict, isForbidden, isAdmissionDenied, isUnauthorized, isGone, isInvalid, isTooManyRequests } from "./transport/error-predicates.ts";
export { PatchContentType } from "./transport/patch-content-type.ts";
export type { StreamRequest, Transport, TransportRequest, TransportResponse } from "./transport/transport.ts";
export type { QueryParams } from "./transport/request-url.ts";
export type { WebSocketRequest } from "./transport/web-socket.ts";
// createTransport and loadClusterConfig live in `kubeflow-ts/transport`: they load undici and the kubeconfig parser,
// which the clients load lazily on their first call, so importing the root stays cheap.
