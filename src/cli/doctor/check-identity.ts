/**
 * Who am I: a SelfSubjectReview tells who the API server thinks the credential belongs to. A 401 means the token
 * is invalid or expired, with the seed's fix (`kubectl create token …`).
 */
import { readFile } from "node:fs/promises";
import type { ClusterConfig } from "../../config/cluster-config.ts";
import { ForbiddenError, KubernetesApiError, NotFoundError, UnauthorizedError } from "../../transport/errors.ts";
import { toServiceAccountIdentity } from "../../transport/service-account-from-token.ts";
import { toSummary } from "../format-error.ts";
import { createTokenCommand, type AccountRef, type CheckResult } from "./doctor-check.ts";
import type { Probe } from "./probe.ts";

/** The outcome of the identity check. */
export interface IdentityOutcome {
  result: CheckResult;
  /** Whether requests authenticate at all (false after a 401: the other API checks are skipped). */
  authenticated: boolean;
  /** The user name the server reported, e.g. `system:serviceaccount:kubeflow:kubeflow-sdk-user`. */
  username?: string;
}

interface SelfSubjectReview {
  status?: { userInfo?: { username?: string; groups?: string[] } };
}

/** The bearer token of the configuration, read from its file when it has one; never printed. */
export async function loadBearerToken(config: ClusterConfig): Promise<string | undefined> {
  if (config.auth.type === "token") return config.auth.token.reveal();
  if (config.auth.type === "tokenFile") return (await readFile(config.auth.tokenFile, "utf8").catch(() => "")).trim() || undefined;
  return undefined;
}

/** The ServiceAccount of a user name `system:serviceaccount:<ns>:<name>`. Pure. */
export function toAccountRef(username: string | undefined): AccountRef | undefined {
  const match = username === undefined ? null : /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  return match?.[1] !== undefined && match[2] !== undefined ? { namespace: match[1], name: match[2] } : undefined;
}

/** POSTs a SelfSubjectReview and classifies the answer. */
export async function checkIdentity(probe: Probe, token: string | undefined): Promise<IdentityOutcome> {
  const base = { id: "identity", title: "who am I" };
  const account = toServiceAccountIdentity(token);
  try {
    const review = await probe.request<SelfSubjectReview>({ method: "POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } });
    const username = review?.status?.userInfo?.username ?? "";
    if (username === "system:anonymous") {
      return { authenticated: true, username, result: { ...base, status: "fail", message: "requests are anonymous: no credential was sent", fix: "pass --token-file (or --token) with a ServiceAccount token; mint one with: kubectl create token <serviceaccount> -n <namespace> --duration=8760h" } };
    }
    const groups = review?.status?.userInfo?.groups ?? [];
    return { authenticated: true, username, result: { ...base, status: "pass", message: `authenticated as ${username}${groups.length ? ` (groups: ${groups.join(", ")})` : ""}` } };
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      return { authenticated: false, result: { ...base, status: "fail", message: "the API server rejected the token (401 Unauthorized): it is invalid or expired", fix: `mint a new token: ${createTokenCommand(account)}` } };
    }
    const fromToken = account ? `system:serviceaccount:${account.namespace}:${account.name}` : undefined;
    if (error instanceof NotFoundError || error instanceof ForbiddenError) {
      const why = error instanceof NotFoundError ? "SelfSubjectReview is not served (Kubernetes < 1.28)" : "SelfSubjectReview is forbidden";
      return { authenticated: true, ...(fromToken ? { username: fromToken } : {}), result: { ...base, status: "warn", message: `${why}; the token names ${fromToken ?? "no ServiceAccount"}` } };
    }
    if (error instanceof KubernetesApiError) return { authenticated: true, result: { ...base, status: "fail", message: toSummary(error) } };
    throw error;
  }
}
