import {
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
  type StatusDetails,
} from "./errors.ts";
import { admissionDeniedHint, apiErrorHint, forbiddenHint, webhookUnavailableHint, missingResourceHint, unauthorizedHint } from "./error-hints.ts";
import { getHeader, type HeadersLike } from "./http-headers.ts";
import { redact, redactUrl } from "./redact.ts";
import { parseRetryAfterMs } from "./retry-after.ts";
import type { ServiceAccountIdentity } from "./service-account-from-token.ts";

/** The apiserver's wording for a webhook's refusal (k8s.io/apiserver admission/plugin/webhook/errors). */
const ADMISSION_DENIED = /^admission webhook "([^"]+)" denied the request(?::\s*([\s\S]*))?$/;

/** The apiserver's wording when it could not call a webhook (k8s.io/apiserver webhook errors). */
const WEBHOOK_CALL_FAILED = /failed calling webhook "([^"]+)"/;

/** Longest text of a non-Status body (HTML, plain text), in characters, quoted into an error message. */
export const MAX_MESSAGE_CHARS = 200;
/** Longest `metav1.Status` message kept: those are written for people and list every invalid field. */
const MAX_STATUS_MESSAGE_CHARS = 4000;
/** Most bytes of an error body that are decoded at all (a proxy's HTML page can be large). */
export const MAX_ERROR_BODY_BYTES = 256 * 1024;

/** The request an error belongs to, plus what helps the hints. */
export interface ApiErrorRequestInfo extends RequestInfo {
  /** The ServiceAccount of the token, to fill in the 401/403 commands. */
  serviceAccount?: ServiceAccountIdentity;
  /** Extra secrets to scrub from the server's message. */
  secrets?: Iterable<string>;
}

// client-go's NewGenericServerResponse: the reason a status implies when the body does not say.
const REASON_BY_STATUS: Record<number, string> = {
  400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
  406: "NotAcceptable", 409: "Conflict", 410: "Gone", 413: "RequestEntityTooLarge", 415: "UnsupportedMediaType",
  422: "Invalid", 429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout",
};

/**
 * Turns a non-2xx answer into the matching {@link KubernetesApiError} subclass. `body` may be a parsed
 * `metav1.Status`, its text or bytes, or anything else (an HTML page from a proxy, truncated JSON): the class
 * then follows the HTTP status and the message quotes the first {@link MAX_MESSAGE_CHARS} characters of text,
 * tags stripped. For callers of openapi-fetch too: `toApiError(response.status, error, response.headers, …)`.
 */
export function toApiError(
  status: number,
  body: unknown,
  headers: HeadersLike,
  requestInfo: ApiErrorRequestInfo,
): KubernetesApiError {
  const parsed = toStatusObject(body);
  const scrub = (text: string): string => redact(text, requestInfo.secrets ?? []);
  const reason = typeof parsed?.["reason"] === "string" && parsed["reason"] !== "" ? parsed["reason"] : (REASON_BY_STATUS[status] ?? (status >= 500 ? "InternalError" : "Unknown"));
  const details = toDetails(parsed?.["details"]);
  const rawMessage =
    typeof parsed?.["message"] === "string" && parsed["message"] !== "" ? parsed["message"] : parsed === undefined ? summarizeText(body) : "";
  const limit = parsed === undefined ? MAX_MESSAGE_CHARS : MAX_STATUS_MESSAGE_CHARS;
  const serverMessage = shorten(scrub(rawMessage), limit) || `HTTP ${status}`;
  const retryAfterMs =
    parseRetryAfterMs(getHeader(headers, "retry-after")) ??
    (details?.retryAfterSeconds === undefined ? undefined : details.retryAfterSeconds * 1000);
  const init: KubernetesApiErrorInit = {
    status,
    reason,
    serverMessage,
    method: requestInfo.method.toUpperCase(),
    url: redactUrl(requestInfo.url),
  };
  if (details !== undefined) init.details = details;
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  if (status === 401) init.hint = unauthorizedHint(requestInfo.serviceAccount);
  if (status === 403) init.hint = forbiddenHint(requestInfo.serviceAccount);
  if (status === 404 && details?.name === undefined && /could not find the requested resource/i.test(rawMessage)) {
    init.hint = missingResourceHint();
  }
  const unreachable = status >= 500 ? WEBHOOK_CALL_FAILED.exec(rawMessage) : null;
  if (unreachable !== null) {
    const webhook = unreachable[1] ?? "";
    return new WebhookUnavailableError({ ...init, hint: webhookUnavailableHint(webhook) }, webhook);
  }
  const denied = ADMISSION_DENIED.exec(rawMessage);
  if (denied !== null) {
    const [, webhook = "", denial = ""] = denied;
    return new AdmissionDeniedError({ ...init, hint: admissionDeniedHint(webhook) }, webhook, scrub(denial));
  }
  // Every error says what to do next, not only 401/403 (the reliability fault matrix checks each status).
  init.hint ??= apiErrorHint(status, reason, retryAfterMs);
  switch (status) {
    case 400: return new BadRequestError(init);
    case 401: return new UnauthorizedError(init);
    case 403: return new ForbiddenError(init);
    case 404: return new NotFoundError(init);
    case 409: return reason === "AlreadyExists" ? new AlreadyExistsError(init) : new ConflictError(init);
    case 410: return new GoneError(init);
    case 422: return new InvalidError(init);
    case 429: return new TooManyRequestsError(init);
  }
  return status >= 500 && status <= 599 ? new ServerError(init) : new KubernetesApiError(init);
}

function toStatusObject(body: unknown): Record<string, unknown> | undefined {
  let value = body;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) value = decode(value);
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  // A Status, or at least something shaped like one; any other JSON is summarized as text.
  return obj["kind"] === "Status" || typeof obj["message"] === "string" || typeof obj["reason"] === "string" ? obj : undefined;
}

function toDetails(value: unknown): StatusDetails | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const details: StatusDetails = {};
  for (const key of ["name", "group", "kind", "uid"] as const) {
    if (typeof v[key] === "string") details[key] = v[key];
  }
  if (typeof v["retryAfterSeconds"] === "number") details.retryAfterSeconds = v["retryAfterSeconds"];
  if (Array.isArray(v["causes"])) {
    details.causes = (v["causes"] as unknown[]).filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null).map((c) => {
      const cause: Record<string, string> = {};
      for (const key of ["reason", "message", "field"] as const) if (typeof c[key] === "string") cause[key] = c[key];
      return cause;
    });
  }
  return details;
}

function summarizeText(body: unknown): string {
  let text: string;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) text = decode(body);
  else if (body === undefined || body === null) return "";
  else {
    try {
      text = JSON.stringify(body) ?? "";
    } catch {
      return "";
    }
  }
  return text
    .slice(0, MAX_ERROR_BODY_BYTES)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

function decode(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  return new TextDecoder().decode(view.subarray(0, MAX_ERROR_BODY_BYTES));
}
