/**
 * The optimizer's search algorithms (`kubeflow.optimizer.GridSearch`, `RandomSearch`) and their Katib AlgorithmSpec,
 * as the SDK's `algorithm_to_katib_spec` writes it: each field set becomes a setting named as the SDK's field
 * (`random_state`) with Python's `str()` of its value.
 */
import type { V1beta1AlgorithmSpec } from "../../generated/katib/v1beta1/types.ts";
import { toPythonStr } from "../python/python-literal.ts";

/** Grid search: every combination of the search space (`GridSearch()`). */
export interface GridSearch {
  /** Katib's name of the algorithm. */
  readonly algorithmName: "grid";
}

/** Random search (`RandomSearch(random_state=…)`). */
export interface RandomSearch {
  /** Katib's name of the algorithm. */
  readonly algorithmName: "random";
  /** A seed, for reproducible suggestions (an integer). */
  readonly randomState?: number;
}

/** The algorithms `optimize()` takes; the SDK supports these two. */
export type OptimizerAlgorithm = GridSearch | RandomSearch;

/** The algorithm names the SDK supports. */
export type OptimizerAlgorithmName = OptimizerAlgorithm["algorithmName"];

const SETTINGS: Record<OptimizerAlgorithmName, Record<string, string>> = { grid: {}, random: { randomState: "random_state" } };

/** The Katib AlgorithmSpec of an algorithm. Throws a TypeError naming the field for an unknown name or a bad setting. */
export function toAlgorithmSpec(algorithm: OptimizerAlgorithm, field = "algorithm"): V1beta1AlgorithmSpec {
  const settings = SETTINGS[algorithm?.algorithmName as OptimizerAlgorithmName];
  if (settings === undefined || !Object.hasOwn(SETTINGS, algorithm.algorithmName)) {
    throw new TypeError(`${field}.algorithmName must be ${Object.keys(SETTINGS).map((name) => JSON.stringify(name)).join(" or ")}, got ${JSON.stringify(algorithm?.algorithmName)}`);
  }
  const unknown = Object.keys(algorithm).filter((key) => key !== "algorithmName" && !Object.hasOwn(settings, key));
  if (unknown.length > 0) throw new TypeError(`${field}: the ${algorithm.algorithmName} algorithm has no setting ${unknown.join(", ")}`);
  const algorithmSettings = Object.entries(settings).flatMap(([key, name]) => {
    const value = (algorithm as unknown as Record<string, unknown>)[key];
    if (value === undefined || value === null) return [];
    if (!Number.isSafeInteger(value)) throw new TypeError(`${field}.${key} must be an integer, got ${String(value)}`);
    return [{ name, value: toPythonStr(value as number) }];
  });
  return { algorithmName: algorithm.algorithmName, ...(algorithmSettings.length > 0 ? { algorithmSettings } : {}) };
}

/** An Experiment's algorithm as the SDK reads it (`get_algorithm_from_katib_spec`); throws for one the SDK does not support. */
export function fromAlgorithmSpec(spec: V1beta1AlgorithmSpec): OptimizerAlgorithm {
  const settings = new Map((spec.algorithmSettings ?? []).map((setting) => [setting.name, setting.value]));
  if (spec.algorithmName === "grid") return { algorithmName: "grid" };
  if (spec.algorithmName === "random") {
    const seed = settings.get("random_state");
    return { algorithmName: "random", ...(seed !== undefined && seed !== null && seed !== "" ? { randomState: Number.parseInt(seed, 10) } : {}) };
  }
  throw new TypeError(`the Kubeflow SDK's optimizer does not support the ${String(spec.algorithmName)} algorithm`);
}
