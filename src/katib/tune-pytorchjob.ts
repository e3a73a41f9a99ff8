/**
 * PyTorchJob trials of tune(): the Python SDK's `TrainerResources` as `resources_per_trial` (kubeflow-katib 0.19.0,
 * its `get_trial_template_with_pytorchjob`). Each trial is a kubeflow.org/v1 PyTorchJob with one Master and
 * `numWorkers - 1` Workers, every replica the same pod; the Training Operator runs them.
 */
import type { V1PodSpec, V1ResourceRequirements } from "../../generated/katib/v1beta1/core.ts";
import type { V1beta1TrialParameterSpec, V1beta1TrialTemplate } from "../../generated/katib/v1beta1/types.ts";
import { toTrialPodTemplate, type TrialResourceQuantities } from "./tune-trial-template.ts";

/** The container a PyTorchJob trial runs in (the Training Operator's, and Katib's primary container). */
export const PYTORCHJOB_CONTAINER_NAME = "pytorch";

/**
 * The Python SDK's `TrainerResources(num_workers, num_procs_per_worker, resources_per_worker)`: given as
 * `resourcesPerTrial`, each trial is a PyTorchJob instead of a batch Job.
 */
export interface TrainerResources {
  /** Pods of each trial's PyTorchJob: one Master and `numWorkers - 1` Workers. At least 1. */
  numWorkers: number;
  /** Processes per pod, the PyTorchJob's `nprocPerNode` (torchrun's `--nproc-per-node`). At least 1. */
  numProcsPerWorker: number;
  /** Resources of each pod's container, in either form of a plain `resourcesPerTrial`. */
  resourcesPerWorker?: TrialResourceQuantities | V1ResourceRequirements;
  /** Never: a field of V1ResourceRequirements, here to keep the forms of resourcesPerTrial apart for the compiler. */
  requests?: never;
  /** Never: a field of V1ResourceRequirements (see `requests`). */
  limits?: never;
  /** Never: a field of V1ResourceRequirements (see `requests`). */
  claims?: never;
}

/** True when tune()'s `resourcesPerTrial` is a TrainerResources (it names its workers). */
export function isTrainerResources(resources: unknown): resources is TrainerResources {
  return typeof resources === "object" && resources !== null && ["numWorkers", "numProcsPerWorker", "resourcesPerWorker"].some((field) => field in resources);
}

/**
 * Checks a TrainerResources, naming the field: both counts positive integers. The Python SDK does not check them; a
 * count below 1 gives a PyTorchJob the Training Operator refuses or a `nprocPerNode` torchrun cannot use.
 */
export function checkTrainerResources(resources: TrainerResources, field = "resourcesPerTrial"): void {
  for (const count of ["numWorkers", "numProcsPerWorker"] as const) {
    const value = resources[count];
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`tune: ${field}.${count} must be a positive integer (got ${JSON.stringify(value)})`);
  }
  if (resources.resourcesPerWorker !== undefined && (typeof resources.resourcesPerWorker !== "object" || resources.resourcesPerWorker === null)) {
    throw new TypeError(`tune: ${field}.resourcesPerWorker must be a map of quantities or a V1ResourceRequirements`);
  }
}

/**
 * The objective script runs under `torchrun` when a trial has more than one process in all (more than one worker or
 * more than one process per worker), else under `python -u`, as upstream decides.
 */
export function isDistributed(resources: TrainerResources): boolean {
  return resources.numWorkers > 1 || resources.numProcsPerWorker > 1;
}

/** What a PyTorchJob trial template is made of: the Master's and the Workers' pod specs (the same for an objective). */
export interface PyTorchJobTrialTemplateInput {
  resources: TrainerResources;
  master: V1PodSpec;
  worker: V1PodSpec;
  trialParameters: V1beta1TrialParameterSpec[];
  retain: boolean;
  /** The PyTorchJob's `runPolicy.activeDeadlineSeconds`. */
  activeDeadlineSeconds?: number | undefined;
}

/**
 * The trial template with a PyTorchJob: `nprocPerNode` as a string, a Master of 1 replica, Workers only when there
 * are more than one worker. No `primaryPodLabels`, as upstream sets none: Katib's metrics collector goes into every
 * replica's `pytorch` container.
 */
export function toPyTorchJobTrialTemplate(input: PyTorchJobTrialTemplateInput): V1beta1TrialTemplate {
  const { numWorkers, numProcsPerWorker } = input.resources;
  return {
    primaryContainerName: PYTORCHJOB_CONTAINER_NAME,
    retain: input.retain,
    trialParameters: input.trialParameters,
    trialSpec: {
      apiVersion: "kubeflow.org/v1",
      kind: "PyTorchJob",
      spec: {
        runPolicy: input.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: input.activeDeadlineSeconds } : {},
        nprocPerNode: String(numProcsPerWorker),
        pytorchReplicaSpecs: {
          Master: { replicas: 1, template: toTrialPodTemplate(input.master) },
          ...(numWorkers > 1 ? { Worker: { replicas: numWorkers - 1, template: toTrialPodTemplate(input.worker) } } : {}),
        },
      },
    },
  };
}
