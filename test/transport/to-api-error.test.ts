import { describe, expect, it } from "vitest";
import { isAdmissionDenied, isAlreadyExists, isConflict, isForbidden, isGone, isInvalid, isNotFound, isTooManyRequests, isUnauthorized } from "../../src/transport/error-predicates.ts";
import { AdmissionDeniedError, AlreadyExistsError, BadRequestError, ConflictError, ForbiddenError, GoneError, InvalidError, KubernetesApiError, NotFoundError, ServerError, TooManyRequestsError, UnauthorizedError, WebhookUnavailableError } from "../../src/transport/errors.ts";
import { MAX_MESSAGE_CHARS, toApiError } from "../../src/transport/to-api-error.ts";

const info = { method: "get", url: "https://user:pw@kube.example/apis/x?access_token=abc" };

describe("toApiError picks the class from the status", () => {
  it.each([
    [400, BadRequestError, "BadRequest", "ERR_KUBE_BAD_REQUEST"],
    [401, UnauthorizedError, "Unauthorized", "ERR_KUBE_UNAUTHORIZED"],
    [403, ForbiddenError, "Forbidden", "ERR_KUBE_FORBIDDEN"],
    [404, NotFoundError, "NotFound", "ERR_KUBE_NOT_FOUND"],
    [405, KubernetesApiError, "MethodNotAllowed", "ERR_KUBE_API"],
    [409, ConflictError, "Conflict", "ERR_KUBE_CONFLICT"],
    [410, GoneError, "Gone", "ERR_KUBE_GONE"],
    [422, InvalidError, "Invalid", "ERR_KUBE_INVALID"],
    [429, TooManyRequestsError, "TooManyRequests", "ERR_KUBE_TOO_MANY_REQUESTS"],
    [500, ServerError, "InternalError", "ERR_KUBE_SERVER"],
    [503, ServerError, "ServiceUnavailable", "ERR_KUBE_SERVER"],
    [504, ServerError, "Timeout", "ERR_KUBE_SERVER"],
    [507, ServerError, "InternalError", "ERR_KUBE_SERVER"],
    [418, KubernetesApiError, "Unknown", "ERR_KUBE_API"],
  ] as const)("%d without a body → %o, reason %s, code %s", (status, cls, reason, code) => {
    const err = toApiError(status, undefined, undefined, info);
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ status, reason, code, method: "GET", serverMessage: `HTTP ${status}` });
    expect(err.name).toBe(cls.name);
  });

  it("reads a Status from an object, a string or bytes, keeping the reason unchanged", () => {
    const status = { kind: "Status", reason: "Expired", message: "too old resource version", code: 410 };
    for (const body of [status, JSON.stringify(status), new TextEncoder().encode(JSON.stringify(status))]) {
      const err = toApiError(410, body, {}, info);
      expect(err).toBeInstanceOf(GoneError);
      expect(err).toMatchObject({ reason: "Expired", serverMessage: "too old resource version" });
    }
  });

  it("AlreadyExists only for reason AlreadyExists", () => {
    expect(toApiError(409, { kind: "Status", reason: "AlreadyExists", message: "x" }, undefined, info)).toBeInstanceOf(AlreadyExistsError);
    expect(toApiError(409, { kind: "Status", reason: "Conflict", message: "x" }, undefined, info)).not.toBeInstanceOf(AlreadyExistsError);
  });

  it("strips credentials from the URL it reports", () => {
    const err = toApiError(404, undefined, undefined, info);
    expect(err.url).toBe("https://kube.example/apis/x?access_token=[REDACTED]");
  });

  it("takes retryAfterMs from Retry-After, else from details.retryAfterSeconds", () => {
    expect((toApiError(429, undefined, { "retry-after": "7" }, info) as TooManyRequestsError).retryAfterMs).toBe(7000);
    expect((toApiError(429, undefined, new Headers({ "Retry-After": "3" }), info) as TooManyRequestsError).retryAfterMs).toBe(3000);
    expect((toApiError(503, { kind: "Status", message: "x", details: { retryAfterSeconds: 2 } }, undefined, info) as ServerError).retryAfterMs).toBe(2000);
  });

  it("bounds the text quoted from a non-Status body and strips tags", () => {
    const err = toApiError(502, `<html><body><h1>Bad   Gateway</h1>${"x".repeat(10_000)}</body></html>`, undefined, info);
    expect(err.serverMessage.startsWith("Bad Gateway x")).toBe(true);
    expect(err.serverMessage.length).toBe(MAX_MESSAGE_CHARS + 1); // plus the ellipsis
  });

  it("keeps long Status messages (a 422 lists every field) up to a larger bound", () => {
    const message = `Experiment.kubeflow.org "e" is invalid: ${"spec.x: Required value, ".repeat(30)}`;
    expect(toApiError(422, { kind: "Status", reason: "Invalid", message }, undefined, info).serverMessage).toBe(message);
  });

  it("scrubs credentials a server echoes in its message", () => {
    const err = toApiError(400, { kind: "Status", message: "bad header Authorization: Bearer abc.def.ghi and opaque-secret-123" }, undefined, { ...info, secrets: ["opaque-secret-123"] });
    expect(err.message).not.toMatch(/abc\.def\.ghi|opaque-secret-123/);
  });

  it("hints that a 404 of the whole resource type means the CRD is missing", () => {
    const err = toApiError(404, { kind: "Status", reason: "NotFound", message: "the server could not find the requested resource" }, undefined, info);
    expect(err.hint).toContain("kubectl api-resources --api-group=kubeflow.org");
    // An object's 404 gets the name/namespace hint instead (every status has a hint since the reliability work).
    const objectHint = toApiError(404, { kind: "Status", reason: "NotFound", message: 'x "a" not found', details: { name: "a" } }, undefined, info).hint;
    expect(objectHint).toContain("Check the name and the namespace");
    expect(objectHint).not.toContain("kubectl api-resources");
  });
});

