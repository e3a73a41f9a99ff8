/**
 * train()'s TrainJob builder: the checks made before anything is sent (each a TypeError or RangeError naming the
 * field), the function trainer's command on each kind of runtime, initializers, TorchTune's overrides and runtime
 * patches. Equality with the Python SDK's objects is test/e2e/python-trainer-train.test.ts's; this holds the shapes
 * and the errors without a cluster.
 */
import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import type { RuntimePatchSpec, RuntimeSummary, TrainerV1alpha1ClusterTrainingRuntime, TrainOptions } from "../../src/index.ts";
import { toRuntimeSummary } from "../../src/trainer/runtime-summary.ts";
import { planTrainJob, toTrainJob } from "../../src/trainer/train-job-spec.ts";
import { FAKE_SERVER, nockTrainer } from "../support/nock-clients.ts";

const TRAINER = "/apis/trainer.kubeflow.org/v1alpha1";

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

/** A ClusterTrainingRuntime with a `node` trainer container, the framework label and the given ML policy. */
function runtime(name: string, framework: string, mlPolicy: object, limits?: Record<string, string | number>): RuntimeSummary {
  const object = {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "ClusterTrainingRuntime",
    metadata: { name, labels: { "trainer.kubeflow.org/framework": framework } },
    spec: {
      mlPolicy,
      template: {
        spec: {
          replicatedJobs: [
            {
              name: "node",
              template: {
                metadata: { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } },
                spec: { template: { spec: { containers: [{ name: "node", image: `${framework}:1`, ...(limits ? { resources: { limits } } : {}) }] } } },
              },
            },
          ],
        },
      },
    },
  } as TrainerV1alpha1ClusterTrainingRuntime;
  return toRuntimeSummary(object, "Cluster");
}

const TORCH = runtime("torch-distributed", "torch", { numNodes: 1, torch: {} });
const MPI = runtime("deepspeed-distributed", "deepspeed", { numNodes: 2, mpi: { numProcPerNode: 4 } });
const PLAIN = runtime("plain", "xgboost", { numNodes: 1 }, { cpu: 2 });
const TUNE = runtime("torchtune-qwen", "torchtune", { numNodes: 1, torch: {} }, { "nvidia.com/gpu": 2 });
const SOURCE = "def train(lr, epochs=1):\n    print(lr, epochs)\n";
const script = (options: TrainOptions, on: RuntimeSummary = TORCH): string => toTrainJob(options, on).spec?.trainer?.command?.at(-1) ?? "";

describe("the runtime's trainer, as the Python SDK's Runtime.trainer", () => {
  test("type, image, device and command for torch, MPI, plain and TorchTune runtimes", () => {
    expect(TORCH.trainer).toMatchObject({ trainerType: "CustomTrainer", framework: "torch", image: "torch:1", numNodes: 1, device: "Unknown", deviceCount: "Unknown", command: ["bash", "-c", expect.stringContaining('torchrun "{func_file}"')] });
    // MPI: the policy's processes per node times its nodes.
    expect(MPI.trainer).toMatchObject({ device: "Unknown", deviceCount: "8", numNodes: 2, command: ["mpirun", "--hostfile", "/etc/mpi/hostfile", "bash", "-c", expect.stringContaining('python "{func_file}"')] });
    // A numeric limit is written as Python writes a float, and then not multiplied (it is not all digits).
    expect(PLAIN.trainer).toMatchObject({ device: "cpu", deviceCount: "2.0", command: ["bash", "-c", expect.stringContaining('python "{func_file}"')] });
    expect(TUNE.trainer).toMatchObject({ trainerType: "BuiltinTrainer", device: "gpu", deviceCount: "2.0", command: ["tune", "run"] });
    expect(TUNE.kind).toBe("ClusterTrainingRuntime");
  });

  test("a runtime without the framework label has no trainer", () => {
    expect(toRuntimeSummary({ metadata: { name: "x" }, spec: {} } as never, "Namespaced").trainer).toBeUndefined();
  });
});

