/**
 * What a runtime's trainer is, as the Python SDK's `Runtime.trainer` (`RuntimeTrainer`) shows it: custom or builtin,
 * framework, image, nodes, device and device count, and the command a function trainer runs in it (torchrun, mpirun
 * or python, or TorchTune's `tune run`). Read from the runtime object, the way `get_runtime` reads it.
 */
import { toPythonLiteral } from "../python/python-literal.ts";
import type { TrainerV1alpha1ClusterTrainingRuntime, TrainerV1alpha1TrainingRuntime } from "../../generated/trainer/v1alpha1/types.ts";

/** Custom trainers (a container or a Python function) or the builtin TorchTune trainer. */
export type TrainerType = "CustomTrainer" | "BuiltinTrainer";

/** A runtime's trainer, as the Python SDK's `RuntimeTrainer`. */
export interface RuntimeTrainer {
  /** BuiltinTrainer for the `torchtune` framework, CustomTrainer for every other. */
  trainerType: TrainerType;
  /** The runtime's `trainer.kubeflow.org/framework` label: torch, deepspeed, mlx, torchtune, … */
  framework: string;
  /** The image of the trainer's `node` container. */
  image: string;
  /** The runtime's `mlPolicy.numNodes`; 1 when it has none. */
  numNodes: number;
  /** gpu, tpu, a MIG profile, npu or cpu, from the node container's resource limits; "Unknown" without limits. */
  device: string;
  /**
   * The device count as the Python SDK writes it: a limit's quantity (a number written as a Python float, `"2.0"`),
   * the MPI policy's processes per node, multiplied by the nodes when it is whole digits; "Unknown" without limits.
   */
  deviceCount: string;
  /**
   * The entrypoint a function trainer runs in this runtime, with the SDK's `{func_code}` and `{func_file}` placeholders
   * (torchrun for a torch policy, mpirun for MPI, python otherwise), or `["tune", "run"]` for TorchTune.
   */
  command: readonly string[];
}

const UNKNOWN = "Unknown";
const FRAMEWORK_LABEL = "trainer.kubeflow.org/framework";
const ANCESTOR_LABEL = "trainer.kubeflow.org/trainjob-ancestor-step";
/** The framework whose runtimes run the builtin trainer. */
export const TORCH_TUNE_FRAMEWORK = "torchtune";

/** The home of the MPI user, where an MPI runtime's function file and pip log go. */
export const MPI_USER_HOME = "/home/mpiuser";

/** The script that writes a function's code to a file and runs it with `entrypoint` (the SDK's `EXEC_FUNC_SCRIPT`). */
function execFunctionScript(entrypoint: string): string {
  return ["", "read -r -d '' SCRIPT << EOM", "", "{func_code}", "EOM", 'printf "%s" "$SCRIPT" > "{func_file}"', `${entrypoint} "{func_file}"`].join("\n");
}

/** The commands of the Python SDK's constants: plain python, torchrun, mpirun over the hostfile, TorchTune. */
export const RUNTIME_COMMANDS = {
  python: ["bash", "-c", execFunctionScript("python")],
  torch: ["bash", "-c", execFunctionScript("torchrun")],
  mpi: ["mpirun", "--hostfile", "/etc/mpi/hostfile", "bash", "-c", execFunctionScript("python")],
  torchTune: ["tune", "run"],
} as const satisfies Record<string, readonly string[]>;

type RuntimeObject = TrainerV1alpha1TrainingRuntime | TrainerV1alpha1ClusterTrainingRuntime;
type JobSetSpec = NonNullable<NonNullable<NonNullable<RuntimeObject["spec"]>["template"]>["spec"]>;
type ReplicatedJob = NonNullable<JobSetSpec["replicatedJobs"]>[number];
type JobSpec = NonNullable<NonNullable<ReplicatedJob["template"]>["spec"]>;
type Container = NonNullable<NonNullable<JobSpec["template"]>["spec"]>["containers"][number];
type Limits = NonNullable<NonNullable<Container["resources"]>["limits"]>;

/**
 * The runtime's trainer, or undefined when the runtime has no framework label or no `node` container in a job
 * labelled as a TrainJob step (the runtimes the Python SDK refuses to read).
 */
export function toRuntimeTrainer(runtime: RuntimeObject): RuntimeTrainer | undefined {
  const framework = runtime.metadata?.labels?.[FRAMEWORK_LABEL];
  const container = trainerContainer(runtime.spec?.template?.spec?.replicatedJobs ?? []);
  if (!framework || !container?.image) return undefined;
  const policy = runtime.spec?.mlPolicy ?? {};
  const devices = containerDevices(container.resources?.limits);
  let deviceCount = devices?.[1] ?? UNKNOWN;
  if (policy.mpi?.numProcPerNode) deviceCount = String(policy.mpi.numProcPerNode);
  if (/^\d+$/.test(deviceCount) && policy.numNodes) deviceCount = String(Number(deviceCount) * policy.numNodes);
  return {
    trainerType: framework === TORCH_TUNE_FRAMEWORK ? "BuiltinTrainer" : "CustomTrainer",
    framework,
    image: container.image,
    numNodes: policy.numNodes || 1,
    device: devices?.[0] ?? UNKNOWN,
    deviceCount,
    command: framework === TORCH_TUNE_FRAMEWORK ? RUNTIME_COMMANDS.torchTune : policy.torch ? RUNTIME_COMMANDS.torch : policy.mpi ? RUNTIME_COMMANDS.mpi : RUNTIME_COMMANDS.python,
  };
}

/** The `node` container of the first replicated job labelled as a TrainJob step. */
function trainerContainer(jobs: readonly ReplicatedJob[]): Container | undefined {
  for (const job of jobs) {
    if (job.template?.metadata?.labels?.[ANCESTOR_LABEL] === undefined) continue;
    const node = job.template?.spec?.template?.spec?.containers.find((container: Container) => container.name === "node");
    if (node) return node;
  }
  return undefined;
}

/** [device, count] from a container's limits, in the SDK's order of preference; undefined without limits. */
function containerDevices(limits: Limits | undefined): [string, string] | undefined {
  if (!limits) return undefined;
  const keys = Object.keys(limits);
  const count = (key: string): string => quantityStr(limits[key]);
  if ("nvidia.com/gpu" in limits) return ["gpu", count("nvidia.com/gpu")];
  if ("google.com/tpu" in limits) return ["tpu", count("google.com/tpu")];
  const mig = keys.find((key) => key.startsWith("nvidia.com/mig-"));
  if (mig) return [mig.split("/")[1] ?? mig, count(mig)];
  if ("huawei.com/Ascend910" in limits) return ["npu", count("huawei.com/Ascend910")];
  if ("cpu" in limits) return ["cpu", count("cpu")];
  return undefined;
}

/** A quantity as the SDK prints it: strings as they are, numbers as Python floats (`2` is "2.0"). */
function quantityStr(quantity: unknown): string {
  if (typeof quantity !== "number") return String(quantity);
  if (Number.isInteger(quantity) && Math.abs(quantity) < 1e16) return `${quantity}.0`;
  return toPythonLiteral(quantity);
}
