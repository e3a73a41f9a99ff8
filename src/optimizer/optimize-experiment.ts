/**
 * Building the Katib Experiment of `optimize()`, as the Kubeflow SDK's optimizer backend does: the trial template is a
 * TrainJob (the Trainer's spec, built as `train()` builds it) whose function gets each search-space parameter as the
 * keyword argument `${trialParameters.<name>}`; the parameters, budget, objective and algorithm follow. Checking comes
 * first and needs no cluster (`planOptimization`); building needs the runtime, which a function trainer's command
 * comes from. Loaded on `optimize()`'s first call.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { V1beta1Experiment, V1beta1ObjectiveSpec } from "../../generated/katib/v1beta1/types.ts";
import type { RuntimeSummary } from "../trainer/runtime-summary.ts";
import { planTrainJob } from "../trainer/train-job-spec.ts";
import { toAlgorithmSpec } from "./algorithms.ts";
import type { Objective, OptimizeOptions, TrialConfig } from "./optimization-types.ts";
import { isOptimizerSearchSpace, toParameterSpec } from "./search-space.ts";

/** A checked `optimize()` call: the runtime it needs, and the Experiment once the runtime is known. */
export interface OptimizationPlan {
  /** The Experiment's generated name. */
  name: string;
  /** The runtime's name. */
  runtime: string;
  /** Whether building needs the runtime read first (a runtime given by name). */
  needsRuntime: boolean;
  /** The Experiment; `runtime` is required when `needsRuntime`. */
  build(runtime?: RuntimeSummary): V1beta1Experiment;
}

/** A name as the SDK generates one: a lowercase letter and 11 hex digits of a UUID. */
export function generateOptimizationJobName(): string {
  return "abcdefghijklmnopqrstuvwxyz"[randomInt(26)] + randomUUID().replaceAll("-", "").slice(0, 11);
}

/**
 * Checks the arguments before anything is sent: an empty search space (the SDK's "Search space must be set."), a
 * space not built by `Search`, a bad objective, trial budget or algorithm, and everything `train()` checks of the
 * trainer (with the parameters among its keyword arguments) are TypeErrors or RangeErrors naming the field.
 */
export function planOptimization(options: OptimizeOptions): OptimizationPlan {
  if (typeof options !== "object" || options === null) throw new TypeError("optimize: give the options ({ trialTemplate, searchSpace, … })");
  const { trialTemplate, searchSpace } = options;
  if (typeof searchSpace !== "object" || searchSpace === null || Object.keys(searchSpace).length === 0) {
    throw new RangeError("optimize: searchSpace must be set: give at least one parameter (Search.uniform, Search.loguniform or Search.choice)");
  }
  const parameters = Object.entries(searchSpace).map(([name, space]) => {
    if (name.trim() === "") throw new TypeError("optimize: searchSpace has a parameter with an empty name");
    if (!isOptimizerSearchSpace(space)) throw new TypeError(`optimize: searchSpace.${name} must be a search space of Search.uniform, Search.loguniform or Search.choice`);
    return toParameterSpec(name, space, `searchSpace.${name}`);
  });
  if (typeof trialTemplate !== "object" || trialTemplate === null) throw new TypeError("optimize: trialTemplate is required ({ trainer: { func, … }, runtime?, initializer? })");
  const trainer = trialTemplate.trainer as unknown;
  if (typeof trainer !== "object" || trainer === null || (trainer as { func?: unknown }).func === undefined) {
    throw new TypeError("optimize: trialTemplate.trainer must be a function trainer ({ func: { source }, funcArgs?, … }): the search space is passed to the function");
  }
  const funcArgs = { ...(trialTemplate.trainer.funcArgs ?? {}), ...Object.fromEntries(parameters.map(({ name }) => [name, `\${trialParameters.${name}}`])) };
  const trainJob = withField(() => planTrainJob({ trainer: { ...trialTemplate.trainer, funcArgs }, ...(trialTemplate.runtime !== undefined ? { runtime: trialTemplate.runtime } : {}), ...(trialTemplate.initializer ? { initializer: trialTemplate.initializer } : {}) }));
  const objective = toObjectiveSpec(options.objectives);
  const budget = toBudget(options.trialConfig ?? {});
  const algorithm = toAlgorithmSpec(options.algorithm ?? { algorithmName: "random" });
  const name = generateOptimizationJobName();
  return {
    name,
    runtime: trainJob.runtime,
    needsRuntime: trainJob.needsRuntime,
    build(runtime) {
      const { spec } = withField(() => trainJob.build(runtime));
      return {
        apiVersion: "kubeflow.org/v1beta1",
        kind: "Experiment",
        metadata: { name },
        spec: {
          trialTemplate: {
            retain: true,
            primaryContainerName: "node",
            trialParameters: parameters.map(({ name }) => ({ name, reference: name })),
            trialSpec: { apiVersion: "trainer.kubeflow.org/v1alpha1", kind: "TrainJob", spec },
          },
          parameters,
          ...budget,
          objective,
          algorithm,
        },
      };
    },
  };
}

/** train()'s checks, with the field named as optimize() takes it. */
function withField<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const message = error.message.replace(/^train: /, "").replace(/^(trainer|initializer|runtime)\b/, "trialTemplate.$1");
    throw new (error instanceof RangeError ? RangeError : TypeError)(`optimize: ${message}`, { cause: error });
  }
}

function toObjectiveSpec(objectives: readonly Objective[] | undefined): V1beta1ObjectiveSpec {
  // The SDK's `objectives or [Objective()]`: none, or an empty list, is the default.
  const list = objectives?.length ? objectives : [{}];
  const checked = list.map((objective, index) => {
    const metric = objective.metric ?? "loss";
    if (typeof metric !== "string" || metric === "") throw new TypeError(`optimize: objectives[${index}].metric must be a metric name`);
    const direction = objective.direction ?? "minimize";
    if (direction !== "maximize" && direction !== "minimize") throw new TypeError(`optimize: objectives[${index}].direction must be "maximize" or "minimize", got ${JSON.stringify(direction)}`);
    return { metric, direction };
  });
  const [first, ...rest] = checked as [(typeof checked)[number], ...typeof checked];
  return { objectiveMetricName: first.metric, type: first.direction, ...(rest.length > 0 ? { additionalMetricNames: rest.map((objective) => objective.metric) } : {}) };
}

function toBudget(config: TrialConfig): { maxTrialCount: number; parallelTrialCount: number; maxFailedTrialCount?: number } {
  const count = (value: number | undefined, fallback: number, field: string): number => {
    const chosen = value ?? fallback;
    if (!Number.isSafeInteger(chosen) || chosen < 1) throw new RangeError(`optimize: trialConfig.${field} must be a positive integer, got ${String(chosen)}`);
    return chosen;
  };
  const maxFailed = config.maxFailedTrials;
  if (maxFailed !== undefined && (!Number.isSafeInteger(maxFailed) || maxFailed < 0)) throw new RangeError(`optimize: trialConfig.maxFailedTrials must be a non-negative integer, got ${String(maxFailed)}`);
  return { maxTrialCount: count(config.numTrials, 10, "numTrials"), parallelTrialCount: count(config.parallelTrials, 1, "parallelTrials"), ...(maxFailed !== undefined ? { maxFailedTrialCount: maxFailed } : {}) };
}
