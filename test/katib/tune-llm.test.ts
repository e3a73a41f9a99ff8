/** tune()'s LLM path: the SDK's checks as errors naming the field, the trainer's JSON arguments, the PVC. */
import { describe, expect, test } from "vitest";
import { search, type TuneLlmOptions, type TuneOptions } from "../../src/index.ts";
import { toTrainerSubstitutions } from "../../src/katib/llm-trainer-params.ts";
import { toTuneExperiment } from "../../src/katib/tune-experiment.ts";
import { toStoragePvc } from "../../src/katib/tune-llm.ts";

const LLM: TuneLlmOptions = {
  name: "llm",
  modelProviderParameters: {
    modelUri: "hf://google-bert/bert-base-cased",
    transformerType: "AutoModelForSequenceClassification",
    numLabels: 5,
  },
  datasetProviderParameters: {
    repoId: "yelp_review_full",
    split: "train[:3000]",
  },
  trainerParameters: {
    trainingParameters: {
      outputDir: "results",
      loggingDir: "logs",
      learningRate: search.double(1e-5, 5e-5),
    },
  },
  resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1 },
  objectiveMetricName: "train_loss",
};
const OBJECTIVE: TuneOptions = {
  name: "x",
  objective: { source: "def objective(p):\n    print(p)\n" },
  parameters: { lr: search.double(0, 1) },
  objectiveMetricName: "accuracy",
};

describe("toTuneExperiment, LLM path: the SDK's checks", () => {
  test.each([
    ["an objective and a model provider together", { ...LLM, objective: OBJECTIVE.objective }, /either the LLM options .* or a custom objective .*, not both/],
    ["parameters and a trainer together", { ...LLM, parameters: OBJECTIVE.parameters }, /not both/],
    ["no dataset provider", { ...LLM, datasetProviderParameters: undefined }, /datasetProviderParameters is required with the other LLM options/],
    ["no trainer parameters", { ...LLM, trainerParameters: undefined }, /trainerParameters is required/],
    ["no TrainerResources", { ...LLM, resourcesPerTrial: { cpu: "1" } }, /resourcesPerTrial must be a TrainerResources/],
    ["no resources at all", { ...LLM, resourcesPerTrial: undefined }, /resourcesPerTrial must be a TrainerResources/],
    [
      "an empty model URI",
      {
        ...LLM,
        modelProviderParameters: {
          ...LLM.modelProviderParameters,
          modelUri: "",
        },
      },
      /modelProviderParameters\.modelUri cannot be empty/,
    ],
    [
      "an unknown transformer",
      {
        ...LLM,
        modelProviderParameters: {
          ...LLM.modelProviderParameters,
          transformerType: "AutoModel",
        },
      },
      /transformerType must be one of/,
    ],
    [
      "an S3 dataset without its key",
      {
        ...LLM,
        datasetProviderParameters: {
          endpointUrl: "http://s3",
          bucketName: "b",
        },
      },
      /datasetProviderParameters\.fileKey is required/,
    ],
    ["no output directory", { ...LLM, trainerParameters: { trainingParameters: {} } }, /trainingParameters\.outputDir is required/],
    [
      "a field tune() does not write",
      {
        ...LLM,
        trainerParameters: {
          trainingParameters: { outputDir: "o", evaluationStrategy: "steps" },
        },
      },
      /trainingParameters\.evaluationStrategy is not a field/,
    ],
    ["no name", { ...LLM, name: "" }, /name is required/],
    ["a scheduler that needs an evaluation strategy", { ...LLM, trainerParameters: { trainingParameters: { outputDir: "o", lrSchedulerType: "reduce_lr_on_plateau" } } }, /lrSchedulerType must be one of linear, .*not "reduce_lr_on_plateau"/],
  ])("refuses %s", (_title, options, message) => {
    expect(() => toTuneExperiment(options as never)).toThrow(message);
  });

  test("storageConfig without the LLM options is refused", () => {
    expect(() =>
      toTuneExperiment({
        ...OBJECTIVE,
        storageConfig: { size: "1Gi" },
      } as never),
    ).toThrow(/storageConfig is for the LLM options/);
  });
});

