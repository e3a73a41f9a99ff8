/** tune() with TrainerResources: PyTorchJob trials (Master and Workers), the entrypoint, and the checks. */
import { describe, expect, test } from "vitest";
import { search, type TuneOptions, type V1beta1Experiment } from "../../src/index.ts";
import { toTuneExperiment } from "../../src/katib/tune-experiment.ts";
import { isTrainerResources } from "../../src/katib/tune-pytorchjob.ts";

const OBJECTIVE = "def objective(parameters):\n    print(f\"accuracy={parameters['lr']}\")\n";
const minimal: TuneOptions = { name: "mnist", objective: { source: OBJECTIVE }, parameters: { lr: search.double(0.01, 0.1) }, objectiveMetricName: "accuracy" };

interface PyTorchJobSpec {
  runPolicy: Record<string, unknown>;
  nprocPerNode: string;
  pytorchReplicaSpecs: Record<string, { replicas: number; template: { metadata: unknown; spec: { containers: { name: string; args: string[]; resources?: unknown; env?: unknown; envFrom?: unknown }[] } } }>;
}
const jobOf = (experiment: V1beta1Experiment): { apiVersion: string; kind: string; spec: PyTorchJobSpec } => experiment.spec?.trialTemplate?.trialSpec as never;
const scriptOf = (experiment: V1beta1Experiment, replica = "Master"): string => jobOf(experiment).spec.pytorchReplicaSpecs[replica]?.template.spec.containers[0]?.args[0] ?? "";

describe("toTuneExperiment with TrainerResources", () => {
  test("one worker of one process: a PyTorchJob with a Master alone, its container `pytorch`, run by python -u", () => {
    const experiment = toTuneExperiment({ ...minimal, resourcesPerTrial: { numWorkers: 1, numProcsPerWorker: 1, resourcesPerWorker: { cpu: "1", gpu: 2 } } });
    expect(experiment.spec?.trialTemplate).toMatchObject({ primaryContainerName: "pytorch", retain: false, trialParameters: [{ name: "lr", reference: "lr" }] });
    expect(experiment.spec?.trialTemplate?.primaryPodLabels).toBeUndefined();
    const job = jobOf(experiment);
    expect(job.apiVersion).toBe("kubeflow.org/v1");
    expect(job.kind).toBe("PyTorchJob");
    expect(job.spec.runPolicy).toEqual({});
    expect(job.spec.nprocPerNode).toBe("1");
    expect(Object.keys(job.spec.pytorchReplicaSpecs)).toEqual(["Master"]);
    expect(job.spec.pytorchReplicaSpecs["Master"]).toEqual({
      replicas: 1,
      template: {
        metadata: { annotations: { "sidecar.istio.io/inject": "false" } },
        spec: {
          containers: [
            {
              name: "pytorch",
              image: "docker.io/pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime",
              command: ["bash", "-c"],
              args: [expect.stringMatching(/\npython -u "\$program_path\/ephemeral_script.py"$/)],
              resources: { requests: { cpu: "1", "nvidia.com/gpu": 2 }, limits: { cpu: "1", "nvidia.com/gpu": 2 } },
            },
          ],
        },
      },
    });
  });

  test.each([
    [3, 1, "torchrun", 2],
    [1, 4, "torchrun", undefined],
    [2, 2, "torchrun", 1],
  ])("%i workers of %i processes: run by %s, Workers %s", (numWorkers, numProcsPerWorker, entrypoint, workers) => {
    const experiment = toTuneExperiment({ ...minimal, resourcesPerTrial: { numWorkers, numProcsPerWorker } });
    const job = jobOf(experiment);
    expect(job.spec.nprocPerNode).toBe(String(numProcsPerWorker));
    expect(job.spec.pytorchReplicaSpecs["Worker"]?.replicas).toBe(workers);
    expect(scriptOf(experiment)).toMatch(new RegExp(`\\n${entrypoint} "\\$program_path/ephemeral_script.py"$`));
    if (workers !== undefined) expect(job.spec.pytorchReplicaSpecs["Worker"]?.template).toEqual(job.spec.pytorchReplicaSpecs["Master"]?.template);
    expect(job.spec.pytorchReplicaSpecs["Master"]?.template.spec.containers[0]).not.toHaveProperty("resources");
  });

  test("environment, retention and the deadline (the PyTorchJob's runPolicy)", () => {
    const experiment = toTuneExperiment({
      ...minimal,
      resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1, resourcesPerWorker: { requests: { cpu: "1" } } },
      envPerTrial: { MODE: "fast" },
      retainTrials: true,
      trialActiveDeadlineSeconds: 300,
    });
    expect(experiment.spec?.trialTemplate?.retain).toBe(true);
    expect(jobOf(experiment).spec.runPolicy).toEqual({ activeDeadlineSeconds: 300 });
    for (const replica of ["Master", "Worker"]) {
      expect(jobOf(experiment).spec.pytorchReplicaSpecs[replica]?.template.spec.containers[0]).toMatchObject({ env: [{ name: "MODE", value: "fast" }], resources: { requests: { cpu: "1" } } });
    }
  });

  test.each([
    [{ numWorkers: 0, numProcsPerWorker: 1 }, /resourcesPerTrial\.numWorkers must be a positive integer/],
    [{ numWorkers: 2, numProcsPerWorker: 1.5 }, /resourcesPerTrial\.numProcsPerWorker must be a positive integer/],
    [{ numWorkers: 2 }, /resourcesPerTrial\.numProcsPerWorker must be a positive integer \(got undefined\)/],
    [{ numWorkers: 1, numProcsPerWorker: 1, resourcesPerWorker: "4Gi" }, /resourcesPerTrial\.resourcesPerWorker must be a map of quantities/],
    [{ numWorkers: 1, numProcsPerWorker: 1, resourcesPerWorker: { cpu: ["1"] } }, /resourcesPerTrial\.resourcesPerWorker\.cpu must be a quantity/],
  ])("refuses %j", (resourcesPerTrial, message) => {
    expect(() => toTuneExperiment({ ...minimal, resourcesPerTrial: resourcesPerTrial as never })).toThrow(message);
  });

  test("isTrainerResources tells the forms apart", () => {
    expect(isTrainerResources({ numWorkers: 1, numProcsPerWorker: 1 })).toBe(true);
    expect(isTrainerResources({ cpu: "1" })).toBe(false);
    expect(isTrainerResources({ requests: { cpu: "1" } })).toBe(false);
    expect(isTrainerResources(undefined)).toBe(false);
  });
});
