/**
 * The arguments of `TrainerClient.train()`, as the Python SDK's `train(runtime, initializer, trainer, options)`: the
 * three kinds of trainer (a container, a Python function, the builtin TorchTune trainer) as one union whose members
 * cannot be mixed, the typed initializers, and the SDK's options as fields.
 */
import type { PythonValue } from "../python/python-literal.ts";
import type { InitializerSpec } from "./initializers.ts";
import type { ResourcesPerNode } from "./resources-per-node.ts";
import type { RuntimePatchSpec } from "./runtime-patches.ts";
import type { RuntimeSummary } from "./runtime-summary.ts";
import type { TorchTuneConfig } from "./torchtune-config.ts";
import type { TrainFunction } from "./train-function.ts";

/**
 * A container that runs the training as it is (the Python SDK's `CustomTrainerContainer`, with its `TrainerCommand`
 * and `TrainerArgs` options as `command` and `args`). Every field is optional: the runtime's container is the default.
 */
export interface ContainerTrainer {
  image?: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  /** At least 1. */
  numNodes?: number;
  numProcPerNode?: number;
  /** Resources per node: `{ cpu: 4, memory: "16Gi", gpu: 1 }`; `gpu` is `nvidia.com/gpu`. Set as requests and limits. */
  resourcesPerNode?: ResourcesPerNode;
  func?: never;
  funcArgs?: never;
  packagesToInstall?: never;
  pipIndexUrls?: never;
  torchTune?: never;
}

/**
 * A Python function that does the training (the Python SDK's `CustomTrainer(func=…)`): its source is written into the
 * container and run by the runtime's entrypoint (torchrun, mpirun or python) with `funcArgs` as keyword arguments.
 */
export interface FunctionTrainer {
  func: TrainFunction;
  /** The function's keyword arguments, written as a Python dict (`train(**{'lr': 0.01})`); without them, `train()`. */
  funcArgs?: Readonly<Record<string, PythonValue>>;
  /** An image instead of the runtime's. */
  image?: string;
  /** pip-installed before the function runs. */
  packagesToInstall?: readonly string[];
  /** Default `["https://pypi.org/simple"]`; the first is `--index-url`, the others `--extra-index-url`. */
  pipIndexUrls?: readonly string[];
  /** At least 1. */
  numNodes?: number;
  resourcesPerNode?: ResourcesPerNode;
  env?: Record<string, string>;
  command?: never;
  args?: never;
  numProcPerNode?: never;
  torchTune?: never;
}

/** The builtin TorchTune trainer (the Python SDK's `BuiltinTrainer(config=TorchTuneConfig(…))`), for TorchTune runtimes. */
export interface BuiltinTrainer {
  torchTune: TorchTuneConfig;
  image?: never;
  command?: never;
  args?: never;
  env?: never;
  numNodes?: never;
  numProcPerNode?: never;
  resourcesPerNode?: never;
  func?: never;
  funcArgs?: never;
  packagesToInstall?: never;
  pipIndexUrls?: never;
}

/** What runs on each node: a container, a Python function or the builtin TorchTune trainer. */
export type TrainerSpec = ContainerTrainer | FunctionTrainer | BuiltinTrainer;

/** Arguments of `train()`. */
export interface TrainOptions {
  /**
   * A TrainingRuntime or ClusterTrainingRuntime: its name (default torch-distributed) or a runtime from `getRuntime`.
   * For a function or builtin trainer, a name is looked up as `getRuntime` does (the namespaced one first), since the
   * command depends on the runtime.
   */
  runtime?: string | RuntimeSummary;
  /** Kind of the runtime named, for a container trainer; the controller's default is ClusterTrainingRuntime. */
  runtimeKind?: "TrainingRuntime" | "ClusterTrainingRuntime";
  trainer?: TrainerSpec;
  /** The dataset and model to fetch first: typed (`{ type: "HuggingFace", storageUri }`, …) or the TrainJob's own fields. */
  initializer?: InitializerSpec;
  /** A DNS-1035 name (the SDK's `Name` option); 12 random characters when absent. */
  name?: string;
  /** The SDK's `Labels` option. */
  labels?: Record<string, string>;
  /** The SDK's `Annotations` option. */
  annotations?: Record<string, string>;
  /** The SDK's `RuntimePatch` options: pod template overrides, volumes, env of sidecars from Secrets or ConfigMaps, … */
  runtimePatches?: RuntimePatchSpec[];
  /** The SDK's `ActiveDeadlineSeconds` option: a positive integer. */
  activeDeadlineSeconds?: number;
}
