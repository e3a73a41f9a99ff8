/**
 * `train()`'s runtime patches, as the Python SDK's `RuntimePatch` option adds them to `spec.runtimePatches`: owned by
 * the SDK's manager unless one is named, and each container patch checked as the SDK's `ContainerPatch` checks it.
 */
import type { TrainerV1alpha1ContainerPatch, TrainerV1alpha1RuntimePatch } from "../../generated/trainer/v1alpha1/types.ts";

/** The manager the Python SDK sets on its runtime patches. */
export const SDK_PATCH_MANAGER = "trainer.kubeflow.org/kubeflow-sdk";

/**
 * A runtime patch: what to change in the runtime's JobSet template for this TrainJob (pod template metadata,
 * volumes, node selector, tolerations, env from Secrets or ConfigMaps of a sidecar, …). `manager` defaults to the
 * Python SDK's; `time` is set by the Trainer's webhook.
 */
export type RuntimePatchSpec = Omit<TrainerV1alpha1RuntimePatch, "manager" | "time"> & { manager?: string };

type EnvVar = NonNullable<TrainerV1alpha1ContainerPatch["env"]>[number];
const VALUE_SOURCES = ["configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef"] as const;

/**
 * The patches as sent. Throws a TypeError, naming the field, where the Python SDK's ContainerPatch raises: a container
 * without a name, an env entry without a name or without `value`/`valueFrom` (or a `valueFrom` with no source), a
 * volume mount without a name or with a relative `mountPath`.
 */
export function toRuntimePatches(patches: readonly RuntimePatchSpec[]): TrainerV1alpha1RuntimePatch[] {
  return patches.map((patch, index) => {
    const field = `runtimePatches[${index}]`;
    for (const [jobIndex, job] of (patch.trainingRuntimeSpec?.template?.spec?.replicatedJobs ?? []).entries()) {
      const podSpec = job.template?.spec?.template?.spec;
      const at = `${field}.trainingRuntimeSpec.template.spec.replicatedJobs[${jobIndex}].template.spec.template.spec`;
      for (const [i, container] of (podSpec?.initContainers ?? []).entries()) checkContainerPatch(container, `${at}.initContainers[${i}]`);
      for (const [i, container] of (podSpec?.containers ?? []).entries()) checkContainerPatch(container, `${at}.containers[${i}]`);
    }
    return { ...patch, manager: patch.manager ?? SDK_PATCH_MANAGER };
  });
}

function checkContainerPatch(container: TrainerV1alpha1ContainerPatch, field: string): void {
  if (typeof container.name !== "string" || container.name.trim() === "") throw new TypeError(`${field}.name is empty: name a container of the runtime`);
  for (const [i, env] of (container.env ?? []).entries()) checkEnv(env, `${field}.env[${i}]`);
  for (const [i, mount] of (container.volumeMounts ?? []).entries()) {
    if (!mount.name) throw new TypeError(`${field}.volumeMounts[${i}].name is empty`);
    if (typeof mount.mountPath !== "string" || !mount.mountPath.startsWith("/")) throw new TypeError(`${field}.volumeMounts[${i}].mountPath must be an absolute path (start with /), got ${JSON.stringify(mount.mountPath)}`);
  }
}

function checkEnv(env: EnvVar, field: string): void {
  if (!env.name) throw new TypeError(`${field}.name is empty`);
  if (!("value" in env) && !("valueFrom" in env)) throw new TypeError(`${field} (${env.name}) has neither value nor valueFrom`);
  if ("valueFrom" in env && !VALUE_SOURCES.some((source) => env.valueFrom?.[source] !== undefined)) {
    throw new TypeError(`${field}.valueFrom (${env.name}) must contain one of ${VALUE_SOURCES.join(", ")}`);
  }
}
