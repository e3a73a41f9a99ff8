/**
 * Building the TrainJob of `train()`, as the Python SDK's Kubernetes backend does: the trainer from a container, a
 * Python function or the TorchTune config, the initializers, the options. Checking comes first and needs no runtime
 * (`planTrainJob`); building may need it (a function's entrypoint and TorchTune's command are the runtime's).
 */
import type { TrainerV1alpha1Trainer, TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import { toInitializer } from "./initializers.ts";
import { DEFAULT_PIP_INDEX_URLS } from "./pip-install-script.ts";
import { toResourceRequirements, type ResourcesPerNode } from "./resources-per-node.ts";
import { toRuntimePatches } from "./runtime-patches.ts";
import type { RuntimeSummary } from "./runtime-summary.ts";
import { toTorchTuneArgs } from "./torchtune-config.ts";
import { prepareTrainFunction, toFunctionCommand } from "./train-function.ts";
import { generateTrainJobName } from "./train-job-name.ts";
import type { BuiltinTrainer, ContainerTrainer, FunctionTrainer, TrainerSpec, TrainOptions } from "./train-options.ts";

/** The runtime `train()` uses when none is named. */
export const DEFAULT_RUNTIME = "torch-distributed";

/** A checked `train()` call: which runtime it needs, and the TrainJob once the runtime is known. */
export interface TrainJobPlan {
  /** The runtime's name. */
  runtime: string;
  /** Whether building needs the runtime itself (a function or builtin trainer given a runtime name). */
  needsRuntime: boolean;
  /** The TrainJob; `runtime` is required when `needsRuntime`. Throws a TypeError when the trainer does not fit the runtime. */
  build(runtime?: RuntimeSummary): TrainerV1alpha1TrainJob;
}

const DNS_1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks the arguments, before anything is sent: every problem is a TypeError or RangeError naming the field. */
export function planTrainJob(options: TrainOptions): TrainJobPlan {
  const name = options.name ?? generateTrainJobName();
  if (!DNS_1035.test(name)) throw new RangeError(`train: name ${JSON.stringify(name)} is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter)`);
  if (options.activeDeadlineSeconds !== undefined) positiveInteger(options.activeDeadlineSeconds, "activeDeadlineSeconds");
  const given = typeof options.runtime === "object" ? options.runtime : undefined;
  const runtimeName = typeof options.runtime === "string" ? options.runtime : (given?.name ?? DEFAULT_RUNTIME);
  const initializer = options.initializer ? toInitializer(options.initializer) : undefined;
  const runtimePatches = options.runtimePatches ? toRuntimePatches(options.runtimePatches) : undefined;
  const trainer = options.trainer ? planTrainer(options.trainer, options) : undefined;
  return {
    runtime: runtimeName,
    needsRuntime: given === undefined && trainer?.needsRuntime === true,
    build(resolved?: RuntimeSummary): TrainerV1alpha1TrainJob {
      const runtime = given ?? resolved;
      if (trainer?.needsRuntime && !runtime) throw new TypeError(`train: the ${trainer.kind} trainer needs the runtime ${runtimeName} to build its command`);
      const kind = runtime?.kind ?? options.runtimeKind;
      const spec = trainer?.build(runtime);
      return {
        apiVersion: "trainer.kubeflow.org/v1alpha1",
        kind: "TrainJob",
        metadata: { name, ...(options.labels ? { labels: options.labels } : {}), ...(options.annotations ? { annotations: options.annotations } : {}) },
        spec: {
          runtimeRef: { name: runtime?.name ?? runtimeName, ...(kind ? { kind } : {}) },
          ...(spec && Object.keys(spec).length > 0 ? { trainer: spec } : {}),
          ...(initializer ? { initializer } : {}),
          ...(runtimePatches ? { runtimePatches } : {}),
          ...(options.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: options.activeDeadlineSeconds } : {}),
        },
      };
    },
  };
}

/** The TrainJob `train()` creates, for a runtime already known (or not needed). Throws as `planTrainJob` does. */
export function toTrainJob(options: TrainOptions, runtime?: RuntimeSummary): TrainerV1alpha1TrainJob {
  return planTrainJob(options).build(runtime);
}

interface TrainerPlan {
  kind: "container" | "function" | "builtin";
  needsRuntime: boolean;
  build(runtime: RuntimeSummary | undefined): TrainerV1alpha1Trainer;
}

function planTrainer(trainer: TrainerSpec, options: TrainOptions): TrainerPlan {
  if (typeof trainer !== "object" || trainer === null) throw new TypeError("train: trainer must be an object (a container, function or torchTune trainer)");
  const has = (key: string): boolean => (trainer as Record<string, unknown>)[key] !== undefined;
  const functionFields = ["func", "funcArgs", "packagesToInstall", "pipIndexUrls"].filter(has);
  const containerFields = ["command", "args", "numProcPerNode"].filter(has);
  if (has("torchTune")) {
    const mixed = [...functionFields, ...containerFields, ...["image", "env", "numNodes", "resourcesPerNode"].filter(has)];
    if (mixed.length > 0) throw new TypeError(`train: trainer.torchTune takes its settings inside it, not trainer.${mixed.join(", trainer.")}`);
    return planBuiltinTrainer(trainer as BuiltinTrainer, options);
  }
  if (functionFields.length > 0) {
    if (!has("func")) throw new TypeError(`train: trainer.${functionFields.join(", trainer.")} belong to a function trainer: give trainer.func too`);
    if (containerFields.length > 0) throw new TypeError(`train: a function trainer builds its own command: trainer.${containerFields.join(", trainer.")} cannot be set with trainer.func`);
    return planFunctionTrainer(trainer as FunctionTrainer);
  }
  return planContainerTrainer(trainer as ContainerTrainer);
}

