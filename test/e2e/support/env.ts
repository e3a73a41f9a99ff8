/**
 * Access to the control plane provided by the e2e global setup (see test/setup/global-setup.ts).
 */
import { inject } from "vitest";
import type { ControlPlaneConnection } from "../../setup/control-plane-context.ts";

/** The admin connection to the local control plane (server URL, CA PEM, token, kubeconfig path, version). */
export type E2eEnv = ControlPlaneConnection;

/**
 * The connection provided by the global setup. Throws with the setup's reason when there is none: call it inside
 * suites registered with `describeE2e`, which are skipped in that case and so never get here.
 */
export function e2eEnv(): E2eEnv {
  const context = inject("controlPlane");
  if (context.status !== "available") throw new Error(`local control plane unavailable: ${context.reason}`);
  const { status: _status, ...connection } = context;
  return connection;
}

/** Why e2e suites are skipped in this run, or undefined when the control plane is available. */
export function e2eSkipReason(): string | undefined {
  const context = inject("controlPlane");
  return context.status === "available" ? undefined : context.reason;
}
