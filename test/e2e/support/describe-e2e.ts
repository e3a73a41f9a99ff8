/**
 * The skip-or-run switch for e2e suites.
 */
import { afterAll, describe, test } from "vitest";
import { type E2eEnv, e2eEnv, e2eSkipReason } from "./env.ts";
import { closeAdminAgent } from "./kube-request.ts";

/**
 * `describe` for suites that need the control plane: runs `body` with the connection, or registers the suite as
 * skipped with the reason in its title, so a run without a cluster shows skips rather than silent passes.
 */
export function describeE2e(title: string, body: (env: E2eEnv) => void): void {
  const reason = e2eSkipReason();
  if (reason !== undefined) {
    describe.skip(`${title} [skipped: ${reason}]`, () => {
      test("needs the local control plane (npm run cluster:up)", () => {});
    });
    return;
  }
  describe(title, () => {
    afterAll(closeAdminAgent);
    body(e2eEnv());
  });
}

/**
 * `describe` for suites that need Kubeflow itself (the Trainer and JobSet controllers, webhooks, kwok's kubelet):
 * runs on the Kubeflow box, and is registered as skipped, with the reason, on the apiserver-only cluster.
 */
export function describeKubeflow(title: string, body: (env: E2eEnv) => void): void {
  const reason = e2eSkipReason() ?? (e2eEnv().profile === "kubeflow" ? undefined : "the apiserver-only cluster runs no Kubeflow controllers (KUBEFLOW_TS_E2E_CLUSTER=apiserver)");
  if (reason !== undefined) {
    describe.skip(`${title} [skipped: ${reason}]`, () => {
      test("needs the Kubeflow box (npm run cluster:up -- --kubeflow)", () => {});
    });
    return;
  }
  describeE2e(title, body);
}
