import { describe, expect, test } from "vitest";
import type { V1beta1Experiment } from "../../src/index.ts";
import { fromAlgorithmSpec, toAlgorithmSpec } from "../../src/optimizer/algorithms.ts";
import { toBestResult, toOptimizationJob } from "../../src/optimizer/optimization-job.ts";
import type { Trial } from "../../src/optimizer/optimization-types.ts";
import { fromParameterSpec, Search, toParameterSpec } from "../../src/optimizer/search-space.ts";
import type { TrainJobSummary } from "../../src/trainer/train-job-summary.ts";

const experiment = (conditions: { type: string; status: string }[] = []): V1beta1Experiment => ({
  metadata: { name: "opt", namespace: "ns", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    parameters: [toParameterSpec("lr", Search.loguniform(1e-5, 0.1), "lr"), toParameterSpec("bs", Search.choice([16, true, 0.5]), "bs")],
    objective: { type: "maximize", objectiveMetricName: "accuracy", additionalMetricNames: ["loss"] },
    algorithm: toAlgorithmSpec({ algorithmName: "random", randomState: 7 }),
    maxTrialCount: 4,
    parallelTrialCount: 2,
  },
  status: { conditions: conditions as never },
});
const trial = (status: TrainJobSummary["status"]): Trial => ({ name: "t", parameters: {}, metrics: [], trainJob: { status } as TrainJobSummary });

describe("search spaces and algorithms as Katib writes them", () => {
  test("bounds and choices as Python's str(), and back", () => {
    expect(toParameterSpec("lr", Search.loguniform(1e-5, 0.1), "lr")).toEqual({ name: "lr", parameterType: "double", feasibleSpace: { min: "1e-05", max: "0.1", distribution: "logUniform" } });
    expect(toParameterSpec("bs", Search.choice([16, true, 0.5, "adam"]), "bs")).toEqual({ name: "bs", parameterType: "categorical", feasibleSpace: { list: ["16", "True", "0.5", "adam"] } });
    expect(fromParameterSpec({ name: "lr", parameterType: "double", feasibleSpace: { min: "1e-05", max: "0.1", distribution: "logUniform" } })).toEqual({ kind: "continuous", min: 1e-5, max: 0.1, distribution: "logUniform" });
    expect(toAlgorithmSpec({ algorithmName: "grid" })).toEqual({ algorithmName: "grid" });
    expect(toAlgorithmSpec({ algorithmName: "random", randomState: 7 })).toEqual({ algorithmName: "random", algorithmSettings: [{ name: "random_state", value: "7" }] });
    expect(fromAlgorithmSpec({ algorithmName: "random", algorithmSettings: [{ name: "random_state", value: "7" }] })).toEqual({ algorithmName: "random", randomState: 7 });
    expect(() => fromAlgorithmSpec({ algorithmName: "tpe" })).toThrow(/does not support the tpe algorithm/);
    expect(() => toAlgorithmSpec({ algorithmName: "random", randomState: 1.5 })).toThrow(/algorithm\.randomState must be an integer/);
    expect(() => Search.uniform(1, 0)).toThrow(/min 1 is above max 0/);
    expect(() => Search.uniform(Number.NaN, 1)).toThrow(TypeError);
  });
});

describe("toOptimizationJob", () => {
  test("the SDK's fields: search space, objectives with the first's direction, algorithm, budget", () => {
    const job = toOptimizationJob(experiment(), []);
    expect(job).toMatchObject({
      name: "opt",
      searchSpace: { lr: { kind: "continuous", min: 1e-5, max: 0.1, distribution: "logUniform" }, bs: { kind: "categorical", choices: ["16", "True", "0.5"] } },
      objectives: [{ metric: "accuracy", direction: "maximize" }, { metric: "loss", direction: "maximize" }],
      algorithm: { algorithmName: "random", randomState: 7 },
      trialConfig: { numTrials: 4, parallelTrials: 2 },
      status: "Created",
    });
  });

  test("status: the conditions in order, Running only while a trial's TrainJob runs", () => {
    const status = (conditions: { type: string; status: string }[], trials: Trial[] = []): string => toOptimizationJob(experiment(conditions), trials).status;
    expect(status([{ type: "Created", status: "True" }])).toBe("Created");
    expect(status([{ type: "Created", status: "True" }, { type: "Running", status: "True" }])).toBe("Created");
    expect(status([{ type: "Created", status: "True" }, { type: "Running", status: "True" }], [trial("Running")])).toBe("Running");
    expect(status([{ type: "Created", status: "True" }, { type: "Running", status: "False" }, { type: "Succeeded", status: "True" }], [trial("Running")])).toBe("Complete");
    expect(status([{ type: "Created", status: "True" }, { type: "Failed", status: "True" }])).toBe("Failed");
  });

  test("an Experiment the SDK cannot read is a TypeError naming what is missing", () => {
    expect(() => toOptimizationJob({ metadata: { name: "x" }, spec: {} }, [])).toThrow(/Experiment x is not an OptimizationJob: it has no metadata\.creationTimestamp, spec\.parameters/);
  });

  test("the best result: the optimal trial's assignments and its complete metrics, or null", () => {
    expect(toBestResult(experiment())).toBeNull();
    const done = { ...experiment(), status: { currentOptimalTrial: { bestTrialName: "t1", parameterAssignments: [{ name: "lr", value: "0.05" }], observation: { metrics: [{ name: "accuracy", min: "0.9", max: "0.99", latest: "0.99" }, { name: "partial", latest: "1" }] } } } };
    expect(toBestResult(done)).toEqual({ parameters: { lr: "0.05" }, metrics: [{ name: "accuracy", min: "0.9", max: "0.99", latest: "0.99" }] });
  });
});
