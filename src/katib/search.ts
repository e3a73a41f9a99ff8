/**
 * Search-space helpers, like the Python SDK's `katib.search`: each builds a V1beta1ParameterSpec for an Experiment.
 * Bounds are written as strings, the way the API stores them.
 */
import type { V1beta1FeasibleSpace, V1beta1ParameterSpec } from "../../generated/katib/v1beta1/types.ts";

/** A continuous parameter between `min` and `max`. */
function double(name: string, min: number, max: number, options: NumericSearchOptions = {}): V1beta1ParameterSpec {
  if (!(min <= max)) throw new RangeError(`search.double(${name}): min ${min} is above max ${max}`);
  return {
    name,
    parameterType: "double",
    feasibleSpace: { min: String(min), max: String(max), ...(options.step !== undefined ? { step: String(options.step) } : {}), ...(options.distribution ? { distribution: options.distribution } : {}) },
  };
}

/** An integer parameter between `min` and `max`. */
function int(name: string, min: number, max: number, options: NumericSearchOptions = {}): V1beta1ParameterSpec {
  if (!Number.isInteger(min) || !Number.isInteger(max)) throw new RangeError(`search.int(${name}): min and max must be integers`);
  if (min > max) throw new RangeError(`search.int(${name}): min ${min} is above max ${max}`);
  return {
    name,
    parameterType: "int",
    feasibleSpace: { min: String(min), max: String(max), ...(options.step !== undefined ? { step: String(options.step) } : {}), ...(options.distribution ? { distribution: options.distribution } : {}) },
  };
}

/** A parameter taking one of a list of numbers. */
function discrete(name: string, values: readonly number[]): V1beta1ParameterSpec {
  if (values.length === 0) throw new RangeError(`search.discrete(${name}): give at least one value`);
  return { name, parameterType: "discrete", feasibleSpace: { list: values.map(String) } };
}

/** A parameter taking one of a list of strings. */
function categorical(name: string, values: readonly string[]): V1beta1ParameterSpec {
  if (values.length === 0) throw new RangeError(`search.categorical(${name}): give at least one value`);
  return { name, parameterType: "categorical", feasibleSpace: { list: [...values] } };
}

/** Options of the numeric search spaces: a step between values, and how values are drawn. */
export interface NumericSearchOptions {
  step?: number;
  distribution?: V1beta1FeasibleSpace["distribution"];
}

/** The search-space builders, each giving a V1beta1ParameterSpec. */
export interface SearchSpaceBuilders {
  /** A continuous parameter between `min` and `max`. */
  double(name: string, min: number, max: number, options?: NumericSearchOptions): V1beta1ParameterSpec;
  /** An integer parameter between `min` and `max`. */
  int(name: string, min: number, max: number, options?: NumericSearchOptions): V1beta1ParameterSpec;
  /** A parameter taking one of a list of numbers. */
  discrete(name: string, values: readonly number[]): V1beta1ParameterSpec;
  /** A parameter taking one of a list of strings. */
  categorical(name: string, values: readonly string[]): V1beta1ParameterSpec;
}

/** Search-space builders: `search.double("lr", 0.01, 0.1)`. */
export const search: SearchSpaceBuilders = { double, int, discrete, categorical };