describe("toTuneExperiment, LLM path: the Experiment", () => {
  test("collector, parameters in field order (training arguments, then LoRA), trial parameters, PVC volume and the init container on the Master only", () => {
    const experiment = toTuneExperiment({
      ...LLM,
      trainerParameters: {
        ...LLM.trainerParameters,
        loraConfig: { r: search.int(8, 32) },
      },
    });
    expect(experiment.spec?.metricsCollectorSpec).toEqual({
      source: {
        filter: {
          metricsFormat: ["'([\\w|-]+)'\\s*:\\s*([+-]?\\d*(\\.\\d+)?([Ee][+-]?\\d+)?)"],
        },
      },
    });
    expect(experiment.spec?.parameters?.map((parameter) => parameter.name)).toEqual(["learning_rate", "r"]);
    expect(experiment.spec?.trialTemplate?.trialParameters).toEqual([
      { name: "learning_rate", reference: "learning_rate" },
      { name: "r", reference: "r" },
    ]);
    const replicas = (
      experiment.spec?.trialTemplate?.trialSpec as {
        spec: {
          pytorchReplicaSpecs: Record<string, { template: { spec: Record<string, unknown> } }>;
        };
      }
    ).spec.pytorchReplicaSpecs;
    expect(replicas["Master"]?.template.spec["initContainers"]).toMatchObject([
      {
        name: "storage-initializer",
        image: "docker.io/kubeflow/storage-initializer",
      },
    ]);
    expect(replicas["Worker"]?.template.spec["initContainers"]).toBeUndefined();
    expect(replicas["Worker"]?.template.spec["volumes"]).toEqual([
      {
        name: "storage-initializer",
        persistentVolumeClaim: { claimName: "llm" },
      },
    ]);
    const args = (replicas["Master"]?.template.spec["containers"] as { args: string[] }[])[0]?.args ?? [];
    expect(args.slice(0, 10)).toEqual([
      "--model_uri",
      "hf://google-bert/bert-base-cased",
      "--transformer_type",
      "AutoModelForSequenceClassification",
      "--num_labels",
      "5",
      "--model_dir",
      "/workspace/model",
      "--dataset_dir",
      "/workspace/dataset",
    ]);
    expect(args[11]).toMatch(/^'\{"peft_type": "LORA", .*"r": "\$\{trialParameters\.r\}", /);
    expect(args[13]).toMatch(/^'\{"output_dir": "results", .*"learning_rate": "\$\{trialParameters\.learning_rate\}", /);
  });
});

describe("toTrainerSubstitutions", () => {
  test("floats stay floats, ints ints, and the rest keeps transformers 4.38.0's defaults", () => {
    const { trainingArguments, loraConfig } = toTrainerSubstitutions({
      trainingParameters: {
        outputDir: "o",
        loggingDir: "l",
        numTrainEpochs: 2,
        learningRate: 1e-4,
        maxSteps: 10,
        runName: "é",
      },
      loraConfig: { loraDropout: 0, targetModules: ["q"] },
    });
    const training = JSON.parse(trainingArguments) as Record<string, unknown>;
    expect(Object.keys(training)).toHaveLength(120);
    expect(trainingArguments).toContain('"num_train_epochs": 2.0, "max_steps": 10,');
    expect(trainingArguments).toContain('"learning_rate": 0.0001, "weight_decay": 0.0,');
    expect(trainingArguments).toContain('"run_name": "\\u00e9"');
    expect(trainingArguments).toContain('"hub_token": "<HUB_TOKEN>"');
    expect(loraConfig).toBe(
      '{"peft_type": "LORA", "base_model_name_or_path": null, "task_type": null, "inference_mode": false, "r": 8, "target_modules": ["q"], "lora_alpha": null, "lora_dropout": 0.0, "fan_in_fan_out": false, "bias": "none", "modules_to_save": null, "init_lora_weights": true}',
    );
  });

  test("logging_dir defaults to transformers' runs/<MonDD_HH-MM-SS>_<host> under the output directory; run_name to it", () => {
    const { trainingArguments } = toTrainerSubstitutions({ trainingParameters: { outputDir: "out" } }, new Date(2026, 11, 3, 9, 5, 7));
    expect(trainingArguments).toMatch(/"logging_dir": "out\/runs\/Dec03_09-05-07_[^"]+"/);
    expect(trainingArguments).toContain('"run_name": "out"');
  });
});

test("toStoragePvc: the SDK's defaults, and the storage class only when given", () => {
  expect(toStoragePvc("llm", "team")).toEqual({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "llm", namespace: "team" },
    spec: {
      accessModes: ["ReadWriteOnce", "ReadOnlyMany"],
      resources: { requests: { storage: "10Gi" } },
    },
  });
  expect(
    toStoragePvc("llm", "team", {
      size: "1Gi",
      storageClass: "fast",
      accessModes: ["ReadWriteMany"],
    }).spec,
  ).toEqual({
    accessModes: ["ReadWriteMany"],
    resources: { requests: { storage: "1Gi" } },
    storageClassName: "fast",
  });
});
