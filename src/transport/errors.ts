/** One entry of `metav1.StatusDetails.causes`: which field failed and why. */
export interface StatusCause {
  /** Machine-readable cause, e.g. `FieldValueRequired`. */
  reason?: string;
  /** Human-readable description. */
  message?: string;
  /** Path of the offending field, e.g. `spec.objective.type`. */
  field?: string;
}

/** `metav1.StatusDetails`: the object the error is about. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The request an error belongs to; `url` must already be free of credentials. */
export interface RequestInfo {
  method: string;
  url: string;
}

/** Fields of a {@link KubernetesApiError}. */
export interface KubernetesApiErrorInit extends RequestInfo {
  /** HTTP status code. */
  status: number;
  /** `metav1.Status.reason` unchanged, or derived from the status code when the body had none. */
  reason: string;
  /** The server's message (already redacted and shortened). */
  serverMessage: string;
  details?: StatusDetails;
  /** What to do about it; appended to the message. */
  hint?: string;
  /** From `Retry-After` or `details.retryAfterSeconds`. */
  retryAfterMs?: number;
}

/**
 * The API server answered with a non-2xx status. `reason` is the `metav1.Status` reason unchanged
 * (`NotFound`, `AlreadyExists`, `Invalid`, `Expired`, …); `code` is a stable string for programs. Subclasses
 * exist per status code; statuses without one (405, 406, 415, …) are instances of this class.
 */
export class KubernetesApiError extends Error {
  /** Stable machine-readable code, e.g. `ERR_KUBE_NOT_FOUND`. */
  readonly code: string;
  /** HTTP status code. */
  readonly status: number;
  /** Kubernetes StatusReason, unchanged. */
  readonly reason: string;
  /** `metav1.StatusDetails`, when the server sent them. */
  readonly details: StatusDetails | undefined;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request (never carries a credential). */
  readonly url: string;
  /** Troubleshooting advice, also part of the message. */
  readonly hint: string | undefined;
  /** The server's own message, without the request summary and hint. */
  readonly serverMessage: string;

  /** Builds the error; prefer `toApiError`, which picks the subclass. */
  constructor(init: KubernetesApiErrorInit, code = "ERR_KUBE_API") {
    const summary = `${init.serverMessage} (HTTP ${init.status} ${init.reason}; ${init.method} ${init.url})`;
    super(init.hint === undefined ? summary : `${summary}. ${init.hint}`);
    this.name = "KubernetesApiError";
    this.code = code;
    this.status = init.status;
    this.reason = init.reason;
    this.details = init.details;
    this.method = init.method;
    this.url = init.url;
    this.hint = init.hint;
    this.serverMessage = init.serverMessage;
  }
}

/** 400: the request is malformed (`BadRequest`). */
export class BadRequestError extends KubernetesApiError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_BAD_REQUEST");
    this.name = "BadRequestError";
  }
}

/** 401: the credential was not accepted (invalid, expired, or missing token). */
export class UnauthorizedError extends KubernetesApiError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_UNAUTHORIZED");
    this.name = "UnauthorizedError";
  }
}

/** 403: authenticated, but RBAC (or an admission policy) does not allow this request. */
export class ForbiddenError extends KubernetesApiError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_FORBIDDEN");
    this.name = "ForbiddenError";
  }
}

/**
 * An admission webhook refused the object (`admission webhook "<name>" denied the request: …`): the object is what
 * must change, not the caller's permissions. Any status (403 from controller-runtime webhooks, 400 or 422 from
 * others); `isForbidden` is false for it, so "the webhook said no" and "RBAC said no" never look alike.
 */
export class AdmissionDeniedError extends KubernetesApiError {
  /** The webhook's name, e.g. `validator.trainjob.trainer.kubeflow.org`. */
  readonly webhook: string;
  /** What the webhook said, without the apiserver's prefix. */
  readonly denial: string;
  /** See {@link KubernetesApiError}; `webhook` and `denial` come from the server's message. */
  constructor(init: KubernetesApiErrorInit, webhook: string, denial: string) {
    super(init, "ERR_KUBE_ADMISSION_DENIED");
    this.name = "AdmissionDeniedError";
    this.webhook = webhook;
    this.denial = denial;
  }
}

/** 404: the object (or the resource type itself, when its CRD is missing) does not exist. */
export class NotFoundError extends KubernetesApiError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_NOT_FOUND");
    this.name = "NotFoundError";
  }
}

/** 409: a write lost an optimistic-concurrency race (`Conflict`); see also {@link AlreadyExistsError}. */
export class ConflictError extends KubernetesApiError {
  /** See {@link KubernetesApiError}; `code` lets {@link AlreadyExistsError} keep its own. */
  constructor(init: KubernetesApiErrorInit, code = "ERR_KUBE_CONFLICT") {
    super(init, code);
    this.name = "ConflictError";
  }
}

/** 409 with reason `AlreadyExists`: a create found an object of that name. */
export class AlreadyExistsError extends ConflictError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_ALREADY_EXISTS");
    this.name = "AlreadyExistsError";
  }
}

/** 410: the resource version is too old (`Expired`/`Gone`); relist, then watch again. */
export class GoneError extends KubernetesApiError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_GONE");
    this.name = "GoneError";
  }
}

/** 422: the object failed validation (`Invalid`); `details.causes` lists the fields. */
export class InvalidError extends KubernetesApiError {
  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_INVALID");
    this.name = "InvalidError";
  }
}

/** 429: throttled (API Priority and Fairness); retry after {@link TooManyRequestsError.retryAfterMs}. */
export class TooManyRequestsError extends KubernetesApiError {
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  /** See {@link KubernetesApiError}. */
  constructor(init: KubernetesApiErrorInit) {
    super(init, "ERR_KUBE_TOO_MANY_REQUESTS");
    this.name = "TooManyRequestsError";
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: the server (or a proxy in front of it) failed; `status` tells which. */
export class ServerError extends KubernetesApiError {
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  /** See {@link KubernetesApiError}; `code` is for subclasses. */
  constructor(init: KubernetesApiErrorInit, code = "ERR_KUBE_SERVER") {
    super(init, code);
    this.name = "ServerError";
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The API server could not call an admission webhook (`failed calling webhook "<name>"`): the component serving it
 * is down or unreachable, and the request was refused without being stored. The hint names the component.
 */
export class WebhookUnavailableError extends ServerError {
  /** The webhook's name, e.g. `validator.trainjob.trainer.kubeflow.org`. */
  readonly webhook: string;
  /** See {@link KubernetesApiError}; `webhook` comes from the server's message. */
  constructor(init: KubernetesApiErrorInit, webhook: string) {
    super(init, "ERR_KUBE_WEBHOOK_UNAVAILABLE");
    this.name = "WebhookUnavailableError";
    this.webhook = webhook;
  }
}
