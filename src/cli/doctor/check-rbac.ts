/**
 * RBAC: SelfSubjectAccessReviews for what the Katib and Trainer clients do, one check per resource. Denials get
 * the seed's `kubectl auth can-i --list --as=…` and the binding that grants them.
 */
import { toSummary } from "../format-error.ts";
import { canIListCommand, type AccountRef, type CheckResult } from "./doctor-check.ts";
import type { Probe } from "./probe.ts";

/** What a resource needs; `optionalVerbs` only warn when denied. */
export interface RbacRequirement {
  group: string;
  resource: string;
  subresource?: string;
  namespaced: boolean;
  verbs: readonly string[];
  /** Verbs needed only by some users (managing runtimes is usually an admin's job). */
  optionalVerbs?: readonly string[];
}

const CRUD = ["list", "get", "create", "delete"] as const;

/** The access the CLI and the clients use. */
export const RBAC_REQUIREMENTS: readonly RbacRequirement[] = [
  { group: "kubeflow.org", resource: "experiments", namespaced: true, verbs: CRUD },
  { group: "kubeflow.org", resource: "trials", namespaced: true, verbs: CRUD },
  { group: "kubeflow.org", resource: "suggestions", namespaced: true, verbs: CRUD },
  { group: "trainer.kubeflow.org", resource: "trainjobs", namespaced: true, verbs: CRUD },
  { group: "trainer.kubeflow.org", resource: "trainingruntimes", namespaced: true, verbs: ["list", "get"], optionalVerbs: ["create", "delete"] },
  { group: "trainer.kubeflow.org", resource: "clustertrainingruntimes", namespaced: false, verbs: ["list", "get"], optionalVerbs: ["create", "delete"] },
  { group: "", resource: "pods", subresource: "log", namespaced: true, verbs: ["get"] },
  { group: "", resource: "events", namespaced: true, verbs: ["list"] },
];

interface AccessReview {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/** `experiments.kubeflow.org`, `pods/log`, `events`. Pure. */
export function toResourceLabel(requirement: RbacRequirement): string {
  const resource = requirement.subresource ? `${requirement.resource}/${requirement.subresource}` : requirement.resource;
  return requirement.group === "" ? resource : `${resource}.${requirement.group}`;
}

/** The user to impersonate in the can-i hint: the reported user name, else the token's ServiceAccount. Pure. */
export function toCanIUser(username: string | undefined, account: AccountRef | undefined): string {
  if (username) return username;
  return `system:serviceaccount:${account?.namespace ?? "<namespace>"}:${account?.name ?? "<name>"}`;
}

async function isAllowed(probe: Probe, requirement: RbacRequirement, verb: string, namespace: string): Promise<boolean> {
  const resourceAttributes = {
    verb,
    group: requirement.group,
    resource: requirement.resource,
    ...(requirement.subresource ? { subresource: requirement.subresource } : {}),
    ...(requirement.namespaced ? { namespace } : {}),
  };
  const review = await probe.request<AccessReview>({ method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes } } });
  return review?.status?.allowed === true;
}

/** Checks every requirement (all reviews in parallel) and returns one result per resource. */
export async function checkRbac(probe: Probe, namespace: string, user: string, account: AccountRef | undefined): Promise<CheckResult[]> {
  return Promise.all(RBAC_REQUIREMENTS.map((requirement) => checkRequirement(probe, requirement, namespace, user, account)));
}

async function checkRequirement(probe: Probe, requirement: RbacRequirement, namespace: string, user: string, account: AccountRef | undefined): Promise<CheckResult> {
  const label = toResourceLabel(requirement);
  const base = { id: `rbac:${label}`, title: `RBAC ${label}` };
  const verbs = [...requirement.verbs, ...(requirement.optionalVerbs ?? [])];
  let allowed: boolean[];
  try {
    allowed = await Promise.all(verbs.map((verb) => isAllowed(probe, requirement, verb, namespace)));
  } catch (error) {
    return { ...base, status: "fail", message: `cannot review access: ${toSummary(error)}` };
  }
  const denied = verbs.filter((_, index) => !allowed[index]);
  const scope = requirement.namespaced ? `in namespace ${namespace}` : "cluster-wide";
  if (denied.length === 0) return { ...base, status: "pass", message: `${verbs.join(", ")} allowed ${scope}` };
  const blocking = denied.some((verb) => requirement.verbs.includes(verb));
  const grant = account ? `; grant the seed's role with: kubectl create clusterrolebinding ${account.name}-binding --clusterrole=kubeflow-edit --serviceaccount=${account.namespace}:${account.name}` : "";
  return {
    ...base,
    status: blocking ? "fail" : "warn",
    message: `${denied.join(", ")} denied ${scope}${blocking ? "" : " (needed only to manage runtimes)"}`,
    fix: `see what the account may do: ${canIListCommand(user, namespace)}${grant}`,
  };
}
