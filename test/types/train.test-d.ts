import { describe, expectTypeOf, test } from "vitest";
import { TrainerClient, type RuntimeSummary, type RuntimeTrainer, type TrainerSpec, type TrainOptions } from "../../src/index.ts";

const trainer = new TrainerClient({ namespace: "kubeflow" });
const func = { source: "def train(lr):\n    print(lr)\n" };

describe("TrainerClient.train: three kinds of trainer", () => {
  test("a container, a Python function and the builtin TorchTune trainer compile with their own fields", () => {
    expectTypeOf(trainer.train({ trainer: { image: "x", command: ["torchrun", "train.py"], args: ["--lr", "0.1"], numProcPerNode: 2 } })).resolves.toEqualTypeOf<string>();
    void trainer.train({ trainer: { func, funcArgs: { lr: 0.1, layers: [64, 32], opts: { nesterov: true }, seed: null }, packagesToInstall: ["numpy"], pipIndexUrls: ["https://pypi.org/simple"], numNodes: 2, resourcesPerNode: { gpu: 1 }, env: { A: "1" }, image: "x" } });
    void trainer.train({ runtime: "torchtune-qwen2.5-1.5b", trainer: { torchTune: { dtype: "bf16", batchSize: 2, epochs: 1, numNodes: 1, peftConfig: { loraRank: 8, quantizeBase: true }, datasetPreprocessConfig: { source: "json", columnMap: { input: "q" } } } } });
    void trainer.train({ trainer: {} });
  });

  test("fields of one kind of trainer do not compile on another", () => {
    // @ts-expect-error a function trainer builds its own command
    void trainer.train({ trainer: { func, command: ["python", "x.py"] } });
    // @ts-expect-error a function trainer builds its own args
    void trainer.train({ trainer: { func, args: ["--x"] } });
    // @ts-expect-error packages belong to a function trainer
    void trainer.train({ trainer: { image: "x", packagesToInstall: ["numpy"] } });
    // @ts-expect-error funcArgs without the function
    void trainer.train({ trainer: { funcArgs: { lr: 1 } } });
    // @ts-expect-error a builtin trainer with a custom trainer's field
    void trainer.train({ trainer: { torchTune: { epochs: 1 }, image: "x" } });
    // @ts-expect-error a builtin trainer with a function
    void trainer.train({ trainer: { torchTune: {}, func } });
    // @ts-expect-error a builtin trainer's nodes go in its config
    void trainer.train({ trainer: { torchTune: {}, numNodes: 2 } });
  });

  test("values of the wrong kind do not compile", () => {
    // @ts-expect-error the function is source text, not a JavaScript function
    void trainer.train({ trainer: { func: () => {} } });
    // @ts-expect-error funcArgs are Python-literal values: no undefined
    void trainer.train({ trainer: { func, funcArgs: { lr: undefined } } });
    // @ts-expect-error funcArgs are Python-literal values: no Date
    void trainer.train({ trainer: { func, funcArgs: { when: new Date() } } });
    // @ts-expect-error not a TorchTune dtype
    void trainer.train({ trainer: { torchTune: { dtype: "fp16" } } });
    // @ts-expect-error not a data format
    void trainer.train({ trainer: { torchTune: { datasetPreprocessConfig: { source: "yaml" } } } });
    // @ts-expect-error a LoRA rank is a number
    void trainer.train({ trainer: { torchTune: { peftConfig: { loraRank: "8" } } } });
  });
});

describe("initializers and options", () => {
  test("typed initializers and the TrainJob's own fields compile", () => {
    void trainer.train({ initializer: { dataset: { type: "HuggingFace", storageUri: "hf://tatsu-lab/alpaca", accessToken: "t" }, model: { type: "S3", storageUri: "s3://b/m", ignorePatterns: null, region: "eu" } } });
    void trainer.train({ initializer: { dataset: { type: "DataCache", storageUri: "cache://s/t", metadataLoc: "s3://m", numDataNodes: 2 } } });
    void trainer.train({ initializer: { dataset: { storageUri: "gs://x", secretRef: { name: "creds" } } } });
    void trainer.train({ runtimePatches: [{ trainingRuntimeSpec: { template: { metadata: { labels: { a: "b" } } } } }], labels: { a: "b" }, annotations: { c: "d" }, activeDeadlineSeconds: 60 });
  });

  test("initializers of the wrong kind or without their fields do not compile", () => {
    // @ts-expect-error a data cache is a dataset, not a model
    void trainer.train({ initializer: { model: { type: "DataCache", storageUri: "cache://s/t", metadataLoc: "m", numDataNodes: 2 } } });
    // @ts-expect-error a data cache needs its metadata location and nodes
    void trainer.train({ initializer: { dataset: { type: "DataCache", storageUri: "cache://s/t" } } });
    // @ts-expect-error an S3 initializer has no access token
    void trainer.train({ initializer: { dataset: { type: "S3", storageUri: "s3://b", accessToken: "t" } } });
    // @ts-expect-error not an initializer type
    void trainer.train({ initializer: { dataset: { type: "GCS", storageUri: "gs://b" } } });
  });

  test("the runtime is a name or a runtime from getRuntime, whose trainer is the Python SDK's Runtime.trainer", async () => {
    const runtime = await trainer.getRuntime("torch-distributed");
    expectTypeOf(runtime).toEqualTypeOf<RuntimeSummary>();
    expectTypeOf(runtime.trainer).toEqualTypeOf<RuntimeTrainer | undefined>();
    expectTypeOf<RuntimeTrainer["trainerType"]>().toEqualTypeOf<"CustomTrainer" | "BuiltinTrainer">();
    void trainer.train({ runtime, trainer: { func } });
    expectTypeOf<TrainOptions["trainer"]>().toEqualTypeOf<TrainerSpec | undefined>();
    // @ts-expect-error the runtime is a name or a RuntimeSummary
    void trainer.train({ runtime: { name: "torch-distributed" } });
  });
});
