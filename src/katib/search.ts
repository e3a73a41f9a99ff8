/**
 * Search-space helpers, like the Python SDK's `katib.search`. Two forms: with a name first, each builds a
 * V1beta1ParameterSpec for an Experiment's `parameters` (`search.double("lr", 0.01, 0.1)`); without a name, as in
 * Python, a SearchSpace for tune(), whose `parameters` key names it (`{ lr: search.double(0.01, 0.1) }`).
 * Bounds are written as strings, the way the API stores them.
 */
import type { V1beta1FeasibleSpace, V1beta1ParameterSpec } from "../../generated/katib/v1beta1/types.ts";
import { toPythonStr } from "../python/python-literal.ts";

/** Options of the numeric search spaces: a step between values, and how values are drawn. */
export interface NumericSearchOptions {
  step?: number;
  distribution?: V1beta1FeasibleSpace["distribution"];
}

/** The kinds of search space Katib knows. */
export type ParameterType = NonNullable<V1beta1ParameterSpec["parameterType"]>;

/**
 * A search space without a name, for tune()'s `parameters`: the Python SDK's `katib.search.double(…)` and kin. A
 * class, so that tune() tells it apart from a fixed value that is a dict (Python checks `isinstance` the same way).
 */
export class SearchSpace {
  /** double, int, discrete or categorical. */
  readonly parameterType: ParameterType;
  /** Bounds and step, or the list of values, as the API writes them (strings). */
  readonly feasibleSpace: Readonly<V1beta1FeasibleSpace>;

  /** A search space of a kind; the helpers of `search` check their bounds and build these. */
  constructor(parameterType: ParameterType, feasibleSpace: V1beta1FeasibleSpace) {
    this.parameterType = parameterType;
    this.feasibleSpace = Object.freeze({ ...feasibleSpace, ...(feasibleSpace.list ? { list: [...feasibleSpace.list] } : {}) });
  }

  /** The Experiment parameter this search space becomes under `name`. */
  toParameterSpec(name: string): V1beta1ParameterSpec {
    const { list, ...rest } = this.feasibleSpace;
    return { name, parameterType: this.parameterType, feasibleSpace: { ...rest, ...(list ? { list: [...list] } : {}) } };
  }
}

/** The search-space builders: each with a name first gives a V1beta1ParameterSpec, without one a SearchSpace. */
export interface SearchSpaceBuilders {
  /** A continuous parameter between `min` and `max`, named by tune()'s `parameters` key. Numbers are written as Python's str() writes them. */
  double(min: number, max: number, options?: NumericSearchOptions): SearchSpace;
  /** A continuous parameter between `min` and `max`. */
  double(name: string, min: number, max: number, options?: NumericSearchOptions): V1beta1ParameterSpec;
  /** An integer parameter between `min` and `max`, named by tune()'s `parameters` key. */
  int(min: number, max: number, options?: NumericSearchOptions): SearchSpace;
  /** An integer parameter between `min` and `max`. */
  int(name: string, min: number, max: number, options?: NumericSearchOptions): V1beta1ParameterSpec;
  /** A parameter taking one of a list of numbers, named by tune()'s `parameters` key. */
  discrete(values: readonly number[]): SearchSpace;
  /** A parameter taking one of a list of numbers. */
  discrete(name: string, values: readonly number[]): V1beta1ParameterSpec;
  /** A parameter taking one of a list of strings, named by tune()'s `parameters` key. */
  categorical(values: readonly string[]): SearchSpace;
  /** A parameter taking one of a list of strings. */
  categorical(name: string, values: readonly string[]): V1beta1ParameterSpec;
}

/** How a form writes numbers: String() for the named form (as it always has), Python's str() for the Python form. */
type Format = (value: number) => string;

function numeric(helper: "double" | "int", format: Format, label: string, min: number, max: number, options: NumericSearchOptions): V1beta1FeasibleSpace {
  if (helper === "int" && (!Number.isInteger(min) || !Number.isInteger(max))) throw new RangeError(`search.int(${label}): min and max must be integers`);
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`search.${helper}(${label}): min and max must be finite numbers`);
  if (min > max) throw new RangeError(`search.${helper}(${label}): min ${min} is above max ${max}`);
  return { min: format(min), max: format(max), ...(options.step !== undefined ? { step: format(options.step) } : {}), ...(options.distribution ? { distribution: options.distribution } : {}) };
}

function list<T>(helper: "discrete" | "categorical", label: string, values: readonly T[], format: (value: T) => string): V1beta1FeasibleSpace {
  if (values.length === 0) throw new RangeError(`search.${helper}(${label}): give at least one value`);
  return { list: values.map(format) };
}

const pythonStr: Format = (value) => toPythonStr(value);

/** One helper in both forms: `(name, …rest)` gives a named V1beta1ParameterSpec, `(…rest)` a SearchSpace. */
function bothForms<Rest extends unknown[]>(parameterType: ParameterType, build: (format: Format, label: string, ...rest: Rest) => V1beta1FeasibleSpace) {
  return (...args: [string, ...Rest] | Rest): V1beta1ParameterSpec | SearchSpace => {
    if (typeof args[0] === "string") {
      const [name, ...rest] = args as [string, ...Rest];
      return { name, parameterType, feasibleSpace: build(String, name, ...rest) };
    }
    return new SearchSpace(parameterType, build(pythonStr, "", ...(args as Rest)));
  };
}

/**
 * Search-space builders: `search.double("lr", 0.01, 0.1)` for an Experiment's parameters, `search.double(0.01, 0.1)`
 * for tune(). The Python-style form writes numbers as Python's str() does (`1e-05`), so the Experiment is the Python
 * SDK's; its categorical fills `list` (the Python SDK 0.19.0's fills `distribution`, which Katib rejects).
 */
export const search: SearchSpaceBuilders = {
  double: bothForms("double", (format, label, min: number, max: number, options: NumericSearchOptions = {}) => numeric("double", format, label, min, max, options)),
  int: bothForms("int", (format, label, min: number, max: number, options: NumericSearchOptions = {}) => numeric("int", format, label, min, max, options)),
  discrete: bothForms("discrete", (format, label, values: readonly number[]) => list("discrete", label, values, format)),
  categorical: bothForms("categorical", (_format, label, values: readonly string[]) => list("categorical", label, values, String)),
} as SearchSpaceBuilders;
