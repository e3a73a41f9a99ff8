/** TrainingRuntimes and ClusterTrainingRuntimes as one list, the way `listRuntimes` returns them. */
import type { TrainerV1alpha1ClusterTrainingRuntime, TrainerV1alpha1TrainingRuntime } from "../../generated/trainer/v1alpha1/types.ts";
import { toRuntimeTrainer, type RuntimeTrainer } from "./runtime-trainer.ts";

/** A runtime of either scope. */
export interface RuntimeSummary {
  name: string;
  scope: "Namespaced" | "Cluster";
  /** The kind a TrainJob's runtimeRef names it by: TrainingRuntime (namespaced) or ClusterTrainingRuntime. */
  kind: "TrainingRuntime" | "ClusterTrainingRuntime";
  /** From the `trainer.kubeflow.org/framework` label (torch, deepspeed, mlx, …). */
  framework?: string;
  /** Which ML policy the runtime sets: torch, mpi, jax, xgboost, flux. */
  mlPolicy?: string;
  numNodes?: number;
  /**
   * The trainer as the Python SDK's `Runtime.trainer` shows it (type, framework, image, device, command); absent when
   * the runtime has no framework label or no trainer `node` container, which the Python SDK refuses to read.
   */
  trainer?: RuntimeTrainer;
  object: TrainerV1alpha1TrainingRuntime | TrainerV1alpha1ClusterTrainingRuntime;
}

const FRAMEWORK_LABEL = "trainer.kubeflow.org/framework";

/** The summary of one runtime. */
export function toRuntimeSummary(object: RuntimeSummary["object"], scope: RuntimeSummary["scope"]): RuntimeSummary {
  const policy = object.spec?.mlPolicy ?? {};
  const mlPolicy = Object.keys(policy).find((key) => key !== "numNodes");
  const framework = object.metadata?.labels?.[FRAMEWORK_LABEL];
  const trainer = toRuntimeTrainer(object);
  return {
    name: object.metadata?.name ?? "",
    scope,
    kind: scope === "Cluster" ? "ClusterTrainingRuntime" : "TrainingRuntime",
    ...(framework ? { framework } : {}),
    ...(mlPolicy ? { mlPolicy } : {}),
    ...(policy.numNodes !== undefined ? { numNodes: policy.numNodes } : {}),
    ...(trainer ? { trainer } : {}),
    object,
  };
}

/** Namespaced and cluster runtimes merged by name; the namespaced one wins, as it does for a TrainJob's runtimeRef. */
export function mergeRuntimes(namespaced: readonly RuntimeSummary[], cluster: readonly RuntimeSummary[]): RuntimeSummary[] {
  const byName = new Map<string, RuntimeSummary>();
  for (const runtime of cluster) byName.set(runtime.name, runtime);
  for (const runtime of namespaced) byName.set(runtime.name, runtime);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
