import { describe, expectTypeOf, test } from "vitest";
import { KatibClient, search, SearchSpace, type TuneLlmOptions, type TuneOptions, type V1beta1Experiment, type V1beta1ParameterSpec } from "../../src/index.ts";

const katib = new KatibClient({ server: "https://k8s.example:6443", token: "t" });
const objective = { source: "def objective(parameters):\n    print(parameters)\n" };
const base = { name: "x", objective, objectiveMetricName: "accuracy", parameters: { lr: search.double(0.01, 0.1) } } satisfies TuneOptions;

describe("search: both forms", () => {
  test("with a name an Experiment parameter, without one a SearchSpace", () => {
    expectTypeOf(search.double("lr", 0.01, 0.1)).toEqualTypeOf<V1beta1ParameterSpec>();
    expectTypeOf(search.double(0.01, 0.1)).toEqualTypeOf<SearchSpace>();
    expectTypeOf(search.int(1, 5, { step: 1 })).toEqualTypeOf<SearchSpace>();
    expectTypeOf(search.categorical(["a", "b"])).toEqualTypeOf<SearchSpace>();
    expectTypeOf(search.discrete("batch", [16, 32])).toEqualTypeOf<V1beta1ParameterSpec>();
  });

  test("values of the wrong kind do not compile", () => {
    // @ts-expect-error categorical values are strings
    void search.categorical([1, 2]);
    // @ts-expect-error discrete values are numbers
    void search.discrete(["a"]);
    // @ts-expect-error bounds are numbers
    void search.double("0.01", "0.1");
    // @ts-expect-error a name needs its bounds
    void search.int("epochs");
    // @ts-expect-error not a distribution Katib knows
    void search.double(0, 1, { distribution: "exponential" });
  });
});

describe("KatibClient.tune", () => {
  test("returns the created Experiment", () => {
    expectTypeOf(katib.tune(base)).resolves.toEqualTypeOf<V1beta1Experiment>();
    void katib.tune({ ...base, parameters: { lr: search.double(0.01, 0.1), epochs: 10, layers: [64, 32], opts: { momentum: 0.9, nesterov: true }, seed: null } });
    void katib.tune({ ...base, resourcesPerTrial: { cpu: "1", memory: "2Gi", gpu: 1, "ephemeral-storage": "1Gi" } });
    void katib.tune({ ...base, resourcesPerTrial: { requests: { cpu: "1" }, limits: { "amd.com/gpu": "1" } } });
    void katib.tune({ ...base, envPerTrial: [{ name: "A", value: "1" }, { secretRef: { name: "s" } }] });
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 2, resourcesPerWorker: { cpu: "1", gpu: 1 } } });
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 1, numProcsPerWorker: 1, resourcesPerWorker: { limits: { "nvidia.com/gpu": 1 } } } });
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 1, numProcsPerWorker: 1 } });
    void katib.tune({ ...base, algorithmName: "tpe", algorithmSettings: { n_startup_trials: 5 } });
    // The cluster's katib-config decides which algorithms exist: any name compiles (the known ones complete).
    void katib.tune({ ...base, algorithmName: "my-own-algorithm" });
    expectTypeOf<NonNullable<TuneOptions["objectiveType"]>>().toEqualTypeOf<"maximize" | "minimize">();
  });

  test("misuse does not compile", () => {
    // @ts-expect-error a named parameter spec is not a tune() search space: the key names it
    void katib.tune({ ...base, parameters: { lr: search.double("lr", 0.01, 0.1) } });
    // @ts-expect-error objectiveType is maximize | minimize
    void katib.tune({ ...base, objectiveType: "maximise" });
    // @ts-expect-error tune() supports the StdOut and Push collectors
    void katib.tune({ ...base, metricsCollectorConfig: { kind: "File" } });
    // @ts-expect-error objectiveMetricName is required
    void katib.tune({ name: "x", objective, parameters: base.parameters });
    // @ts-expect-error the objective is Python source text, not a JavaScript function
    void katib.tune({ ...base, objective: (parameters: unknown) => parameters });
    // @ts-expect-error fixed values are Python literals: no functions
    void katib.tune({ ...base, parameters: { callback: () => 1 } });
    // @ts-expect-error fixed values are Python literals: no undefined
    void katib.tune({ ...base, parameters: { lr: search.double(0, 1), epochs: undefined } });
    // @ts-expect-error TrainerResources needs its process count
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 2, resourcesPerWorker: { cpu: "1" } } });
    // @ts-expect-error TrainerResources and plain resources do not mix
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1, cpu: "1" } });
    // @ts-expect-error TrainerResources and V1ResourceRequirements do not mix
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1, limits: { cpu: "1" } } });
    // @ts-expect-error counts are numbers
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: "2", numProcsPerWorker: 1 } });
    // @ts-expect-error resourcesPerWorker is a map of quantities or a V1ResourceRequirements
    void katib.tune({ ...base, resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1, resourcesPerWorker: "4Gi" } });
    // @ts-expect-error the two forms of resources do not mix
    void katib.tune({ ...base, resourcesPerTrial: { cpu: "1", limits: { cpu: "2" } } });
    // @ts-expect-error environment values are strings
    void katib.tune({ ...base, envPerTrial: { DEBUG: 1 } });
    // @ts-expect-error the namespace is a tune() option, not a call option
    void katib.tune(base, { namespace: "other" });
    // @ts-expect-error budgets are numbers
    void katib.tune({ ...base, maxTrialCount: "3" });
  });
});

