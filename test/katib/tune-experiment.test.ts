/** The Experiment tune() builds: parameters and trial parameters, the script's call, defaults, options, and refusals. */
import { describe, expect, test } from "vitest";
import { search, type TuneOptions, type V1beta1Experiment } from "../../src/index.ts";
import { toTuneExperiment } from "../../src/katib/tune-experiment.ts";

const OBJECTIVE = "def objective(parameters):\n    print(f\"accuracy={parameters['lr']}\")\n";
const minimal: TuneOptions = { name: "mnist", objective: { source: OBJECTIVE }, parameters: { lr: search.double(0.01, 0.1) }, objectiveMetricName: "accuracy" };

/** The trial container of a built Experiment. */
function container(experiment: V1beta1Experiment): Record<string, unknown> {
  const job = experiment.spec?.trialTemplate?.trialSpec as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  return job.spec.template.spec.containers[0] ?? {};
}
const scriptOf = (experiment: V1beta1Experiment): string => (container(experiment)["args"] as string[])[0] ?? "";

describe("toTuneExperiment: defaults", () => {
  test("the smallest call gives the Python SDK's Experiment: random search, maximize, StdOut, a Job with PyTorch's image", () => {
    const experiment = toTuneExperiment(minimal);
    expect(experiment).toEqual({
      apiVersion: "kubeflow.org/v1beta1",
      kind: "Experiment",
      metadata: { name: "mnist" },
      spec: {
        objective: { type: "maximize", objectiveMetricName: "accuracy", additionalMetricNames: [] },
        algorithm: { algorithmName: "random" },
        metricsCollectorSpec: { collector: { kind: "StdOut" } },
        parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
        trialTemplate: {
          primaryContainerName: "training-container",
          retain: false,
          trialParameters: [{ name: "lr", reference: "lr" }],
          trialSpec: {
            apiVersion: "batch/v1",
            kind: "Job",
            spec: {
              template: {
                metadata: { annotations: { "sidecar.istio.io/inject": "false" } },
                spec: {
                  restartPolicy: "Never",
                  containers: [{ name: "training-container", image: "docker.io/pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime", command: ["bash", "-c"], args: [expect.stringContaining("objective({'lr': '${trialParameters.lr}'})")] }],
                },
              },
            },
          },
        },
      },
    });
    expect(scriptOf(experiment)).not.toContain("pip install");
  });
});

describe("toTuneExperiment: parameters", () => {
  test("search spaces become Experiment and trial parameters in order; fixed values go to the call as Python literals", () => {
    const experiment = toTuneExperiment({
      ...minimal,
      parameters: { lr: search.double(0.01, 0.1), epochs: 10, optimizer: search.categorical(["sgd", "adam"]), layers: [64, 32], verbose: false, name: "it's", batch: search.int(16, 128, { step: 16 }), extra: null },
    });
    expect(experiment.spec?.parameters).toEqual([
      { name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } },
      { name: "optimizer", parameterType: "categorical", feasibleSpace: { list: ["sgd", "adam"] } },
      { name: "batch", parameterType: "int", feasibleSpace: { min: "16", max: "128", step: "16" } },
    ]);
    expect(experiment.spec?.trialTemplate?.trialParameters).toEqual([
      { name: "lr", reference: "lr" },
      { name: "optimizer", reference: "optimizer" },
      { name: "batch", reference: "batch" },
    ]);
    expect(scriptOf(experiment)).toContain(
      `\nobjective({'lr': '\${trialParameters.lr}', 'epochs': 10, 'optimizer': '\${trialParameters.optimizer}', 'layers': [64, 32], 'verbose': False, 'name': "it's", 'batch': '\${trialParameters.batch}', 'extra': None})\n`,
    );
  });

  test("only fixed values: no Experiment parameters (Katib's webhook then refuses it, as it does the Python SDK's)", () => {
    const experiment = toTuneExperiment({ ...minimal, parameters: { epochs: 3 } });
    expect(experiment.spec?.parameters).toEqual([]);
    expect(experiment.spec?.trialTemplate?.trialParameters).toEqual([]);
  });

  test("the objective's name and source: dedented, the named function called", () => {
    const source = "    def helper(x):\n        return x\n\n    def train(parameters):\n        print(helper(parameters))\n";
    const script = scriptOf(toTuneExperiment({ ...minimal, objective: { source, name: "train" } }));
    expect(script).toContain("<< EOM\n\ndef helper(x):\n    return x\n\ndef train(parameters):\n    print(helper(parameters))\n\ntrain({'lr': '${trialParameters.lr}'})\n\nEOM\n");
  });
});

