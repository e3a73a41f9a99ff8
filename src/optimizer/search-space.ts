/**
 * The Kubeflow SDK's optimizer search spaces (`kubeflow.optimizer.Search`): `Search.uniform`, `Search.loguniform` and
 * `Search.choice`, and the two kinds of space an OptimizationJob reports (`ContinuousSearchSpace`,
 * `CategoricalSearchSpace`). They differ from the Katib SDK's `search` helpers: a continuous space is always a double
 * with a distribution, and a choice is categorical whatever its values.
 */
import type { V1beta1ParameterSpec } from "../../generated/katib/v1beta1/types.ts";
import { toPythonStr } from "../python/python-literal.ts";

/** How a continuous space is sampled: Katib's `uniform` or `logUniform` distribution. */
export type Distribution = "uniform" | "logUniform";

/** A value `Search.choice` can offer; Katib keeps each as Python's `str()` of it (`True`, `0.5`, `adam`). */
export type SearchChoice = string | number | boolean;

/** A double between `min` and `max` (the SDK's `ContinuousSearchSpace`). */
export interface ContinuousSearchSpace {
  /** Which kind of space. */
  readonly kind: "continuous";
  /** The lower bound. */
  readonly min: number;
  /** The upper bound. */
  readonly max: number;
  /** How values are sampled. */
  readonly distribution: Distribution;
}

/**
 * One of a list of values (the SDK's `CategoricalSearchSpace`). The values Katib gives a trial are strings; an
 * OptimizationJob read back reports its choices as strings, as the SDK does.
 */
export interface CategoricalSearchSpace {
  /** Which kind of space. */
  readonly kind: "categorical";
  /** The values to choose from. */
  readonly choices: readonly SearchChoice[];
}

/** A parameter's search space in `optimize()`'s `searchSpace`: built by `Search.uniform`, `Search.loguniform` or `Search.choice`. */
export type OptimizerSearchSpace = ContinuousSearchSpace | CategoricalSearchSpace;

/** The search-space helpers of `kubeflow.optimizer.Search`. */
export interface SearchHelpers {
  /** A double sampled uniformly between `min` and `max` (`Search.uniform(min, max)`). */
  uniform(min: number, max: number): ContinuousSearchSpace;
  /** A double sampled log-uniformly between `min` and `max`, both above 0 (`Search.loguniform(min, max)`). */
  loguniform(min: number, max: number): ContinuousSearchSpace;
  /** One of `values` (`Search.choice(values)`), at least one. */
  choice(values: readonly SearchChoice[]): CategoricalSearchSpace;
}

function continuous(helper: string, min: number, max: number, distribution: Distribution): ContinuousSearchSpace {
  if (typeof min !== "number" || typeof max !== "number" || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new TypeError(`Search.${helper}(min, max): min and max must be finite numbers, got ${String(min)} and ${String(max)}`);
  }
  if (min > max) throw new RangeError(`Search.${helper}(min, max): min ${min} is above max ${max}`);
  if (distribution === "logUniform" && min <= 0) throw new RangeError(`Search.${helper}(min, max): min must be above 0 for a log-uniform distribution, got ${min}`);
  return Object.freeze({ kind: "continuous", min, max, distribution });
}

/**
 * `Search.uniform(0.001, 0.1)`, `Search.loguniform(1e-5, 1e-2)`, `Search.choice([16, 32, 64])`: a parameter's space
 * for `optimize()`, as the Kubeflow SDK's `Search` builds it. Bad bounds or an empty choice throw, naming the helper.
 */
export const Search: SearchHelpers = {
  uniform: (min, max) => continuous("uniform", min, max, "uniform"),
  loguniform: (min, max) => continuous("loguniform", min, max, "logUniform"),
  choice(values) {
    if (!Array.isArray(values) || values.length === 0) throw new RangeError("Search.choice(values): give at least one value");
    for (const [index, value] of values.entries()) {
      if (!["string", "number", "boolean"].includes(typeof value)) throw new TypeError(`Search.choice(values): values[${index}] must be a string, number or boolean, got ${value === null ? "null" : typeof value}`);
    }
    return Object.freeze({ kind: "categorical", choices: Object.freeze([...values]) });
  },
};

/** Whether a value is a search space of `Search` (an object literal of the same shape counts). */
export function isOptimizerSearchSpace(value: unknown): value is OptimizerSearchSpace {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === "continuous" || kind === "categorical";
}

/** The Katib parameter of a search space, as the SDK writes it: bounds and choices as Python's `str()`. */
export function toParameterSpec(name: string, space: OptimizerSearchSpace, field: string): V1beta1ParameterSpec {
  if (space.kind === "categorical") {
    const checked = Search.choice(space.choices);
    return { name, parameterType: "categorical", feasibleSpace: { list: checked.choices.map((value, index) => toPythonStr(value, `${field}.choices[${index}]`)) } };
  }
  const checked = continuous(space.distribution === "logUniform" ? "loguniform" : "uniform", space.min, space.max, space.distribution);
  return { name, parameterType: "double", feasibleSpace: { min: toPythonStr(checked.min, `${field}.min`), max: toPythonStr(checked.max, `${field}.max`), distribution: checked.distribution } };
}

/**
 * A Katib parameter as an OptimizationJob reports it (the SDK's `get_search_space_from_katib_spec`): a categorical
 * one's list as strings; any other as a continuous space with its bounds as numbers. Throws for one the SDK cannot read.
 */
export function fromParameterSpec(parameter: V1beta1ParameterSpec): OptimizerSearchSpace {
  const space = parameter.feasibleSpace;
  if (parameter.parameterType === "categorical") {
    if (!space?.list?.length) throw new TypeError(`Katib parameter ${parameter.name}: a categorical parameter without a list`);
    return { kind: "categorical", choices: space.list.map(String) };
  }
  if (!space?.min || !space.max || !space.distribution || (space.distribution !== "uniform" && space.distribution !== "logUniform")) {
    throw new TypeError(`Katib parameter ${parameter.name}: the optimizer reads only min, max and a uniform or logUniform distribution`);
  }
  return { kind: "continuous", min: Number(space.min), max: Number(space.max), distribution: space.distribution };
}
