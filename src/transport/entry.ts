/**
 * `kubeflow-ts/transport`: the HTTP layer on its own — loading a ClusterConfig (explicit options, kubeconfig,
 * in-cluster) and creating a Transport (undici, TLS, proxy, auth, retries, typed errors) — for callers that want
 * raw requests or to share one transport between clients (`Connection.fromTransport`). Recorded in
 * api/kubeflow-ts-transport.api.md.
 */
export { loadClusterConfig, type ConfigEnvironment } from "../config/load-cluster-config.ts";
export type { ClientOptions, Logger, RetryOptions } from "../config/client-options.ts";
export type { AuthConfig, ClusterConfig, ExecCredentialApiVersion, ExecCredentialPlugin, TlsConfig } from "../config/cluster-config.ts";
export type { SecretValue } from "../config/secret-value.ts";
export type { ResolvedProxy } from "../config/resolve-proxy.ts";
export { ConfigError, type ConfigErrorCode, type ConfigErrorOptions } from "../config/config-error.ts";
export {
  createTransport,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  type StreamRequest,
  type Transport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
} from "./transport.ts";
export type { QueryParams } from "./request-url.ts";
export type { WebSocketRequest } from "./web-socket.ts";
export { PatchContentType } from "./patch-content-type.ts";
export {
  AdmissionDeniedError,
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  KubernetesApiError,
  NotFoundError,
  ServerError,
  TooManyRequestsError,
  UnauthorizedError,
  WebhookUnavailableError,
  type KubernetesApiErrorInit,
  type RequestInfo,
  type StatusCause,
  type StatusDetails,
} from "./errors.ts";
export { ConnectionError, NetworkError, TimeoutError, TlsError, type ConnectionReason, type NetworkErrorInit, type TlsReason } from "./network-errors.ts";
export { ExecCredentialError, type ExecCredentialReason } from "./auth/exec-credential-error.ts";
export { LineTooLongError } from "./split-lines.ts";
export { isAdmissionDenied, isAlreadyExists, isConflict, isForbidden, isGone, isInvalid, isNotFound, isTooManyRequests, isUnauthorized } from "./error-predicates.ts";
