/**
 * The seed guide's user, per test: a fresh namespace with ServiceAccount `kubeflow-sdk-user` bound to `kubeflow-edit`
 * and a TokenRequest token for it, as `kubectl create token` gives one.
 */
import { createTestNamespace } from "./namespaces.ts";
import { uniqueName } from "./names.ts";
import { bindClusterRole, createServiceAccount, requestToken } from "./service-accounts.ts";

/** Where the seed's user works and the token it works with. */
export interface SeedUser {
  namespace: string;
  token: string;
}

/** Creates the user for the current test (everything is removed when the test finishes). */
export async function createSeedUser(prefix: string): Promise<SeedUser> {
  const namespace = await createTestNamespace(prefix);
  const sa = "kubeflow-sdk-user";
  await createServiceAccount(namespace, sa);
  await bindClusterRole(uniqueName(`${namespace}-edit`), "kubeflow-edit", namespace, sa);
  return { namespace, token: await requestToken(namespace, sa, { expirationSeconds: 3600 }) };
}