describe("a function trainer's command", () => {
  test("writes the source and the call with its keyword arguments as a Python dict, and runs the file with the runtime's entrypoint", () => {
    const text = script({ trainer: { func: { source: SOURCE, fileName: "job.py" }, funcArgs: { lr: 0.5, epochs: 2 } } });
    expect(text).toBe(`\nread -r -d '' SCRIPT << EOM\n\n${SOURCE}\ntrain(**{'lr': 0.5, 'epochs': 2})\n\nEOM\nprintf "%s" "$SCRIPT" > "job.py"\ntorchrun "job.py"`);
  });

  test("without arguments the call is train(); the file defaults to train.py; braces in the code stay as they are", () => {
    const text = script({ trainer: { func: { source: "def train():\n    print('{func_file}')\n" } } }, PLAIN);
    expect(text).toContain("\ndef train():\n    print('{func_file}')\n\ntrain()\n\nEOM\n");
    expect(text.endsWith('python "train.py"')).toBe(true);
  });

  test("on an MPI runtime the file and the pip log are in the MPI user's home", () => {
    const command = toTrainJob({ trainer: { func: { source: SOURCE }, funcArgs: { lr: 1 }, packagesToInstall: ["deepspeed"] } }, MPI).spec?.trainer?.command ?? [];
    expect(command.slice(0, 5)).toEqual(["mpirun", "--hostfile", "/etc/mpi/hostfile", "bash", "-c"]);
    expect(command[5]).toContain('LOG_FILE="/home/mpiuser/pip_install.log"');
    expect(command[5]?.endsWith('> "/home/mpiuser/train.py"\npython "/home/mpiuser/train.py"')).toBe(true);
  });

  test("packages are installed first, quoted as shlex.quote quotes them, the first index being --index-url", () => {
    const text = script({ trainer: { func: { source: SOURCE }, funcArgs: { lr: 1 }, packagesToInstall: ["numpy", "transformers[torch]", "it's"], pipIndexUrls: ["https://a.example/simple", "https://b.example/x y"] } });
    expect(text).toContain(`PACKAGES=(numpy 'transformers[torch]' 'it'"'"'s')\nPIP_OPTS=(--index-url https://a.example/simple --extra-index-url 'https://b.example/x y')\n`);
    expect(text.indexOf("PACKAGES=")).toBeLessThan(text.indexOf("read -r -d"));
    // No packages (or an empty list): no install lines.
    expect(script({ trainer: { func: { source: SOURCE }, funcArgs: { lr: 1 }, packagesToInstall: [] } })).not.toContain("pip");
  });
});

/** A runtime patch of the node job's pod spec. */
function podPatch(spec: object): RuntimePatchSpec {
  return { trainingRuntimeSpec: { template: { spec: { replicatedJobs: [{ name: "node", template: { spec: { template: { spec } } } }] } } } } as RuntimePatchSpec;
}

