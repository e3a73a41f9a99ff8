/**
 * KatibClient.tune()'s LLM path against the Katib Python SDK's (PyPI kubeflow-katib 0.19.0 with its `huggingface`
 * extra: transformers 4.38.0, peft 0.3.0): for the same model, dataset, trainer parameters and resources, the PVC and
 * the Experiment each SDK sends are the same, to the byte of the trainer's JSON arguments; and both create them on
 * the Kubeflow box.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, expect, onTestFinished, test } from "vitest";
import { ForbiddenError, KatibClient, NotFoundError, search, SearchSpace, type TrainingArguments, type TuneLlmOptions, type V1beta1Experiment } from "../../src/index.ts";
import { toTuneExperiment } from "../../src/katib/tune-experiment.ts";
import { toStoragePvc } from "../../src/katib/tune-llm.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { uniqueName } from "./support/names.ts";
import { pythonWith, runPython } from "./support/python-sdk.ts";
import { writeCaseFile } from "./support/python-tune-case.ts";
import { createSeedUser } from "./support/seed-user.ts";
import { bindClusterRole } from "./support/service-accounts.ts";

const script = join(import.meta.dirname, "python", "katib_tune.py");

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const snakeFields = (fields: object): Record<string, unknown> => Object.fromEntries(Object.entries(fields).map(([key, value]) => [snake(key), value instanceof SearchSpace ? toSearch(value) : value]));
function toSearch(space: SearchSpace): {
  search: string;
  args: Record<string, unknown>;
} {
  const { min, max, step } = space.feasibleSpace;
  return {
    search: space.parameterType,
    args: {
      min: Number(min),
      max: Number(max),
      ...(step !== undefined ? { step: Number(step) } : {}),
    },
  };
}

/** The case katib_tune.py reads for the LLM path. */
function toPythonCase(options: TuneLlmOptions): object {
  const { name, modelProviderParameters, datasetProviderParameters, trainerParameters, resourcesPerTrial, storageConfig, namespace, ...rest } = options;
  const { numWorkers, numProcsPerWorker, resourcesPerWorker } = resourcesPerTrial;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    llm: {
      model: snakeFields(modelProviderParameters),
      dataset: snakeFields(datasetProviderParameters),
      training: snakeFields(trainerParameters.trainingParameters),
      lora: trainerParameters.loraConfig ? snakeFields(trainerParameters.loraConfig) : null,
    },
    kwargs: {
      ...snakeFields(rest),
      resources_per_trial: {
        trainer: {
          num_workers: numWorkers,
          num_procs_per_worker: numProcsPerWorker,
          resources_per_worker:
            resourcesPerWorker === undefined ? null : "requests" in resourcesPerWorker || "limits" in resourcesPerWorker ? { requirements: resourcesPerWorker } : resourcesPerWorker,
        },
      },
      ...(storageConfig ? { storage_config: snakeFields(storageConfig) } : {}),
    },
  };
}

const BASE: Omit<TuneLlmOptions, "name"> = {
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
      loggingDir: "results/logs",
      learningRate: search.double(1e-5, 5e-5),
      numTrainEpochs: 2,
      perDeviceTrainBatchSize: 4,
      weightDecay: 0.01,
    },
    loraConfig: {
      r: search.int(8, 32),
      loraAlpha: 16,
      loraDropout: 0.1,
      targetModules: ["query", "value"],
      bias: "none",
    },
  },
  resourcesPerTrial: {
    numWorkers: 2,
    numProcsPerWorker: 2,
    resourcesPerWorker: { gpu: "2", cpu: "4", memory: "8Gi" },
  },
  objectiveMetricName: "train_loss",
  objectiveType: "minimize",
  maxTrialCount: 4,
  parallelTrialCount: 2,
};

