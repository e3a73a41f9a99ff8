/**
 * Building a TrainJob from `train()` arguments, as the Python SDK does: the default runtime, resources per node with
 * `gpu` meaning `nvidia.com/gpu`, environment as a map.
 */
import type { TrainerV1alpha1Initializer, TrainerV1alpha1RuntimePatch, TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import { generateTrainJobName } from "./train-job-name.ts";

/** The runtime `train()` uses when none is named. */
export const DEFAULT_RUNTIME = "torch-distributed";

/** What runs on each node. */
export interface TrainerSpec {
  image?: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  numNodes?: number;
  numProcPerNode?: number;
  /** Resources per node: `{ cpu: 4, memory: "16Gi", gpu: 1 }`; `gpu` is `nvidia.com/gpu`. Set as requests and limits. */
  resourcesPerNode?: Record<string, string | number>;
}

/** Arguments of `train()`. */
export interface TrainOptions {
  /** A TrainingRuntime or ClusterTrainingRuntime name; default torch-distributed. */
  runtime?: string;
  /** Kind of the runtime; the controller's default is ClusterTrainingRuntime. */
  runtimeKind?: "TrainingRuntime" | "ClusterTrainingRuntime";
  trainer?: TrainerSpec;
  initializer?: TrainerV1alpha1Initializer;
  /** A DNS-1035 name; 12 random characters when absent. */
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  runtimePatches?: TrainerV1alpha1RuntimePatch[];
  activeDeadlineSeconds?: number;
}

const DNS_1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

function toResources(resources: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(resources).map(([name, value]) => [name === "gpu" ? "nvidia.com/gpu" : name, String(value)]));
}

function toTrainer(spec: TrainerSpec): NonNullable<NonNullable<TrainerV1alpha1TrainJob["spec"]>["trainer"]> {
  const resources = spec.resourcesPerNode ? toResources(spec.resourcesPerNode) : undefined;
  return {
    ...(spec.image ? { image: spec.image } : {}),
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.env ? { env: Object.entries(spec.env).map(([name, value]) => ({ name, value })) } : {}),
    ...(spec.numNodes !== undefined ? { numNodes: spec.numNodes } : {}),
    ...(spec.numProcPerNode !== undefined ? { numProcPerNode: spec.numProcPerNode } : {}),
    ...(resources ? { resourcesPerNode: { requests: resources, limits: resources } } : {}),
  };
}

/** The TrainJob `train()` creates. Throws on a name that is not DNS-1035. */
export function toTrainJob(options: TrainOptions): TrainerV1alpha1TrainJob {
  const name = options.name ?? generateTrainJobName();
  if (!DNS_1035.test(name)) throw new RangeError(`train: name ${JSON.stringify(name)} is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter)`);
  return {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "TrainJob",
    metadata: { name, ...(options.labels ? { labels: options.labels } : {}), ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      runtimeRef: { name: options.runtime ?? DEFAULT_RUNTIME, ...(options.runtimeKind ? { kind: options.runtimeKind } : {}) },
      ...(options.trainer ? { trainer: toTrainer(options.trainer) } : {}),
      ...(options.initializer ? { initializer: options.initializer } : {}),
      ...(options.runtimePatches ? { runtimePatches: options.runtimePatches } : {}),
      ...(options.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: options.activeDeadlineSeconds } : {}),
    },
  };
}