describe("checks before anything is sent", () => {
  const fn = { source: SOURCE };
  test.each<[string, TrainOptions, RegExp]>([
    ["an empty source", { trainer: { func: { source: "  \n" } } }, /^trainer\.func\.source is empty/],
    ["no function", { trainer: { func: { source: "x = 1\n" } } }, /trainer\.func\.source defines no top-level function/],
    ["two functions and no name", { trainer: { func: { source: "def a():\n    pass\n\ndef b():\n    pass\n" } } }, /defines a, b: give trainer\.func\.name/],
    ["a name the source does not define", { trainer: { func: { source: SOURCE, name: "fit" } } }, /defines no top-level function "fit"/],
    ["an argument the function does not take", { trainer: { func: fn, funcArgs: { lr: 1, momentum: 0.9 } } }, /trainer\.funcArgs: train\(\*\*funcArgs\) cannot be called: it has no parameter momentum/],
    ["a required parameter without a value", { trainer: { func: fn, funcArgs: { epochs: 2 } } }, /lr has no default and no value in funcArgs/],
    ["a value with no Python literal", { trainer: { func: fn, funcArgs: { lr: Number.NaN } } }, /trainer\.funcArgs\.lr is NaN/],
    ["a file name with a path", { trainer: { func: { ...fn, fileName: "../x.py" }, funcArgs: { lr: 1 } } }, /trainer\.func\.fileName "\.\.\/x\.py" is not a plain file name/],
    ["numNodes 0", { trainer: { func: fn, funcArgs: { lr: 1 }, numNodes: 0 } }, /trainer\.numNodes must be a positive integer, got 0/],
    ["numNodes 1.5 on a container", { trainer: { numNodes: 1.5 } }, /trainer\.numNodes must be a positive integer/],
    ["packages and no index", { trainer: { func: fn, funcArgs: { lr: 1 }, packagesToInstall: ["numpy"], pipIndexUrls: [] } }, /trainer\.pipIndexUrls is empty/],
    ["two MIG profiles", { trainer: { func: fn, funcArgs: { lr: 1 }, resourcesPerNode: { "mig-1g.5gb": 1, "MIG-2g.10gb": 1 } } }, /trainer\.resourcesPerNode: several MIG profiles/],
    ["a MIG profile beside gpu", { trainer: { resourcesPerNode: { "mig-1g.5gb": 1, gpu: 1 } } }, /cannot be requested together/],
    ["an S3 dataset outside s3://", { initializer: { dataset: { type: "S3", storageUri: "gs://bucket/data" } } }, /initializer\.dataset\.storageUri must start with 's3:\/\/', got gs:\/\/bucket\/data/],
    ["a HuggingFace dataset without hf:// (the API wants a URI)", { initializer: { dataset: { type: "HuggingFace", storageUri: "tatsu-lab/alpaca" } } }, /initializer\.dataset\.storageUri must start with 'hf:\/\/', got tatsu-lab\/alpaca/],
    ["an S3 model outside s3://", { initializer: { model: { type: "S3", storageUri: "bucket/model" } } }, /initializer\.model\.storageUri must start with 's3:\/\/'/],
    ["a data cache URI without schema and table", { initializer: { dataset: { type: "DataCache", storageUri: "cache://table", metadataLoc: "s3://m", numDataNodes: 2 } } }, /cache:\/\/<SCHEMA_NAME>\/<TABLE_NAME>/],
    ["a data cache of one node", { initializer: { dataset: { type: "DataCache", storageUri: "cache://s/t", metadataLoc: "s3://m", numDataNodes: 1 } } }, /initializer\.dataset\.numDataNodes must be an integer greater than 1/],
    ["a relative mount path in a runtime patch", { runtimePatches: [podPatch({ initContainers: [{ name: "x", volumeMounts: [{ name: "v", mountPath: "data" }] }] })] }, /runtimePatches\[0\]\..*initContainers\[0\]\.volumeMounts\[0\]\.mountPath must be an absolute path/],
    ["an env entry with neither value nor valueFrom", { runtimePatches: [podPatch({ containers: [{ name: "x", env: [{ name: "A" }] }] })] }, /env\[0\] \(A\) has neither value nor valueFrom/],
    ["a deadline of 0", { activeDeadlineSeconds: 0 }, /activeDeadlineSeconds must be a positive integer/],
    ["a TorchTune batch size of 0", { trainer: { torchTune: { batchSize: 0 } } }, /trainer\.torchTune\.batchSize must be a positive integer/],
    ["an unknown dtype", { trainer: { torchTune: { dtype: "fp16" as never } } }, /trainer\.torchTune\.dtype "fp16" is not one of bf16, fp32/],
  ])("%s", (_title, options, message) => {
    expect(() => planTrainJob(options)).toThrow(message);
  });

  test("fields of two kinds of trainer, as JavaScript can pass them, are refused", () => {
    expect(() => planTrainJob({ trainer: { func: { source: SOURCE }, command: ["x"] } as never })).toThrow(/a function trainer builds its own command: trainer\.command cannot be set with trainer\.func/);
    expect(() => planTrainJob({ trainer: { packagesToInstall: ["numpy"] } as never })).toThrow(/trainer\.packagesToInstall belong to a function trainer: give trainer\.func too/);
    expect(() => planTrainJob({ trainer: { torchTune: {}, image: "x" } as never })).toThrow(/trainer\.torchTune takes its settings inside it, not trainer\.image/);
  });

  test("a trainer that does not fit the runtime is refused once the runtime is known", () => {
    expect(() => toTrainJob({ trainer: { func: { source: SOURCE }, funcArgs: { lr: 1 } } }, TUNE)).toThrow(/a function trainer cannot run on runtime torchtune-qwen, whose torchtune trainer takes trainer\.torchTune/);
    expect(() => toTrainJob({ trainer: { torchTune: {} } }, TORCH)).toThrow(/a torchTune trainer cannot run on runtime torch-distributed/);
    expect(() => toTrainJob({ trainer: { image: "x" } }, TUNE)).toThrow(/a container trainer cannot run/);
  });

  test("train() rejects bad input without a request, and reads the runtime before creating a function's TrainJob", async () => {
    // No interceptor: any request would fail with a nock error instead of the TypeError.
    await expect(nockTrainer().train({ trainer: { func: { source: "" } } })).rejects.toThrow(TypeError);
    nock(FAKE_SERVER).get(`${TRAINER}/namespaces/team-a/trainingruntimes/torch-distributed`).reply(404, { kind: "Status", code: 404, reason: "NotFound" });
    nock(FAKE_SERVER).get(`${TRAINER}/clustertrainingruntimes/torch-distributed`).reply(200, TORCH.object);
    nock(FAKE_SERVER)
      .post(`${TRAINER}/namespaces/team-a/trainjobs`, (body) => body.spec.runtimeRef.kind === "ClusterTrainingRuntime" && body.spec.trainer.command[2].includes("train(**{'lr': 1})"))
      .reply(201, { metadata: { name: "fn-job" } });
    expect(await nockTrainer().train({ name: "fn-job", trainer: { func: { source: SOURCE }, funcArgs: { lr: 1 } } })).toBe("fn-job");
  });
});