/** The fields every custom trainer shares: nodes, resources, image, env. */
function commonFields(trainer: { numNodes?: number; resourcesPerNode?: ResourcesPerNode; image?: string; env?: Record<string, string> }, field: string): TrainerV1alpha1Trainer {
  if (trainer.numNodes !== undefined) positiveInteger(trainer.numNodes, `${field}.numNodes`);
  const resources = trainer.resourcesPerNode && Object.keys(trainer.resourcesPerNode).length > 0 ? toResourceRequirements(trainer.resourcesPerNode, `${field}.resourcesPerNode`) : undefined;
  const env = Object.entries(trainer.env ?? {});
  for (const [name, value] of env) if (typeof value !== "string") throw new TypeError(`${field}.env.${name} must be a string, got ${typeof value}`);
  return {
    ...(trainer.image ? { image: trainer.image } : {}),
    ...(env.length > 0 ? { env: env.map(([name, value]) => ({ name, value })) } : {}),
    ...(trainer.numNodes !== undefined ? { numNodes: trainer.numNodes } : {}),
    ...(resources ? { resourcesPerNode: resources } : {}),
  };
}

function planContainerTrainer(trainer: ContainerTrainer): TrainerPlan {
  const fields = commonFields(trainer, "trainer");
  if (trainer.numProcPerNode !== undefined) positiveInteger(trainer.numProcPerNode, "trainer.numProcPerNode");
  const spec: TrainerV1alpha1Trainer = {
    ...fields,
    ...(trainer.command ? { command: trainer.command } : {}),
    ...(trainer.args ? { args: trainer.args } : {}),
    ...(trainer.numProcPerNode !== undefined ? { numProcPerNode: trainer.numProcPerNode } : {}),
  };
  return { kind: "container", needsRuntime: false, build: (runtime) => (checkTrainerType(runtime, "CustomTrainer", "container"), spec) };
}

function planFunctionTrainer(trainer: FunctionTrainer): TrainerPlan {
  const fields = commonFields(trainer, "trainer");
  const func = prepareTrainFunction(trainer.func, trainer.funcArgs, "trainer");
  const packagesToInstall = trainer.packagesToInstall;
  for (const [index, name] of (packagesToInstall ?? []).entries()) if (typeof name !== "string" || name.trim() === "") throw new TypeError(`trainer.packagesToInstall[${index}] is empty: give a pip requirement`);
  const pipIndexUrls = trainer.pipIndexUrls ?? DEFAULT_PIP_INDEX_URLS;
  if (packagesToInstall?.length && pipIndexUrls.length === 0) throw new RangeError("trainer.pipIndexUrls is empty: give at least one package index");
  return {
    kind: "function",
    needsRuntime: true,
    build(runtime) {
      const command = checkTrainerType(runtime, "CustomTrainer", "function")?.command ?? [];
      return { ...fields, command: toFunctionCommand(command, { func, packagesToInstall, pipIndexUrls }) };
    },
  };
}

function planBuiltinTrainer(trainer: BuiltinTrainer, options: TrainOptions): TrainerPlan {
  const config = trainer.torchTune;
  const fields = commonFields({ ...(config.numNodes !== undefined ? { numNodes: config.numNodes } : {}), ...(config.resourcesPerNode ? { resourcesPerNode: config.resourcesPerNode } : {}) }, "trainer.torchTune");
  const args = toTorchTuneArgs(config, options.initializer, "trainer.torchTune");
  return {
    kind: "builtin",
    needsRuntime: true,
    build(runtime) {
      const command = checkTrainerType(runtime, "BuiltinTrainer", "torchTune")?.command ?? [];
      return { ...fields, command: [...command], args };
    },
  };
}

/** The runtime's trainer, after checking it takes this kind of trainer (the SDK's ValueError), when the runtime is known. */
function checkTrainerType(runtime: RuntimeSummary | undefined, wanted: "CustomTrainer" | "BuiltinTrainer", kind: string): RuntimeSummary["trainer"] {
  if (!runtime) return undefined;
  if (!runtime.trainer) throw new TypeError(`train: runtime ${runtime.name} has no trainer the SDK can read (a trainer.kubeflow.org/framework label and a node container)`);
  if (runtime.trainer.trainerType !== wanted) {
    throw new TypeError(`train: a ${kind} trainer cannot run on runtime ${runtime.name}, whose ${runtime.trainer.framework} trainer takes ${runtime.trainer.trainerType === "BuiltinTrainer" ? "trainer.torchTune" : "a container or function trainer"}`);
  }
  return runtime.trainer;
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`train: ${field} must be a positive integer, got ${String(value)}`);
}
