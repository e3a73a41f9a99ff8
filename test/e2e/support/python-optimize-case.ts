/**
 * optimize() options of kubeflow-ts as a case for test/e2e/python/optimizer_sdk.py: the same arguments for the Python
 * SDK's OptimizerClient.optimize() (TrainJobTemplate, Search helpers, Objective, GridSearch/RandomSearch, TrialConfig),
 * so both SDKs are given the same inputs from one description. The trainer and initializer are trainer_train.py's.
 */
import type { OptimizeOptions } from "../../../src/index.ts";
import { toPythonTrainCase, type PythonTrainCase } from "./python-train-case.ts";

/** One case of optimizer_sdk.py. */
export interface PythonOptimizeCase extends PythonTrainCase {
  search_space: Record<string, { helper: "uniform" | "loguniform" | "choice"; args: unknown[] }>;
  objectives?: { metric?: string; direction?: string }[];
  algorithm?: { class: "GridSearch" | "RandomSearch"; args?: Record<string, unknown> };
  trial_config?: Record<string, unknown>;
}

/** The Python SDK's optimize() arguments for `options`; `runtime` as a name (on the box) or a runtime object (offline). */
export function toPythonOptimizeCase(options: OptimizeOptions, runtime: PythonTrainCase["runtime"]): PythonOptimizeCase {
  const { trainer, initializer } = toPythonTrainCase({ trainer: options.trialTemplate.trainer, ...(options.trialTemplate.initializer ? { initializer: options.trialTemplate.initializer } : {}) }, runtime);
  const searchSpace = Object.fromEntries(
    Object.entries(options.searchSpace).map(([name, space]) => [
      name,
      space.kind === "categorical" ? { helper: "choice" as const, args: [space.choices] } : { helper: space.distribution === "logUniform" ? ("loguniform" as const) : ("uniform" as const), args: [space.min, space.max] },
    ]),
  );
  const { numTrials, parallelTrials, maxFailedTrials } = options.trialConfig ?? {};
  const algorithm = options.algorithm;
  return {
    ...(runtime !== undefined ? { runtime } : {}),
    ...(trainer ? { trainer } : {}),
    ...(initializer ? { initializer } : {}),
    search_space: searchSpace,
    ...(options.objectives ? { objectives: options.objectives.map((objective) => ({ ...objective })) } : {}),
    ...(algorithm
      ? { algorithm: algorithm.algorithmName === "grid" ? { class: "GridSearch" as const } : { class: "RandomSearch" as const, args: algorithm.randomState !== undefined ? { random_state: algorithm.randomState } : {} } }
      : {}),
    ...(options.trialConfig
      ? {
          trial_config: {
            ...(numTrials !== undefined ? { num_trials: numTrials } : {}),
            ...(parallelTrials !== undefined ? { parallel_trials: parallelTrials } : {}),
            ...(maxFailedTrials !== undefined ? { max_failed_trials: maxFailedTrials } : {}),
          },
        }
      : {}),
  };
}