describe("predicates follow client-go: a known reason decides, else the status code", () => {
  const make = (status: number, reason: string) => toApiError(status, { kind: "Status", reason, message: "m" }, undefined, info);
  it.each([
    [isNotFound, 404, "NotFound", true],
    [isNotFound, 404, "SomethingNew", true],
    [isNotFound, 404, "Forbidden", false],
    [isAlreadyExists, 409, "AlreadyExists", true],
    [isConflict, 409, "AlreadyExists", false],
    [isConflict, 409, "Conflict", true],
    [isForbidden, 403, "Forbidden", true],
    [isUnauthorized, 401, "Unauthorized", true],
    [isGone, 410, "Expired", true],
    [isGone, 410, "Gone", true],
    [isInvalid, 422, "Invalid", true],
    [isTooManyRequests, 429, "TooManyRequests", true],
  ] as const)("%o(%d %s) → %s", (predicate, status, reason, expected) => {
    expect(predicate(make(status, reason))).toBe(expected);
  });
  it("are false for anything that is not an API error", () => {
    for (const value of [new Error("x"), undefined, null, { status: 404, reason: "NotFound" }]) expect(isNotFound(value)).toBe(false);
  });
});

describe("a webhook's refusal is told apart from RBAC's", () => {
  const webhookStatus = (code: number, reason: string) => ({
    kind: "Status",
    status: "Failure",
    reason,
    code,
    message: 'admission webhook "validator.trainjob.trainer.kubeflow.org" denied the request: spec.RuntimeRef: Invalid value: "nope": specified clusterTrainingRuntime must be created before the TrainJob is created',
  });

  it.each([
    [403, "Forbidden"],
    [422, "Invalid"],
    [400, "BadRequest"],
  ])("HTTP %i %s from a webhook → AdmissionDeniedError with the webhook's name and words", (code, reason) => {
    const err = toApiError(code, webhookStatus(code, reason), {}, info);
    expect(err).toBeInstanceOf(AdmissionDeniedError);
    const denied = err as AdmissionDeniedError;
    expect(denied).toMatchObject({ code: "ERR_KUBE_ADMISSION_DENIED", status: code, reason, webhook: "validator.trainjob.trainer.kubeflow.org" });
    expect(denied.denial).toMatch(/^spec\.RuntimeRef: Invalid value: "nope": specified clusterTrainingRuntime must be created/);
    expect(denied.hint).toBe("Kubeflow Trainer's webhook (trainer-controller-manager) refused the object (not RBAC: the credentials are fine); change what its message names and send it again");
    expect(isAdmissionDenied(err)).toBe(true);
    expect(isForbidden(err)).toBe(false);
  });

  it("RBAC's 403 stays a ForbiddenError, never an admission denial", () => {
    const err = toApiError(403, { kind: "Status", reason: "Forbidden", code: 403, message: 'trainjobs.trainer.kubeflow.org is forbidden: User "system:serviceaccount:a:b" cannot create resource "trainjobs"' }, {}, info);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(isForbidden(err)).toBe(true);
    expect(isAdmissionDenied(err)).toBe(false);
  });

  it("an unknown webhook is named as such in the hint", () => {
    const err = toApiError(403, { kind: "Status", reason: "Forbidden", message: 'admission webhook "policy.example.com" denied the request: no' }, {}, info) as AdmissionDeniedError;
    expect(err.hint).toMatch(/^the admission webhook policy\.example\.com refused the object/);
    expect(err.denial).toBe("no");
  });
});

describe("a webhook the apiserver cannot reach", () => {
  const message =
    'Internal error occurred: failed calling webhook "defaulter.trainjob.trainer.kubeflow.org": failed to call webhook: Post "https://127.0.0.1:41301/mutate-trainer-kubeflow-org-v1alpha1-trainjob?timeout=10s": dial tcp 127.0.0.1:41301: connect: connection refused';

  it("is a WebhookUnavailableError (a ServerError) whose hint names the component to check", () => {
    const err = toApiError(500, { kind: "Status", reason: "InternalError", code: 500, message }, {}, info);
    expect(err).toBeInstanceOf(WebhookUnavailableError);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ code: "ERR_KUBE_WEBHOOK_UNAVAILABLE", status: 500, reason: "InternalError", webhook: "defaulter.trainjob.trainer.kubeflow.org" });
    expect(err.hint).toBe(
      "the API server could not call Kubeflow Trainer's webhook (trainer-controller-manager) (defaulter.trainjob.trainer.kubeflow.org), so nothing was stored; check that trainer-controller-manager runs and that its webhook Service reaches it (kubectl get pods,svc -A | grep trainer-controller-manager), then send the request again",
    );
    expect(isAdmissionDenied(err)).toBe(false);
  });

  it("only for server errors: the same words in a 4xx are not read as an outage", () => {
    expect(toApiError(400, { kind: "Status", reason: "BadRequest", message }, {}, info)).toBeInstanceOf(BadRequestError);
  });
});