describe("toTuneExperiment: options", () => {
  test("objective, algorithm, budget, collector, image, retention and deadline land where the Python SDK puts them", () => {
    const experiment = toTuneExperiment({
      ...minimal,
      namespace: "team-a",
      objectiveMetricName: "loss",
      additionalMetricNames: ["accuracy"],
      objectiveType: "minimize",
      objectiveGoal: 0.01,
      algorithmName: "tpe",
      algorithmSettings: { n_startup_trials: 5, random_state: "7", prior_weight: 1e-5, consider_magic_clip: true },
      maxTrialCount: 12,
      parallelTrialCount: 3,
      maxFailedTrialCount: 0,
      metricsCollectorConfig: { kind: "Push" },
      baseImage: "python:3.11",
      retainTrials: true,
      trialActiveDeadlineSeconds: 600,
    });
    expect(experiment.metadata).toEqual({ name: "mnist", namespace: "team-a" });
    expect(experiment.spec).toMatchObject({
      objective: { type: "minimize", objectiveMetricName: "loss", additionalMetricNames: ["accuracy"], goal: 0.01 },
      algorithm: {
        algorithmName: "tpe",
        algorithmSettings: [
          { name: "n_startup_trials", value: "5" },
          { name: "random_state", value: "7" },
          { name: "prior_weight", value: "1e-05" },
          { name: "consider_magic_clip", value: "True" },
        ],
      },
      maxTrialCount: 12,
      parallelTrialCount: 3,
      maxFailedTrialCount: 0,
      metricsCollectorSpec: { collector: { kind: "Push" } },
      trialTemplate: { retain: true, trialSpec: { spec: { activeDeadlineSeconds: 600 } } },
    });
    expect(container(experiment)["image"]).toBe("python:3.11");
  });

  test("algorithm settings as the API's list are used as they are; an empty map gives an empty list, as upstream's", () => {
    expect(toTuneExperiment({ ...minimal, algorithmSettings: [{ name: "random_state", value: "1" }] }).spec?.algorithm?.algorithmSettings).toEqual([{ name: "random_state", value: "1" }]);
    expect(toTuneExperiment({ ...minimal, algorithmSettings: {} }).spec?.algorithm?.algorithmSettings).toEqual([]);
  });

  test("packages are installed from the default index, or the ones given", () => {
    expect(scriptOf(toTuneExperiment({ ...minimal, packagesToInstall: ["numpy"] }))).toContain("--index-url https://pypi.org/simple numpy\n");
    expect(scriptOf(toTuneExperiment({ ...minimal, packagesToInstall: ["numpy"], pipIndexUrls: ["https://mirror.example/simple"] }))).toContain("--index-url https://mirror.example/simple numpy\n");
  });

  test("resources and environment reach the container", () => {
    const experiment = toTuneExperiment({ ...minimal, resourcesPerTrial: { cpu: "2", memory: "4Gi", gpu: 1 }, envPerTrial: { MODE: "fast" } });
    expect(container(experiment)).toMatchObject({
      resources: { requests: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": 1 }, limits: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": 1 } },
      env: [{ name: "MODE", value: "fast" }],
    });
  });

  test("the build does not change the caller's options", () => {
    const options: TuneOptions = { ...minimal, parameters: { lr: search.double(0.01, 0.1), layers: [1, 2] }, additionalMetricNames: ["loss"] };
    const before = structuredClone({ ...options, parameters: { ...options.parameters, lr: undefined } });
    const experiment = toTuneExperiment(options);
    experiment.spec?.objective?.additionalMetricNames?.push("x");
    experiment.spec?.parameters?.[0]?.feasibleSpace && (experiment.spec.parameters[0].feasibleSpace.min = "0");
    expect({ ...options, parameters: { ...options.parameters, lr: undefined } }).toEqual(before);
    expect(toTuneExperiment(options).spec?.parameters?.[0]?.feasibleSpace?.min).toBe("0.01");
  });
});

describe("toTuneExperiment: refusals before anything is sent", () => {
  test.each<[string, Partial<Record<keyof TuneOptions, unknown>>, RegExp]>([
    ["no name", { name: "" }, /name is required/],
    ["no objective", { objective: undefined }, /objective is required/],
    ["an empty objective source", { objective: { source: "  \n" } }, /objective\.source is empty/],
    ["an objective that takes no argument", { objective: { source: "def objective():\n    pass\n" } }, /must take one argument/],
    ["no parameters", { parameters: undefined }, /parameters is required/],
    ["empty parameters", { parameters: {} }, /parameters is required/],
    ["a named parameter spec among the parameters", { parameters: { lr: search.double("lr", 0.01, 0.1) } }, /parameters\.lr is a named parameter spec: write search\.double\(…\) without the name/],
    ["a fixed value with no Python literal", { parameters: { lr: search.double(0.01, 0.1), when: new Date(0) } }, /parameters\.when has no Python literal \(a Date\)/],
    ["no objective metric", { objectiveMetricName: undefined }, /objectiveMetricName is required/],
    ["an objective type Katib does not know", { objectiveType: "maximise" }, /objectiveType must be "maximize" or "minimize"/],
    ["a collector tune() does not support", { metricsCollectorConfig: { kind: "File" } }, /metricsCollectorConfig\.kind must be "StdOut" or "Push"/],
    ["a negative budget", { maxTrialCount: -1 }, /maxTrialCount must be a non-negative integer/],
    ["a fractional budget", { parallelTrialCount: 1.5 }, /parallelTrialCount must be a non-negative integer/],
    ["a zero deadline", { trialActiveDeadlineSeconds: 0 }, /trialActiveDeadlineSeconds must be a positive integer/],
    ["an empty package index list", { packagesToInstall: ["numpy"], pipIndexUrls: [] }, /pipIndexUrls is empty/],
    ["an environment value that is not a string", { envPerTrial: { DEBUG: 1 } }, /envPerTrial\.DEBUG must be a string/],
    ["an environment entry that is neither kind", { envPerTrial: [{ value: "x" }] }, /envPerTrial\[0\] is neither an EnvVar/],
    ["a resource that is not a quantity", { resourcesPerTrial: { cpu: true } }, /resourcesPerTrial\.cpu must be a quantity/],
    ["an algorithm setting with no Python str", { algorithmSettings: { seed: Number.NaN } }, /algorithmSettings\.seed is NaN/],
  ])("%s", (_title, change, message) => {
    expect(() => toTuneExperiment({ ...minimal, ...change } as TuneOptions)).toThrow(message);
  });

  test("no options at all", () => {
    expect(() => toTuneExperiment(undefined as never)).toThrow(/give the options/);
  });
});
