/**
 * The namespace exists and has Katib's metrics-collector injection label, without which Trials report no metrics.
 * A missing label only warns; a namespace that cannot be read (RBAC) is said to be unknown, not assumed.
 */
import { ForbiddenError, NotFoundError } from "../../transport/errors.ts";
import { toSummary } from "../format-error.ts";
import type { CheckResult } from "./doctor-check.ts";
import type { Probe } from "./probe.ts";

/** The label Katib's webhook looks for before injecting its metrics collector into Trial pods. */
export const INJECTION_LABEL = "katib.kubeflow.org/metrics-collector-injection";

interface NamespaceObject {
  metadata?: { labels?: Record<string, string> };
}

/** GETs the namespace and checks its label. */
export async function checkNamespace(probe: Probe, namespace: string): Promise<CheckResult> {
  const base = { id: "namespace-label", title: "namespace label" };
  const labelCommand = `kubectl label namespace ${namespace} ${INJECTION_LABEL}=enabled`;
  let object: NamespaceObject;
  try {
    object = await probe.request<NamespaceObject>({ method: "GET", path: `/api/v1/namespaces/${encodeURIComponent(namespace)}` });
  } catch (error) {
    if (error instanceof NotFoundError) return { ...base, status: "fail", message: `namespace ${namespace} does not exist`, fix: `pick another with -n, or create it: kubectl create namespace ${namespace}` };
    if (error instanceof ForbiddenError) {
      return { ...base, status: "warn", message: `cannot read namespace ${namespace} (get namespaces is forbidden), so its ${INJECTION_LABEL} label is unknown`, fix: `ask an admin to check: kubectl get namespace ${namespace} --show-labels; set it with: ${labelCommand}` };
    }
    return { ...base, status: "warn", message: `cannot read namespace ${namespace}: ${toSummary(error)}` };
  }
  const value = object?.metadata?.labels?.[INJECTION_LABEL];
  if (value === "enabled") return { ...base, status: "pass", message: `namespace ${namespace} has ${INJECTION_LABEL}=enabled` };
  const found = value === undefined ? `lacks the label ${INJECTION_LABEL}=enabled` : `has ${INJECTION_LABEL}=${value}, not enabled`;
  return { ...base, status: "warn", message: `namespace ${namespace} ${found}: Katib cannot collect the metrics of Trials there`, fix: labelCommand };
}