describe("KatibClient.tune, LLM path", () => {
  const llm = {
    name: "llm",
    modelProviderParameters: { modelUri: "hf://google-bert/bert-base-cased", transformerType: "AutoModelForSequenceClassification", numLabels: 5 },
    datasetProviderParameters: { repoId: "yelp_review_full", split: "train[:3000]" },
    trainerParameters: { trainingParameters: { outputDir: "out", learningRate: search.double(1e-5, 5e-5) }, loraConfig: { r: search.int(8, 32), targetModules: ["query"] } },
    resourcesPerTrial: { numWorkers: 2, numProcsPerWorker: 1, resourcesPerWorker: { gpu: "1" } },
    objectiveMetricName: "train_loss",
  } satisfies TuneLlmOptions;

  test("compiles with HuggingFace or S3 datasets and a storage config", () => {
    expectTypeOf(katib.tune(llm)).resolves.toEqualTypeOf<V1beta1Experiment>();
    void katib.tune({ ...llm, datasetProviderParameters: { endpointUrl: "http://s3", bucketName: "b", fileKey: "k" }, storageConfig: { size: "20Gi", accessModes: ["ReadWriteOnce"] } });
  });

  test("misuse does not compile", () => {
    // @ts-expect-error an objective and a model provider do not mix
    void katib.tune({ ...llm, objective });
    // @ts-expect-error the LLM path needs TrainerResources
    void katib.tune({ ...llm, resourcesPerTrial: { cpu: "1" } });
    // @ts-expect-error a dataset is HuggingFace or S3, not both
    void katib.tune({ ...llm, datasetProviderParameters: { repoId: "r", bucketName: "b", endpointUrl: "e", fileKey: "k" } });
    // @ts-expect-error transformer types are the storage initializer's
    void katib.tune({ ...llm, modelProviderParameters: { modelUri: "hf://x", transformerType: "AutoModel" } });
    // @ts-expect-error outputDir is required
    void katib.tune({ ...llm, trainerParameters: { trainingParameters: { learningRate: 1e-5 } } });
    // @ts-expect-error a field tune() does not write
    void katib.tune({ ...llm, trainerParameters: { trainingParameters: { outputDir: "o", evaluationStrategy: "steps" } } });
    // @ts-expect-error storageConfig is the LLM path's
    void katib.tune({ ...base, storageConfig: { size: "1Gi" } });
    // @ts-expect-error the trainer image is the SDK's: no baseImage on this path
    void katib.tune({ ...llm, baseImage: "python:3.11" });
  });
});

