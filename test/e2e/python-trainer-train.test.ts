/**
 * TrainerClient.train() against the Kubeflow Python SDK's train() (PyPI kubeflow 0.5.0): for the same inputs (the same
 * Python function in a .py file whose text train() is given, the same trainer, initializers and options), the
 * TrainJob each SDK sends is the same, and so is the one each creates on the Kubeflow box, field by field, apart from
 * its generated name and the webhook's patch times. One case per flow and per option.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { beforeAll, expect, onTestFinished, test } from "vitest";
import { TrainerClient, type RuntimeSummary, type TrainerV1alpha1TrainingRuntime, type TrainerV1alpha1TrainJob, type TrainOptions } from "../../src/index.ts";
import { toRuntimeSummary } from "../../src/trainer/runtime-summary.ts";
import { toRuntimePackagesOptions } from "../../src/trainer/runtime-packages.ts";
import { toTrainJob } from "../../src/trainer/train-job-spec.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { uniqueName } from "./support/names.ts";
import { pythonWith, runPython } from "./support/python-sdk.ts";
import { toPythonTrainCase, writeTrainCaseFile } from "./support/python-train-case.ts";
import { createSeedUser } from "./support/seed-user.ts";

const script = join(import.meta.dirname, "python", "trainer_train.py");
const execFileAsync = promisify(execFile);

/** The training function both SDKs run: keyword arguments of every kind, braces, `$` and backquotes in its body. */
const TRAIN = `# Trains nothing: prints what it was given.
def train(lr, epochs=1, *, config=None, **extra):
    import os

    rank = os.environ.get("RANK", "0")
    print(f"rank={rank} lr={lr} epochs={epochs} config={config!r} extra={extra}")
    print("cost: $HOME \`date\` {not a placeholder}")
`;

const FUNC = { source: TRAIN, fileName: "train_model.py" };
const ARGS = { lr: 0.01, epochs: 3, config: { layers: [64, 32], dropout: 0.25, name: "it's \"mnist\"", normalize: true, seed: null } };

/**
 * A namespaced TrainingRuntime with dataset and model initializer jobs and a torch trainer, created in each test's
 * namespace: the box's ClusterTrainingRuntimes with initializers are TorchTune's, which take no function trainer.
 */
const INITIALIZER_RUNTIME = "torch-with-initializers";
const initializerJob = (step: string) => ({
  name: step,
  template: {
    metadata: { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": step } },
    spec: { template: { spec: { containers: [{ name: step, image: `ghcr.io/kubeflow/trainer/${step}`, volumeMounts: [{ name: "initializer", mountPath: "/workspace" }] }] } } },
  },
});
const initializerRuntime: TrainerV1alpha1TrainingRuntime = {
  apiVersion: "trainer.kubeflow.org/v1alpha1",
  kind: "TrainingRuntime",
  metadata: { name: INITIALIZER_RUNTIME, labels: { "trainer.kubeflow.org/framework": "torch" } },
  spec: {
    mlPolicy: { numNodes: 1, torch: {} },
    template: {
      spec: {
        replicatedJobs: [
          initializerJob("dataset-initializer"),
          initializerJob("model-initializer"),
          {
            name: "node",
            dependsOn: [
              { name: "dataset-initializer", status: "Complete" },
              { name: "model-initializer", status: "Complete" },
            ],
            template: {
              metadata: { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } },
              spec: { template: { spec: { containers: [{ name: "node", image: "pytorch/pytorch:2.5.1", volumeMounts: [{ name: "initializer", mountPath: "/workspace" }] }] } } },
            },
          },
        ],
      },
    },
  },
};

/** A namespaced TrainingRuntime with no torch or MPI policy: a function runs with plain `python`. */
const PLAIN_RUNTIME = "plain-python";
const plainRuntime: TrainerV1alpha1TrainingRuntime = {
  apiVersion: "trainer.kubeflow.org/v1alpha1",
  kind: "TrainingRuntime",
  metadata: { name: PLAIN_RUNTIME, labels: { "trainer.kubeflow.org/framework": "plainml" } },
  spec: {
    mlPolicy: { numNodes: 1 },
    template: {
      spec: {
        replicatedJobs: [
          {
            name: "node",
            template: {
              metadata: { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } },
              spec: { template: { spec: { containers: [{ name: "node", image: "python:3.12-slim", resources: { limits: { cpu: 1 } } }] } } },
            },
          },
        ],
      },
    },
  },
};

