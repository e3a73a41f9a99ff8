/**
 * Katib and Trainer served: API discovery of kubeflow.org and trainer.kubeflow.org, with the versions this
 * client speaks. One product missing only warns (a Katib-only cluster is fine); both missing fails.
 */
import { NotFoundError } from "../../transport/errors.ts";
import { toSummary } from "../format-error.ts";
import type { CheckResult } from "./doctor-check.ts";
import type { Probe } from "./probe.ts";

/** An API group this client needs. */
export interface ApiGroupRequirement {
  product: string;
  group: string;
  version: string;
  install: string;
}

/** The groups and versions the clients speak. */
export const API_GROUPS: readonly ApiGroupRequirement[] = [
  { product: "Katib", group: "kubeflow.org", version: "v1beta1", install: "install Katib: https://www.kubeflow.org/docs/components/katib/installation/" },
  { product: "Trainer", group: "trainer.kubeflow.org", version: "v1alpha1", install: "install Kubeflow Trainer: https://www.kubeflow.org/docs/components/trainer/operator-guides/installation/" },
];

interface ApiGroupDocument {
  versions?: { version?: string }[];
}

/** The check of one group from its discovery document (null: not served). Pure. */
export function toApiGroupCheck(requirement: ApiGroupRequirement, document: ApiGroupDocument | null, otherServed: boolean): CheckResult {
  const base = { id: `api:${requirement.group}`, title: `${requirement.product} API` };
  if (document === null) {
    return { ...base, status: otherServed ? "warn" : "fail", message: `${requirement.group} is not served: ${requirement.product} is not installed (or its CRDs are missing)`, fix: `${requirement.install}; check with: kubectl api-resources --api-group=${requirement.group}` };
  }
  const versions = (document.versions ?? []).map((v) => v.version ?? "").filter(Boolean);
  if (!versions.includes(requirement.version)) {
    return { ...base, status: "fail", message: `${requirement.group} serves ${versions.join(", ") || "no version"}, not ${requirement.version}`, fix: `kfts speaks ${requirement.group}/${requirement.version}; upgrade ${requirement.product} or use a matching kubeflow-ts release` };
  }
  return { ...base, status: "pass", message: `${requirement.group} serves ${versions.join(", ")}` };
}

/** Reads both discovery documents and checks them. */
export async function checkApis(probe: Probe): Promise<CheckResult[]> {
  const documents = await Promise.all(
    API_GROUPS.map(async (requirement) => {
      try {
        return { document: await probe.request<ApiGroupDocument>({ method: "GET", path: `/apis/${requirement.group}` }) };
      } catch (error) {
        if (error instanceof NotFoundError) return { document: null };
        return { error };
      }
    }),
  );
  return API_GROUPS.map((requirement, index) => {
    const found = documents[index];
    if (found?.error !== undefined) return { id: `api:${requirement.group}`, title: `${requirement.product} API`, status: "fail", message: `discovery failed: ${toSummary(found.error)}` };
    const otherServed = documents.some((d, other) => other !== index && d.document !== null && d.document !== undefined);
    return toApiGroupCheck(requirement, found?.document ?? null, otherServed);
  });
}