const GROUPS: Record<string, Omit<TuneLlmOptions, "name">> = {
  "a HuggingFace model and dataset, search spaces in the training arguments and the LoRA config": BASE,
  "an S3 dataset, the default LoRA config, a model without labels, storage, retention, deadline and budget": {
    ...BASE,
    modelProviderParameters: {
      modelUri: "hf://meta-llama/Llama-3.2-1B",
      transformerType: "AutoModelForCausalLM",
      accessToken: "hf_token",
    },
    datasetProviderParameters: {
      endpointUrl: "http://minio.kubeflow:9000",
      bucketName: "datasets",
      fileKey: "imdb/train.csv",
      regionName: "us-east-1",
      accessKey: "key",
      secretKey: "secret",
    },
    trainerParameters: {
      trainingParameters: {
        outputDir: "out",
        loggingDir: "out/logs",
        numTrainEpochs: search.int(1, 3),
        warmupSteps: 100,
        lrSchedulerType: "cosine",
        seed: 7,
        disableTqdm: true,
      },
    },
    resourcesPerTrial: {
      numWorkers: 1,
      numProcsPerWorker: 1,
      resourcesPerWorker: {
        requests: { cpu: "1" },
        limits: { cpu: "2", memory: "4Gi" },
      },
    },
    storageConfig: {
      size: "20Gi",
      storageClass: "standard",
      accessModes: ["ReadWriteOnce"],
    },
    retainTrials: true,
    trialActiveDeadlineSeconds: 7200,
    objectiveGoal: 0.1,
    maxFailedTrialCount: 2,
    algorithmName: "tpe",
    algorithmSettings: { n_startup_trials: 3 },
    additionalMetricNames: ["eval_loss"],
  },
  "floats and ints: adam, gradient accumulation, max steps, label smoothing, a LoRA dropout search": {
    ...BASE,
    trainerParameters: {
      trainingParameters: {
        outputDir: "o",
        loggingDir: "l",
        adamBeta1: 0.85,
        adamEpsilon: 1e-7,
        maxGradNorm: 2,
        gradientAccumulationSteps: search.int(1, 4),
        maxSteps: 100,
        labelSmoothingFactor: 0.1,
        loggingSteps: 10,
        saveSteps: 50,
        saveTotalLimit: 2,
        runName: "run-é",
      },
      loraConfig: {
        loraDropout: search.double(0.05, 0.2),
        taskType: "SEQ_CLS",
        modulesToSave: ["classifier"],
        fanInFanOut: true,
      },
    },
  },
};