interface Case {
  runtime?: string;
  options: TrainOptions;
}

/** One case per flow and per option; each runs on the runtime named (default torch-distributed). */
const CASES: Record<string, Case> = {
  "a function with keyword arguments": { options: { trainer: { func: FUNC, funcArgs: ARGS } } },
  "a function called without arguments": { options: { trainer: { func: { source: "def main():\n    print('hello')\n", fileName: "main.py" } } } },
  "a function with packages from several indexes": {
    options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 }, packagesToInstall: ["numpy", "transformers[torch]==4.44.0", "my pkg"], pipIndexUrls: ["https://pypi.org/simple", "https://download.pytorch.org/whl/cpu"] } },
  },
  "a function with packages from the default index": { options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 }, packagesToInstall: ["torch"] } } },
  "a function on nodes with resources": { options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 }, numNodes: 2, resourcesPerNode: { CPU: 2, memory: "4Gi", gpu: 1, storage: "10Gi" } } } },
  "a function with env and an image": { options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 }, env: { MODE: "fast", DATA_DIR: "/data" }, image: "docker.io/pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime" } } },
  "a function on an MPI runtime (mpirun, the MPI user's home)": { runtime: "deepspeed-distributed", options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 }, packagesToInstall: ["deepspeed"] } } },
  "a function on a plain runtime (python), with packages, on a namespaced TrainingRuntime": { runtime: PLAIN_RUNTIME, options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 }, packagesToInstall: ["scikit-learn"] } } },
  "a container with command, args, nodes, resources and env": {
    options: { trainer: { image: "pytorch/pytorch:2.5.1", command: ["torchrun", "train.py"], args: ["--epochs", "3"], numNodes: 2, resourcesPerNode: { cpu: 1, memory: "2Gi" }, env: { MODE: "x" } } },
  },
  "HuggingFace dataset and model initializers with the builtin TorchTune trainer: every override": {
    runtime: "torchtune-qwen2.5-1.5b",
    options: {
      initializer: {
        dataset: { type: "HuggingFace", storageUri: "hf://tatsu-lab/alpaca/data/train-00000-of-00001.parquet", ignorePatterns: ["*.md"], accessToken: "hf_dataset_token" },
        model: { type: "HuggingFace", storageUri: "hf://Qwen/Qwen2.5-1.5B-Instruct" },
      },
      trainer: {
        torchTune: {
          dtype: "bf16",
          batchSize: 2,
          epochs: 1,
          loss: "torchtune.modules.loss.CEWithChunkedOutputLoss",
          numNodes: 1,
          resourcesPerNode: { gpu: 2 },
          // Trainer v2.3.0's webhook refuses QLoRA (quantizeBase: true) for this model.
          peftConfig: { applyLoraToMlp: true, applyLoraToOutput: false, loraRank: 8, loraAlpha: 16, loraDropout: 0.05, quantizeBase: false, useDora: false, loraAttnModules: ["q_proj", "k_proj"] },
          datasetPreprocessConfig: { source: "parquet", split: "train[:10%]", trainOnInput: true, newSystemPrompt: "You are helpful.", columnMap: { input: "instruction", output: "response" } },
        },
      },
    },
  },
  "the builtin TorchTune trainer with no overrides and a HuggingFace dataset directory": {
    runtime: "torchtune-llama3.2-3b",
    options: { initializer: { dataset: { type: "HuggingFace", storageUri: "hf://tatsu-lab/alpaca" }, model: { type: "HuggingFace", storageUri: "hf://meta-llama/Llama-3.2-3B-Instruct", ignorePatterns: null, accessToken: "hf_model_token" } }, trainer: { torchTune: {} } },
  },
  "S3 dataset and model initializers with a function, on a namespaced TrainingRuntime": {
    runtime: INITIALIZER_RUNTIME,
    options: {
      initializer: {
        dataset: { type: "S3", storageUri: "s3://bucket/datasets/mnist", endpoint: "https://minio.example", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "example-secret", region: "eu-west-1", roleArn: "arn:aws:iam::1:role/r" },
        model: { type: "S3", storageUri: "s3://bucket/models/resnet", ignorePatterns: ["*.onnx"] },
      },
      trainer: { func: FUNC, funcArgs: { lr: 0.1 } },
    },
  },
  "a DataCache dataset initializer with a function, on a namespaced TrainingRuntime": {
    runtime: INITIALIZER_RUNTIME,
    options: {
      initializer: { dataset: { type: "DataCache", storageUri: "cache://schema/table", metadataLoc: "s3://bucket/table/metadata.json", numDataNodes: 3, headCpu: "1", headMem: "1Gi", workerCpu: "2", workerMem: "4Gi", iamRole: "arn:aws:iam::1:role/cache" } },
      trainer: { func: FUNC, funcArgs: { lr: 0.1 } },
    },
  },
  "labels and annotations": { options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 } }, labels: { team: "ml", "kueue.x-k8s.io/queue-name": "q" }, annotations: { "example.com/note": "a b c" } } },
  "an active deadline": { options: { trainer: { func: FUNC, funcArgs: { lr: 0.1 } }, activeDeadlineSeconds: 600 } },
  "runtime patches: pod template metadata, node selector, tolerations, a sidecar's env from a Secret and a ConfigMap": {
    options: {
      trainer: { func: FUNC, funcArgs: { lr: 0.1 } },
      runtimePatches: [
        {
          trainingRuntimeSpec: {
            template: {
              metadata: { labels: { patched: "yes" } },
              spec: {
                replicatedJobs: [
                  {
                    name: "node",
                    template: {
                      metadata: { annotations: { "example.com/job": "node" } },
                      spec: {
                        template: {
                          metadata: { labels: { pod: "patched" } },
                          spec: {
                            nodeSelector: { "kubernetes.io/os": "linux" },
                            tolerations: [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }],
                            volumes: [{ name: "scratch", emptyDir: {} }],
                            initContainers: [
                              {
                                name: "prepare",
                                env: [
                                  { name: "TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "token" } } },
                                  { name: "MODE", valueFrom: { configMapKeyRef: { name: "settings", key: "mode" } } },
                                ],
                                volumeMounts: [{ name: "scratch", mountPath: "/scratch" }],
                              },
                            ],
                          },
                        },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
      ],
    },
  },
};

describeKubeflow("TrainerClient.train() and the Python SDK's train()", (env: E2eEnv) => {
  let python = "";
  let admin: TrainerClient;
  const runtimes = new Map<string, RuntimeSummary>();
  beforeAll(async () => {
    python = await pythonWith("kubeflow==0.5.0");
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    admin = new TrainerClient({ server: env.server, token: env.token, certificateAuthority: caFile, namespace: "default" });
    for (const runtime of await admin.listRuntimes()) runtimes.set(runtime.name, runtime);
    runtimes.set(INITIALIZER_RUNTIME, toRuntimeSummary(initializerRuntime, "Namespaced"));
    runtimes.set(PLAIN_RUNTIME, toRuntimeSummary(plainRuntime, "Namespaced"));
    return () => admin.close();
  }, 600_000);

  const py = <T>(action: string, caseFile: string, extraEnv: Record<string, string> = {}): Promise<T> => runPython<T>(python, script, [action, caseFile], extraEnv);
  const runtimeOf = (name = "torch-distributed"): RuntimeSummary => {
    const runtime = runtimes.get(name);
    if (!runtime) throw new Error(`runtime ${name} is not on the box`);
    return runtime;
  };

  /** The seed user's client and the Python SDK's environment for it; the namespace has the initializer runtime. */
  async function seedUser(): Promise<{ ts: TrainerClient; pyEnv: Record<string, string> }> {
    const { namespace, token } = await createSeedUser("python-train");
    await Promise.all([initializerRuntime, plainRuntime].map((runtime) => admin.trainingRuntimes.create(runtime, { namespace })));
    const caFile = join(mkdtempSync(join(tmpdir(), "kfts-ca-")), "ca.crt");
    writeFileSync(caFile, env.caPem);
    const ts = new TrainerClient({ server: env.server, token, certificateAuthority: caFile, namespace });
    onTestFinished(() => ts.close());
    return { ts, pyEnv: { K8S_API_SERVER: env.server, K8S_SERVICE_ACCOUNT_TOKEN: token, K8S_CA_FILE: caFile, NAMESPACE: namespace } };
  }

  /** The job as stored, without what each creation makes its own: the name, server metadata and patch times. */
  function comparable(job: TrainerV1alpha1TrainJob): unknown {
    const { name: _name, uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, generation: _g, managedFields: _mf, ...metadata } = job.metadata ?? {};
    const spec = structuredClone(job.spec);
    for (const patch of spec?.runtimePatches ?? []) delete patch.time;
    return { metadata, spec };
  }

  test("offline: for every case, the TrainJob each SDK sends is the same", { timeout: 120_000 }, async () => {
    const cases = Object.entries(CASES).map(([title, { runtime, options }]) => ({ title, runtime: runtimeOf(runtime), options: { ...options, name: "job" } }));
    const fromPython = await py<TrainerV1alpha1TrainJob[]>("build", writeTrainCaseFile(cases.map(({ runtime, options }) => toPythonTrainCase(options, { object: runtime.object }))));
    for (const [index, { title, runtime, options }] of cases.entries()) {
      expect(toTrainJob(options, runtime), title).toEqual(fromPython[index]);
    }
  });

  test("getRuntime shows every runtime's trainer as the Python SDK's get_runtime does", { timeout: 120_000 }, async () => {
    const { ts, pyEnv } = await seedUser();
    const names = [...runtimes.keys()].sort();
    const fromPython = await py<Record<string, unknown>[]>("runtimes", writeTrainCaseFile({ runtimes: names } as never), pyEnv);
    for (const [index, name] of names.entries()) {
      const runtime = await ts.getRuntime(name);
      expect({ name: runtime.name, kind: runtime.kind, ...runtime.trainer }, name).toEqual(fromPython[index]);
    }
    expect(names).toContain(INITIALIZER_RUNTIME);
  });

  test("bad input: the Python SDK raises, kubeflow-ts throws naming the field, neither sends anything", { timeout: 120_000 }, async () => {
    const refused: [string, TrainOptions, RegExp, RegExp][] = [
      ["an S3 dataset outside s3://", { initializer: { dataset: { type: "S3", storageUri: "gs://bucket/data" } } }, /storage_uri must start with 's3:\/\/'/, /initializer\.dataset\.storageUri must start with 's3:\/\/'/],
      ["a data cache URI without its table", { initializer: { dataset: { type: "DataCache", storageUri: "cache://schema", metadataLoc: "s3://m", numDataNodes: 2 } } }, /cache:\/\/<SCHEMA_NAME>\/<TABLE_NAME>/, /initializer\.dataset\.storageUri must be in format/],
      ["a data cache of one node", { initializer: { dataset: { type: "DataCache", storageUri: "cache://s/t", metadataLoc: "s3://m", numDataNodes: 1 } } }, /num_data_nodes must be greater than 1/, /initializer\.dataset\.numDataNodes must be an integer greater than 1/],
      ["a deadline of 0", { activeDeadlineSeconds: 0 }, /activeDeadlineSeconds must be a positive integer/, /activeDeadlineSeconds must be a positive integer/],
      ["two MIG profiles", { trainer: { func: FUNC, funcArgs: { lr: 1 }, resourcesPerNode: { "mig-1g.5gb": 1, "mig-2g.10gb": 1 } } }, /Multiple MIG resource types are not supported/, /trainer\.resourcesPerNode: several MIG profiles/],
      ["a relative mount path", { runtimePatches: [{ trainingRuntimeSpec: { template: { spec: { replicatedJobs: [{ name: "node", template: { spec: { template: { spec: { initContainers: [{ name: "x", volumeMounts: [{ name: "v", mountPath: "data" }] }] } } } } }] } } } }] }, /mountPath' must be an absolute path/, /mountPath must be an absolute path/],
    ];
    for (const [title, options, python, ts] of refused) {
      await expect(py("build", writeTrainCaseFile(toPythonTrainCase({ ...options, name: "job" }, { object: runtimeOf().object }))), title).rejects.toThrow(python);
      expect(() => toTrainJob(options, runtimeOf()), title).toThrow(ts);
    }
    // A trainer that does not fit the runtime: both refuse once they have read it.
    const onTorchTune = { ...CASES["a function with keyword arguments"]!.options, name: "job" };
    await expect(py("build", writeTrainCaseFile(toPythonTrainCase(onTorchTune, { object: runtimeOf("torchtune-qwen2.5-1.5b").object })))).rejects.toThrow(/CustomTrainer can't be used with/);
    expect(() => toTrainJob(onTorchTune, runtimeOf("torchtune-qwen2.5-1.5b"))).toThrow(/a function trainer cannot run on runtime torchtune-qwen2\.5-1\.5b/);
  });

  test("offline: random keyword arguments, package names and indexes give the Python SDK's command to the byte", { timeout: 120_000 }, async () => {
    // Characters where shlex.quote quotes or not, and where repr() escapes or switches quotes.
    const text = fc.string({ unit: fc.constantFrom("a", "Z", "0", "_", "-", ".", "/", ":", "=", "@", "%", "+", ",", " ", "'", '"', "\\", "$", "`", "[", "]", "!", "*", "é", "\t", "\n"), minLength: 1, maxLength: 12 });
    const value = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)), fc.boolean(), fc.constant(null), tie("list"), tie("dict")),
      list: fc.array(tie("value"), { maxLength: 3 }),
      dict: fc.dictionary(text.filter((key) => key !== "__proto__"), tie("value"), { maxKeys: 3 }),
    })).value;
    const samples = fc.sample(
      fc.record({
        funcArgs: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), value, { maxKeys: 4 }),
        // A blank name is refused here (the Python SDK passes it to pip).
        packagesToInstall: fc.array(text.filter((name) => name.trim() !== ""), { minLength: 1, maxLength: 3 }),
        pipIndexUrls: fc.array(text, { minLength: 1, maxLength: 3 }),
        mpi: fc.boolean(),
      }),
      { numRuns: 60, seed: 20_250 },
    );
    const source = "def train(**kwargs):\n    print(kwargs)\n";
    const cases = samples.map(({ mpi, ...trainer }) => ({ runtime: runtimeOf(mpi ? "deepspeed-distributed" : "torch-distributed"), options: { name: "job", trainer: { func: { source }, ...trainer } } as TrainOptions }));
    const fromPython = await py<TrainerV1alpha1TrainJob[]>("build", writeTrainCaseFile(cases.map(({ runtime, options }) => toPythonTrainCase(options, { object: runtime.object }))));
    for (const [index, { runtime, options }] of cases.entries()) {
      expect(toTrainJob(options, runtime).spec?.trainer?.command, JSON.stringify(options.trainer)).toEqual(fromPython[index]?.spec?.trainer?.command);
    }
  });

  test("offline: getRuntimePackages builds the Python SDK's TrainJob (but for its own function's code) on torch, MPI and GPU runtimes", { timeout: 120_000 }, async () => {
    // torch-distributed with a GPU per node: the job then asks for no CPU.
    const gpu = structuredClone(runtimeOf().object);
    const node = gpu.spec?.template?.spec?.replicatedJobs?.[0]?.template?.spec?.template?.spec?.containers[0];
    if (node) node.resources = { limits: { "nvidia.com/gpu": 1 } };
    const onBox = ["torch-distributed", "deepspeed-distributed", "mlx-distributed", INITIALIZER_RUNTIME, PLAIN_RUNTIME].map(runtimeOf);
    const cases = [...onBox, toRuntimeSummary(gpu, "Cluster")];
    /** The code between the heredoc's markers, which is each SDK's own. */
    const withoutCode = (job: TrainerV1alpha1TrainJob): unknown => {
      const copy = structuredClone(job);
      const command = copy.spec?.trainer?.command;
      if (command) command[command.length - 1] = (command.at(-1) ?? "").replace(/<< EOM\n\n[^]*\nprint_packages\(\)\n\nEOM\n/, "<< EOM\n\n(code)\nprint_packages()\n\nEOM\n");
      return { ...copy, metadata: { ...copy.metadata, name: "generated" } };
    };
    for (const runtime of cases) {
      const fromPython = await py<TrainerV1alpha1TrainJob>("packages", writeTrainCaseFile({ runtime: { object: runtime.object } }));
      const fromTs = toTrainJob(toRuntimePackagesOptions(runtime));
      expect(withoutCode(fromTs), runtime.name).toEqual(withoutCode(fromPython));
      // The mask found the code in both (else the comparison above would hold the code too, and fail).
      expect(JSON.stringify(withoutCode(fromPython)), runtime.name).toContain("<< EOM\\n\\n(code)\\nprint_packages()");
    }
    await expect(py("packages", writeTrainCaseFile({ runtime: { object: runtimeOf("torchtune-qwen2.5-1.5b").object } }))).rejects.toThrow(/Cannot get Runtime packages for BuiltinTrainer/);
    expect(() => toRuntimePackagesOptions(runtimeOf("torchtune-qwen2.5-1.5b"))).toThrow(/runs the builtin torchtune trainer/);
  });

  test("getRuntimePackages' function prints the Python version and pip's list, as the Python SDK's does", { timeout: 60_000 }, async () => {
    const job = toTrainJob(toRuntimePackagesOptions(runtimeOf()));
    const code = /<< EOM\n\n([^]*)\nEOM\n/.exec(job.spec?.trainer?.command?.at(-1) ?? "")?.[1] ?? "";
    const dir = mkdtempSync(join(tmpdir(), "kfts-packages-"));
    writeFileSync(join(dir, "backend.py"), code);
    // The venv's bin first on PATH, as an image's would be: its pip lists the SDK it holds.
    const { stdout } = await execFileAsync(python, [join(dir, "backend.py")], { env: { ...process.env, PATH: `${dirname(python)}:${process.env.PATH}` } });
    expect(stdout).toMatch(/^Python: 3\.\d+\.\d+/);
    expect(stdout).toMatch(/^kubeflow\s+0\.5\.0$/m);
  });

  test("on the box, getRuntimePackages runs its job to Complete, returns node-0's log and deletes the job", { timeout: 180_000 }, async () => {
    const { ts } = await seedUser();
    const lines = await ts.getRuntimePackages("torch-distributed", { timeoutMs: 120_000 });
    expect(lines.at(-1)).toBe("node: exited with code 0 (Completed)");
    expect(lines[0]).toMatch(/^\+ bash -c/);
    // Deleted: gone, or going (the API answers with its deletionTimestamp until the garbage collector is done).
    const left = (await ts.trainJobs.list()).items.filter((job) => job.metadata?.deletionTimestamp === undefined);
    expect(left).toEqual([]);
    await expect(ts.getRuntimePackages("torchtune-qwen2.5-1.5b")).rejects.toThrow(TypeError);
    expect((await ts.trainJobs.list()).items.filter((job) => job.metadata?.deletionTimestamp === undefined)).toEqual([]);
  });

  for (const [title, { runtime, options }] of Object.entries(CASES)) {
    test(`on the box, ${title}: both SDKs create the same TrainJob`, { timeout: 120_000 }, async () => {
      const { ts, pyEnv } = await seedUser();
      const names = { ts: uniqueName("train-ts"), py: uniqueName("train-py") };
      const pyName = await py<string>("train", writeTrainCaseFile(toPythonTrainCase({ ...options, name: names.py }, runtime ?? "torch-distributed")), pyEnv);
      expect(pyName).toBe(names.py);
      const tsName = await ts.train({ ...options, name: names.ts, ...(runtime ? { runtime } : {}) });
      expect(tsName).toBe(names.ts);
      const [fromTs, fromPy] = await Promise.all([ts.trainJobs.get(names.ts), ts.trainJobs.get(names.py)]);
      expect(comparable(fromTs)).toEqual(comparable(fromPy));
    });
  }
});
