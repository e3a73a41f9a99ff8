/**
 * kubectl against the local control plane's admin kubeconfig, for steps a user would type (the seed guide's).
 */
import { kubectl as runKubectl } from "../../controlplane/bootstrap.ts";
import { e2eEnv } from "./env.ts";

/** Runs `kubectl --kubeconfig <.cluster/kubeconfig> ...args` and returns its stdout. */
export function kubectl(...args: string[]): Promise<string> {
  return runKubectl(e2eEnv().kubeconfig, args);
}
