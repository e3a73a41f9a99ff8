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
  /** The image to run instead of the runtime's. */
  image?: string;
  /** The container's command (the SDK's `TrainerCommand` option). */
  command?: string[];
  /** The container's args (the SDK's `TrainerArgs` option). */
  args?: string[];
  /** Environment variables of the trainer container. */
  env?: Record<string, string>;
  /** At least 1. */
  numNodes?: number;
  /** Processes (or MPI slots) per node. */
  numProcPerNode?: number;
  /** Resources per node: `{ cpu: 4, memory: "16Gi", gpu: 1 }`; `gpu` is `nvidia.com/gpu`. Set as requests and limits. */
  resourcesPerNode?: ResourcesPerNode;
  /** Not for a container trainer (a function trainer's field). */
  func?: never;
  /** Not for a container trainer (a function trainer's field). */
  funcArgs?: never;
  /** Not for a container trainer (a function trainer's field). */
  packagesToInstall?: never;
  /** Not for a container trainer (a function trainer's field). */
  pipIndexUrls?: never;
  /** Not for a container trainer (the builtin trainer's field). */
  torchTune?: never;
}

/**
 * A Python function that does the training (the Python SDK's `CustomTrainer(func=…)`): its source is written into the
 * container and run by the runtime's entrypoint (torchrun, mpirun or python) with `funcArgs` as keyword arguments.
 */
export interface FunctionTrainer {
  /** The function, as Python source text. */
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
  /** As a container trainer's: `{ cpu: 4, memory: "16Gi", gpu: 1 }`, set as requests and limits. */
  resourcesPerNode?: ResourcesPerNode;
  /** Environment variables of the trainer container. */
  env?: Record<string, string>;
  /** Not for a function trainer, which builds its own command. */
  command?: never;
  /** Not for a function trainer, which builds its own command. */
  args?: never;
  /** Not for a function trainer, which builds its own command. */
  numProcPerNode?: never;
  /** Not for a function trainer, which builds its own command. */
  torchTune?: never;
}

/** The builtin TorchTune trainer (the Python SDK's `BuiltinTrainer(config=TorchTuneConfig(…))`), for TorchTune runtimes. */
export interface BuiltinTrainer {
  /** The TorchTune recipe's overrides, nodes and resources. */
  torchTune: TorchTuneConfig;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  image?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  command?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  args?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  env?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  numNodes?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  numProcPerNode?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  resourcesPerNode?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  func?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  funcArgs?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
  packagesToInstall?: never;
  /** Not for the builtin trainer: its settings go in `torchTune`. */
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
  /** What runs on each node; the runtime's own trainer when absent. */
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
