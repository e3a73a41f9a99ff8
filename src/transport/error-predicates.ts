import { AdmissionDeniedError, KubernetesApiError } from "./errors.ts";

// Reasons client-go knows; a known reason decides alone, an unknown one falls back to the HTTP status.
const KNOWN_REASONS = new Set([
  "Unauthorized", "Forbidden", "NotFound", "AlreadyExists", "Conflict", "Gone", "Invalid", "ServerTimeout",
  "StoreReadError", "Timeout", "TooManyRequests", "BadRequest", "MethodNotAllowed", "NotAcceptable",
  "RequestEntityTooLarge", "UnsupportedMediaType", "InternalError", "Expired", "ServiceUnavailable",
]);

function matches(err: unknown, reasons: readonly string[], status: number): boolean {
  if (!(err instanceof KubernetesApiError)) return false;
  if (reasons.includes(err.reason)) return true;
  return !KNOWN_REASONS.has(err.reason) && err.status === status;
}

/** The object, or its resource type, does not exist (reason `NotFound`, or a 404 with an unknown reason). */
export function isNotFound(err: unknown): boolean {
  return matches(err, ["NotFound"], 404);
}

/** A create found an object of that name (reason `AlreadyExists`). */
export function isAlreadyExists(err: unknown): boolean {
  return matches(err, ["AlreadyExists"], 409);
}

/**
 * A write lost an optimistic-concurrency race (reason `Conflict`). As in client-go, an `AlreadyExists` 409 is
 * not a conflict here (retrying the same create cannot succeed), even though its class extends ConflictError.
 */
export function isConflict(err: unknown): boolean {
  return matches(err, ["Conflict"], 409);
}

/** RBAC (or an admission policy) refused the request (reason `Forbidden`, or 403); not a webhook's refusal of the object. */
export function isForbidden(err: unknown): boolean {
  return !(err instanceof AdmissionDeniedError) && matches(err, ["Forbidden"], 403);
}

/** An admission webhook refused the object (see {@link AdmissionDeniedError}). */
export function isAdmissionDenied(err: unknown): err is AdmissionDeniedError {
  return err instanceof AdmissionDeniedError;
}

/** The credential was not accepted (reason `Unauthorized`, or 401). */
export function isUnauthorized(err: unknown): boolean {
  return matches(err, ["Unauthorized"], 401);
}

/** The resource version is too old (reasons `Gone` and `Expired`, or 410): relist and start again. */
export function isGone(err: unknown): boolean {
  return matches(err, ["Gone", "Expired"], 410);
}

/** The object failed validation (reason `Invalid`, or 422). */
export function isInvalid(err: unknown): boolean {
  return matches(err, ["Invalid"], 422);
}

/** The server throttled the request (reason `TooManyRequests`, or 429). */
export function isTooManyRequests(err: unknown): boolean {
  return matches(err, ["TooManyRequests"], 429);
}
