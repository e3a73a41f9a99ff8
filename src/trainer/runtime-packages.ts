/**
 * The throw-away TrainJob of `getRuntimePackages`, as the Python SDK's `get_runtime_packages` builds it: one node of
 * the runtime running a function that prints the image's Python version, `pip list` and, when there are GPUs,
 * `nvidia-smi`; one CPU unless the runtime's trainer has GPUs; on an MPI runtime, `mpirun -np 1`.
 */
import type { RuntimeSummary } from "./runtime-summary.ts";
import type { TrainOptions } from "./train-options.ts";

/**
 * The function the job runs. Ours, written for this client: it prints what the Python SDK's prints, in the same
 * form, and is called as the SDK calls its own (`print_packages()`).
 */
export const PRINT_PACKAGES_SOURCE = `def print_packages():
    import shutil
    import subprocess
    import sys

    print("Python: " + sys.version)
    pip = shutil.which("pip")
    if pip is None:
        print("Unable to get installed packages: pip command not found")
    else:
        print(subprocess.run([pip, "list"], capture_output=True, text=True).stdout)
    if shutil.which("nvidia-smi"):
        print("Available GPUs on the single training node")
        print(subprocess.run(["nvidia-smi"], capture_output=True, text=True).stdout)
`;

/** The file the function is written to: the Python SDK's (the module that defines its function). */
export const PRINT_PACKAGES_FILE = "backend.py";

/**
 * `train()`'s arguments for the packages job on `runtime`. Throws a TypeError for a runtime whose trainer is builtin
 * (TorchTune) or unreadable, as the Python SDK raises a ValueError.
 */
export function toRuntimePackagesOptions(runtime: RuntimeSummary): TrainOptions {
  const trainer = runtime.trainer;
  if (!trainer) throw new TypeError(`getRuntimePackages: runtime ${runtime.name} has no trainer the SDK can read (a trainer.kubeflow.org/framework label and a node container)`);
  if (trainer.trainerType === "BuiltinTrainer") throw new TypeError(`getRuntimePackages: runtime ${runtime.name} runs the builtin ${trainer.framework} trainer, which takes no function: packages can only be listed on a custom-trainer runtime`);
  // mpirun runs one process instead of reading the hostfile.
  const command = trainer.command[0] === "mpirun" ? ["mpirun", "-np", "1", ...trainer.command.slice(3)] : trainer.command;
  return {
    runtime: { ...runtime, trainer: { ...trainer, command } },
    trainer: {
      func: { source: PRINT_PACKAGES_SOURCE, name: "print_packages", fileName: PRINT_PACKAGES_FILE },
      numNodes: 1,
      ...(trainer.device !== "gpu" ? { resourcesPerNode: { cpu: 1 } } : {}),
    },
  };
}
