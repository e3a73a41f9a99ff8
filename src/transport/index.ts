export { abortableSleep } from "./abortable-sleep.ts";
export { createCredentialSource, type CredentialSourceHooks } from "./auth/create-credential-source.ts";
export {
  createAnonymousSource,
  createStaticTokenSource,
  type Credential,
  type CredentialSource,
} from "./auth/credential-source.ts";
export { ExecCredentialError, type ExecCredentialReason } from "./auth/exec-credential-error.ts";
export { createExecCredentialSource, type ExecCredentialSourceOptions } from "./auth/exec-credential-source.ts";
export { createFileTokenSource, TOKEN_FILE_RECHECK_MS, type FileTokenSourceOptions } from "./auth/file-token-source.ts";
export { parseExecCredential, type ExecCredentialResult } from "./auth/parse-exec-credential.ts";
export { EXEC_PLUGIN_TIMEOUT_MS, runExecPlugin, type RunExecPluginOptions } from "./auth/run-exec-plugin.ts";
export { createDispatcher } from "./create-dispatcher.ts";
export {
  isAdmissionDenied,
  isAlreadyExists,
  isConflict,
  isForbidden,
  isGone,
  isInvalid,
  isNotFound,
  isTooManyRequests,
  isUnauthorized,
} from "./error-predicates.ts";
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
export { getHeader, getHeaderValues, toWebHeaders, type HeadersLike } from "./http-headers.ts";
export { createStderrLogger, DEBUG_ENV, resolveLogger } from "./logger.ts";
export {
  ConnectionError,
  NetworkError,
  TimeoutError,
  TlsError,
  type ConnectionReason,
  type NetworkErrorInit,
  type TlsReason,
} from "./network-errors.ts";
export { PatchContentType } from "./patch-content-type.ts";
export { KnownSecrets, redact, redactHeaders, redactUrl } from "./redact.ts";
export { toRequestUrl, type QueryParams } from "./request-url.ts";
export { parseRetryAfterMs } from "./retry-after.ts";
export {
  DEFAULT_RETRY,
  isRetryableNetworkError,
  isRetryableStatus,
  retryDelayMs,
  toRetryPolicy,
  type RetryPolicy,
} from "./retry-policy.ts";
export { toServiceAccountIdentity, type ServiceAccountIdentity } from "./service-account-from-token.ts";
export { LineTooLongError, MAX_LINE_LENGTH, splitLines, type SplitLinesOptions } from "./split-lines.ts";
export { MAX_ERROR_BODY_BYTES, MAX_MESSAGE_CHARS, toApiError, type ApiErrorRequestInfo } from "./to-api-error.ts";
export { toNetworkError, type NetworkErrorContext } from "./to-network-error.ts";
export { toTlsConnectOptions } from "./tls-connect-options.ts";
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
export { defaultUserAgent } from "./user-agent.ts";
export { parseWarningHeaders } from "./warning-header.ts";