describeKubeflow("KatibClient.tune()'s LLM path and the Python SDK's", (env: E2eEnv) => {
  let python = "";
  beforeAll(async () => {
    python = await pythonWith("kubeflow-katib[huggingface]==0.19.0", "kubernetes==35.0.0", "accelerate==0.34.2");
  }, 900_000);

  const py = <T>(action: string, caseFile: string, extraEnv: Record<string, string> = {}): Promise<T> => runPython<T>(python, script, [action, caseFile], extraEnv);

  test("offline: for every group, the PVC and the Experiment each SDK sends are the same but for its name", { timeout: 180_000 }, async () => {
    const groups = Object.entries(GROUPS).map(([title, options]) => ({
      title,
      options: { ...options, name: "tune-llm", namespace: "default" },
    }));
    const fromPython = await py<{ experiment: V1beta1Experiment; pvc: unknown }[]>("build", writeCaseFile(groups.map(({ options }) => toPythonCase(options)) as never));
    for (const [index, { title, options }] of groups.entries()) {
      expect(toTuneExperiment(options), title).toEqual(fromPython[index]?.experiment);
      expect(toStoragePvc(options.name, "default", options.storageConfig), title).toEqual(fromPython[index]?.pvc);
    }
  });

  /** The seed user (kubeflow-edit); with `pvcs`, also the built-in `edit` role, which lets it create the PVC. */
  async function seedUser(pvcs: boolean): Promise<{ ts: KatibClient; pyEnv: Record<string, string> }> {
    const { namespace, token } = await createSeedUser("python-tune-llm");
    if (pvcs) await bindClusterRole(uniqueName(`${namespace}-pvc`), "edit", namespace, "kubeflow-sdk-user");
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    const ts = new KatibClient({
      server: env.server,
      token,
      certificateAuthority: caFile,
      namespace,
    });
    onTestFinished(() => ts.close());
    return {
      ts,
      pyEnv: {
        K8S_API_SERVER: env.server,
        K8S_SERVICE_ACCOUNT_TOKEN: token,
        K8S_CA_FILE: caFile,
        NAMESPACE: namespace,
      },
    };
  }

  test("on the box, a user who may not create PVCs (the box's kubeflow-edit) gets ForbiddenError and no Experiment, as the Python SDK fails", { timeout: 120_000 }, async () => {
    const { ts, pyEnv } = await seedUser(false);
    const names = { ts: uniqueName("llm-ts"), py: uniqueName("llm-py") };
    await expect(py("tune", writeCaseFile(toPythonCase({ ...BASE, name: names.py }) as never), pyEnv)).rejects.toThrow(/persistentvolumeclaims is forbidden/);
    await expect(ts.tune({ ...BASE, name: names.ts })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ts.getExperiment(names.ts)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("offline: 40 random sets of the TrainingArguments and LoraConfig fields tune() takes give the SDK's JSON to the byte", { timeout: 300_000 }, async () => {
    const float = fc.double({ min: 1e-9, max: 10, noNaN: true });
    const count = fc.integer({ min: 1, max: 512 });
    const training = fc.record(
      {
        learningRate: fc.oneof(float, fc.constant(search.double(1e-5, 1e-3))),
        numTrainEpochs: fc.oneof(fc.integer({ min: 1, max: 5 }), float),
        maxSteps: fc.integer({ min: -1, max: 1000 }),
        perDeviceTrainBatchSize: fc.oneof(count, fc.constant(search.int(4, 32))),
        perDeviceEvalBatchSize: count,
        gradientAccumulationSteps: count,
        weightDecay: float,
        adamBeta1: fc.double({ min: 0, max: 0.999, noNaN: true }),
        adamBeta2: fc.double({ min: 0, max: 0.999, noNaN: true }),
        adamEpsilon: float,
        maxGradNorm: float,
        warmupRatio: fc.double({ min: 0, max: 1, noNaN: true }),
        warmupSteps: fc.integer({ min: 0, max: 1000 }),
        labelSmoothingFactor: fc.double({ min: 0, max: 1, noNaN: true }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        loggingSteps: count,
        saveSteps: count,
        saveTotalLimit: count,
        lrSchedulerType: fc.constantFrom("linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt"),
        doTrain: fc.boolean(),
        doEval: fc.boolean(),
        disableTqdm: fc.boolean(),
        runName: fc.string({ maxLength: 6 }),
      },
      { requiredKeys: [] },
    );
    const lora = fc.record(
      {
        r: fc.oneof(count, fc.constant(search.int(8, 64))),
        loraAlpha: count,
        loraDropout: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(search.double(0.05, 0.3))),
        targetModules: fc.array(fc.constantFrom("query", "key", "value", "dense"), { minLength: 1, maxLength: 3 }),
        bias: fc.constantFrom("none", "all", "lora_only"),
        fanInFanOut: fc.boolean(),
        inferenceMode: fc.boolean(),
        initLoraWeights: fc.boolean(),
        taskType: fc.constantFrom("SEQ_CLS", "CAUSAL_LM", "TOKEN_CLS"),
      },
      { requiredKeys: [] },
    );
    const samples = fc.sample(fc.tuple(training, lora), { numRuns: 40, seed: 4_380 });
    const cases = samples.map(([args, loraConfig], index) => ({
      ...BASE,
      name: `random-${index}`,
      namespace: "default",
      trainerParameters: { trainingParameters: { ...(args as Partial<TrainingArguments>), outputDir: "out", loggingDir: "logs" }, loraConfig },
    })) as TuneLlmOptions[];
    const fromPython = await py<{ experiment: V1beta1Experiment }[]>("build", writeCaseFile(cases.map(toPythonCase) as never));
    for (const [index, options] of cases.entries()) expect(toTuneExperiment(options), JSON.stringify(samples[index])).toEqual(fromPython[index]?.experiment);
  });

  for (const [title, options] of Object.entries(GROUPS)) {
    test(`on the box, ${title}: both SDKs create the same Experiment`, { timeout: 180_000 }, async () => {
      const { ts, pyEnv } = await seedUser(true);
      const names = { ts: uniqueName("llm-ts"), py: uniqueName("llm-py") };
      await py("tune", writeCaseFile(toPythonCase({ ...options, name: names.py }) as never), pyEnv);
      await ts.tune({ ...options, name: names.ts });
      const [fromTs, fromPy] = await Promise.all([ts.getExperiment(names.ts), ts.getExperiment(names.py)]);
      const claimOf = (experiment: V1beta1Experiment): unknown => JSON.stringify(experiment.spec?.trialTemplate).match(/"claimName":"([^"]+)"/)?.[1];
      expect(claimOf(fromTs)).toBe(names.ts);
      expect(claimOf(fromPy)).toBe(names.py);
      expect(JSON.parse(JSON.stringify(fromTs.spec).replaceAll(names.ts, "NAME"))).toEqual(JSON.parse(JSON.stringify(fromPy.spec).replaceAll(names.py, "NAME")));
      // A second tune() of the same name finds its PVC there and goes on to the Experiment, which exists.
      await expect(ts.tune({ ...options, name: names.ts })).rejects.toThrow(/already exists/);
    });
  }
});
