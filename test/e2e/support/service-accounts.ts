/**
 * ServiceAccounts, ClusterRoleBindings and TokenRequest tokens: the identities an out-of-cluster user of the seed
 * guide works with.
 */
import { onTestFinished } from "vitest";
import { assertStatus, kubeRequest } from "./kube-request.ts";

/** Creates ServiceAccount `ns/name` (no token Secret: tokens come from {@link requestToken}). */
export async function createServiceAccount(ns: string, name: string): Promise<void> {
  const response = await kubeRequest("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, {
    body: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns } },
  });
  assertStatus(response, [201], `create serviceaccount ${ns}/${name}`);
}

/** Deletes ServiceAccount `ns/name`; its bound tokens stop authenticating (the apiserver looks the account up). */
export async function deleteServiceAccount(ns: string, name: string): Promise<void> {
  const response = await kubeRequest("DELETE", `/api/v1/namespaces/${ns}/serviceaccounts/${name}`);
  assertStatus(response, [200, 404], `delete serviceaccount ${ns}/${name}`);
}

/**
 * Binds ClusterRole `clusterRole` to ServiceAccount `ns/sa` cluster-wide, as `kubectl create clusterrolebinding
 * --serviceaccount` does. The binding is cluster-scoped, so namespace cleanup would miss it: it is deleted when the
 * current test finishes (call this inside a test).
 */
export async function bindClusterRole(name: string, clusterRole: string, ns: string, sa: string): Promise<void> {
  const response = await kubeRequest("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole },
      subjects: [{ kind: "ServiceAccount", name: sa, namespace: ns }],
    },
  });
  assertStatus(response, [201], `create clusterrolebinding ${name}`);
  onTestFinished(async () => {
    await kubeRequest("DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`);
  });
}

/**
 * Binds ClusterRole `clusterRole` to ServiceAccount `ns/sa` in its own namespace only (a RoleBinding), as Kubeflow's
 * Profiles grant `kubeflow-edit` to a profile's contributors.
 */
export async function bindClusterRoleInNamespace(clusterRole: string, ns: string, sa: string): Promise<void> {
  const response = await kubeRequest("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: `${sa}-${clusterRole}`, namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole },
      subjects: [{ kind: "ServiceAccount", name: sa, namespace: ns }],
    },
  });
  assertStatus(response, [201], `create rolebinding ${ns}/${sa}-${clusterRole}`);
}

/** Options of the TokenRequest; the audience defaults to the apiserver's own (`--api-audiences`). */
export interface TokenRequestOptions {
  expirationSeconds?: number;
  audiences?: string[];
}

/** A bound ServiceAccount token from the TokenRequest API, as `kubectl create token` gets it. */
export async function requestToken(ns: string, sa: string, options: TokenRequestOptions = {}): Promise<string> {
  const spec: Record<string, unknown> = {};
  if (options.expirationSeconds !== undefined) spec.expirationSeconds = options.expirationSeconds;
  if (options.audiences !== undefined) spec.audiences = options.audiences;
  const response = await kubeRequest<{ status?: { token?: string } }>(
    "POST",
    `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`,
    { body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec } },
  );
  assertStatus(response, [201], `request token for ${ns}/${sa}`);
  const token = response.body.status?.token;
  if (token === undefined) throw new Error(`TokenRequest for ${ns}/${sa} returned no token`);
  return token;
}