describe("initializers, TorchTune and options", () => {
  test("typed initializers become the URI and their optional fields as env; a model's ignore patterns default to the SDK's", () => {
    const job = toTrainJob({
      initializer: {
        dataset: { type: "S3", storageUri: "s3://bucket/data", endpoint: "https://minio", region: "eu", ignorePatterns: ["*.tmp", "*.log"] },
        model: { type: "HuggingFace", storageUri: "hf://Qwen/Qwen2.5-1.5B" },
      },
    });
    expect(job.spec?.initializer).toEqual({
      dataset: { storageUri: "s3://bucket/data", env: [{ name: "IGNORE_PATTERNS", value: "*.tmp,*.log" }, { name: "ENDPOINT", value: "https://minio" }, { name: "REGION", value: "eu" }] },
      model: { storageUri: "hf://Qwen/Qwen2.5-1.5B", env: [{ name: "IGNORE_PATTERNS", value: "*.msgpack,*.h5,*.bin,*.pt,*.pth" }] },
    });
    expect(toTrainJob({ initializer: { model: { type: "S3", storageUri: "s3://b/m", ignorePatterns: null } } }).spec?.initializer).toEqual({ model: { storageUri: "s3://b/m", env: [] } });
    expect(toTrainJob({ initializer: { dataset: { type: "DataCache", storageUri: "cache://s/t", metadataLoc: "s3://m.json", numDataNodes: 3, headCpu: "1" } } }).spec?.initializer?.dataset?.env).toEqual([
      { name: "CLUSTER_SIZE", value: "4" },
      { name: "METADATA_LOC", value: "s3://m.json" },
      { name: "HEAD_CPU", value: "1" },
    ]);
    // The TrainJob's own fields pass as they are.
    expect(toTrainJob({ initializer: { dataset: { storageUri: "gs://x", secretRef: { name: "creds" } } } }).spec?.initializer).toEqual({ dataset: { storageUri: "gs://x", secretRef: { name: "creds" } } });
  });

  test("TorchTune's overrides follow the runtime's tune run, with the HuggingFace dataset's path", () => {
    const job = toTrainJob(
      {
        initializer: { dataset: { type: "HuggingFace", storageUri: "hf://tatsu-lab/alpaca/data/train.parquet" } },
        trainer: {
          torchTune: {
            dtype: "bf16",
            batchSize: 4,
            epochs: 1,
            loss: "torchtune.modules.loss.CEWithChunkedOutputLoss",
            numNodes: 2,
            resourcesPerNode: { gpu: 2 },
            peftConfig: { loraRank: 8, loraAlpha: 16, loraDropout: 0.1, quantizeBase: true },
            datasetPreprocessConfig: { source: "parquet", split: "train[:10%]", trainOnInput: false, columnMap: { input: "question", output: "answer" } },
          },
        },
      },
      TUNE,
    );
    expect(job.spec?.trainer).toEqual({
      numNodes: 2,
      resourcesPerNode: { requests: { "nvidia.com/gpu": 2 }, limits: { "nvidia.com/gpu": 2 } },
      command: ["tune", "run"],
      args: [
        "dtype=bf16",
        "batch_size=4",
        "epochs=1",
        "loss=torchtune.modules.loss.CEWithChunkedOutputLoss",
        "dataset.data_files=/workspace/dataset/data/train.parquet",
        "model.lora_rank=8",
        "model.lora_alpha=16",
        "model.lora_dropout=0.1",
        "model.quantize_base=True",
        "model.lora_attn_modules=[q_proj,v_proj,output_proj]",
        "dataset=torchtune.datasets.instruct_dataset",
        "dataset.source=parquet",
        "dataset.split=train[:10%]",
        "dataset.train_on_input=False",
        "dataset.column_map={'input': 'question', 'output': 'answer'}",
      ],
    });
    const dir = toTrainJob({ initializer: { dataset: { type: "HuggingFace", storageUri: "hf://tatsu-lab/alpaca" } }, trainer: { torchTune: {} } }, TUNE).spec?.trainer?.args;
    expect(dir).toEqual(["dataset.data_dir=/workspace/dataset/."]);
  });

  test("runtime patches are the SDK's manager's unless one is named; a given runtime sets the runtimeRef's kind", () => {
    const job = toTrainJob({ runtime: TORCH, runtimePatches: [{ trainingRuntimeSpec: {} }, { manager: "me.example/x" }] });
    expect(job.spec?.runtimePatches?.map((patch) => patch.manager)).toEqual(["trainer.kubeflow.org/kubeflow-sdk", "me.example/x"]);
    expect(job.spec?.runtimeRef).toEqual({ name: "torch-distributed", kind: "ClusterTrainingRuntime" });
    expect(toTrainJob({}).spec).toEqual({ runtimeRef: { name: "torch-distributed" } });
  });
});
