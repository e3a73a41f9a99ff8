import { describe, expectTypeOf, test } from "vitest";
import { OptimizerClient, Search, search, type OptimizationJob, type OptimizationJobStatus, type OptimizeOptions, type Result } from "../../src/index.ts";

const optimizer = new OptimizerClient({ namespace: "kubeflow" });
const func = { source: "def train(lr, batch_size):\n    print(lr, batch_size)\n" };
const base = { trialTemplate: { trainer: { func } }, searchSpace: { lr: Search.uniform(0.01, 0.1) } } satisfies OptimizeOptions;

describe("OptimizerClient.optimize", () => {
  test("the SDK's arguments compile, and it resolves with the job's name", () => {
    expectTypeOf(
      optimizer.optimize({
        trialTemplate: { trainer: { func, funcArgs: { epochs: 2 }, numNodes: 2 }, runtime: "torch-distributed", initializer: { dataset: { type: "S3", storageUri: "s3://b/d" } } },
        searchSpace: { lr: Search.loguniform(1e-5, 0.1), batch_size: Search.choice([16, 32]), optimizer: Search.choice(["sgd", "adam"]) },
        objectives: [{ metric: "accuracy", direction: "maximize" }, { metric: "loss" }],
        algorithm: { algorithmName: "random", randomState: 42 },
        trialConfig: { numTrials: 5, parallelTrials: 2, maxFailedTrials: 1 },
      }),
    ).resolves.toEqualTypeOf<string>();
    void optimizer.optimize({ ...base, algorithm: { algorithmName: "grid" } });
  });

  test("a search space of the wrong kind does not compile", () => {
    // @ts-expect-error Katib's search helper, not the optimizer's Search
    void optimizer.optimize({ ...base, searchSpace: { lr: search.double(0.01, 0.1) } });
    // @ts-expect-error a fixed value is a funcArgs entry, not a search space
    void optimizer.optimize({ ...base, searchSpace: { lr: 0.01 } });
    // @ts-expect-error a Katib ParameterSpec is not an optimizer search space
    void optimizer.optimize({ ...base, searchSpace: { lr: { parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } } } });
    // @ts-expect-error a distribution Katib does not have
    void optimizer.optimize({ ...base, searchSpace: { lr: { kind: "continuous", min: 0, max: 1, distribution: "normal" } } });
    // @ts-expect-error choices are strings, numbers or booleans
    Search.choice([{ a: 1 }]);
  });

  test("an unknown algorithm, a setting of another algorithm or a bad direction does not compile", () => {
    // @ts-expect-error the SDK supports grid and random
    void optimizer.optimize({ ...base, algorithm: { algorithmName: "tpe" } });
    // @ts-expect-error grid search has no seed
    void optimizer.optimize({ ...base, algorithm: { algorithmName: "grid", randomState: 1 } });
    // @ts-expect-error maximize or minimize
    void optimizer.optimize({ ...base, objectives: [{ metric: "loss", direction: "maximise" }] });
  });

  test("the trial template takes a function trainer only", () => {
    // @ts-expect-error a container trainer has no keyword arguments for the search space
    void optimizer.optimize({ ...base, trialTemplate: { trainer: { image: "x", command: ["python", "train.py"] } } });
    // @ts-expect-error the builtin TorchTune trainer neither
    void optimizer.optimize({ ...base, trialTemplate: { trainer: { torchTune: {} } } });
    // @ts-expect-error the search space is required
    void optimizer.optimize({ trialTemplate: { trainer: { func } } });
  });
});

describe("OptimizerClient's reading methods", () => {
  test("summaries as the SDK's types", () => {
    expectTypeOf(optimizer.getJob("x")).resolves.toEqualTypeOf<OptimizationJob>();
    expectTypeOf(optimizer.listJobs()).resolves.toEqualTypeOf<OptimizationJob[]>();
    expectTypeOf(optimizer.getBestResults("x")).resolves.toEqualTypeOf<Result | null>();
    expectTypeOf<OptimizationJob["status"]>().toEqualTypeOf<OptimizationJobStatus>();
    expectTypeOf(optimizer.getJobLogs("x", { trialName: "t", follow: true })).toEqualTypeOf<AsyncGenerator<string>>();
    void optimizer.waitForJobStatus("x", { status: ["Complete", "Failed"], timeoutMs: 60_000, onProgress: (job) => expectTypeOf(job).toEqualTypeOf<OptimizationJob>() });
    // @ts-expect-error the wait watches: there is no polling interval (the SDK's polling_interval)
    void optimizer.waitForJobStatus("x", { pollingIntervalMs: 1_000 });
    // @ts-expect-error not a status of an OptimizationJob
    void optimizer.waitForJobStatus("x", { status: ["Succeeded"] });
  });
});
