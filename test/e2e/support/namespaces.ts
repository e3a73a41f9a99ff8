/**
 * One fresh namespace per test, removed when the test finishes.
 */
import { onTestFinished } from "vitest";
import { assertStatus, kubeRequest } from "./kube-request.ts";
import { uniqueName } from "./names.ts";

/**
 * Namespaced collections emptied before a test namespace is deleted. There is no controller-manager (and so no
 * namespace controller) in the local control plane, so nothing else would delete a namespace's contents.
 */
const namespacedCollections = [
  "/apis/kubeflow.org/v1beta1/{ns}/experiments",
  "/apis/kubeflow.org/v1beta1/{ns}/trials",
  "/apis/kubeflow.org/v1beta1/{ns}/suggestions",
  "/apis/trainer.kubeflow.org/v1alpha1/{ns}/trainjobs",
  "/apis/trainer.kubeflow.org/v1alpha1/{ns}/trainingruntimes",
  "/apis/rbac.authorization.k8s.io/v1/{ns}/rolebindings",
  "/apis/rbac.authorization.k8s.io/v1/{ns}/roles",
  "/api/v1/{ns}/serviceaccounts",
  "/api/v1/{ns}/configmaps",
  "/api/v1/{ns}/secrets",
  "/api/v1/{ns}/pods",
  "/api/v1/{ns}/events",
];

/**
 * Creates a uniquely named namespace and registers its deletion for the end of the current test; call it inside a
 * test. Returns the namespace name.
 */
export async function createTestNamespace(prefix = "e2e"): Promise<string> {
  const name = uniqueName(prefix);
  const response = await kubeRequest("POST", "/api/v1/namespaces", {
    // Labelled as Kubeflow labels a user's namespace: Katib's webhook refuses Experiments in any other.
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubeflow-ts/e2e": "true", "katib.kubeflow.org/metrics-collector-injection": "enabled" } } },
  });
  assertStatus(response, [201], `create namespace ${name}`);
  onTestFinished(() => deleteTestNamespace(name));
  return name;
}

/**
 * Deletes a namespace completely: empties it, deletes it, then does the namespace controller's last step (clearing
 * `spec.finalizers` via /finalize), without which it would stay Terminating forever.
 */
export async function deleteTestNamespace(name: string): Promise<void> {
  await Promise.all(
    namespacedCollections.map((path) => kubeRequest("DELETE", path.replace("{ns}", `namespaces/${name}`))),
  );
  const deleted = await kubeRequest("DELETE", `/api/v1/namespaces/${name}`);
  assertStatus(deleted, [200, 202, 404], `delete namespace ${name}`);
  if (deleted.status === 404) return;
  const finalized = await kubeRequest("PUT", `/api/v1/namespaces/${name}/finalize`, {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: { finalizers: [] } },
  });
  assertStatus(finalized, [200, 404], `finalize namespace ${name}`);
}
