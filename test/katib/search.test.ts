/** The search-space helpers in both forms: named for an Experiment's parameters, unnamed (Python's) for tune(). */
import { describe, expect, test } from "vitest";
import { search, SearchSpace } from "../../src/katib/search.ts";

describe("search with a name: V1beta1ParameterSpec", () => {
  test("numbers written with String(), as before", () => {
    expect(search.double("lr", 0.01, 0.1)).toEqual({ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } });
    expect(search.double("lr", 1e-7, 1, { step: 0.5, distribution: "logUniform" })).toEqual({ name: "lr", parameterType: "double", feasibleSpace: { min: "1e-7", max: "1", step: "0.5", distribution: "logUniform" } });
    expect(search.int("epochs", 1, 10, { step: 3 })).toEqual({ name: "epochs", parameterType: "int", feasibleSpace: { min: "1", max: "10", step: "3" } });
    expect(search.discrete("batch", [16, 32])).toEqual({ name: "batch", parameterType: "discrete", feasibleSpace: { list: ["16", "32"] } });
    expect(search.categorical("optimizer", ["sgd", "adam"])).toEqual({ name: "optimizer", parameterType: "categorical", feasibleSpace: { list: ["sgd", "adam"] } });
  });
});

describe("search without a name: SearchSpace, as the Python SDK's katib.search", () => {
  test("a SearchSpace that becomes a parameter under the name tune() gives it", () => {
    const space = search.double(0.01, 0.1, { step: 0.01 });
    expect(space).toBeInstanceOf(SearchSpace);
    expect(space.toParameterSpec("lr")).toEqual({ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1", step: "0.01" } });
  });

  test("numbers written as Python's str() writes them", () => {
    expect(search.double(1e-5, 1).feasibleSpace).toEqual({ min: "1e-05", max: "1" });
    expect(search.double(0.5, 2.5e20).feasibleSpace).toEqual({ min: "0.5", max: "2.5e+20" });
    expect(search.int(-4, 64, { step: 4 }).feasibleSpace).toEqual({ min: "-4", max: "64", step: "4" });
    expect(search.discrete([0.001, 1, 1e-6]).feasibleSpace).toEqual({ list: ["0.001", "1", "1e-06"] });
  });

  test("categorical fills `list` (the Python SDK 0.19.0's fills `distribution`, which Katib refuses)", () => {
    expect(search.categorical(["sgd", "adam"]).toParameterSpec("optimizer")).toEqual({ name: "optimizer", parameterType: "categorical", feasibleSpace: { list: ["sgd", "adam"] } });
  });

  test("a distribution, which Katib v0.19.0 reads (the Python SDK's helpers have no argument for it)", () => {
    expect(search.double(0.01, 1, { distribution: "logUniform" }).feasibleSpace).toEqual({ min: "0.01", max: "1", distribution: "logUniform" });
  });

  test("its space cannot be changed through the caller's array or the spec it gave", () => {
    const values = ["a", "b"];
    const space = search.categorical(values);
    values.push("c");
    space.toParameterSpec("x").feasibleSpace?.list?.push("d");
    expect(space.feasibleSpace.list).toEqual(["a", "b"]);
    expect(Object.isFrozen(space.feasibleSpace)).toBe(true);
  });
});

describe("bounds are checked in both forms", () => {
  test.each([
    ["min above max", () => search.double(2, 1), /search\.double\(\): min 2 is above max 1/],
    ["named min above max", () => search.double("lr", 2, 1), /search\.double\(lr\): min 2 is above max 1/],
    ["NaN", () => search.double(Number.NaN, 1), /finite numbers/],
    ["infinity", () => search.double("lr", 0, Number.POSITIVE_INFINITY), /finite numbers/],
    ["an int bound that is not an integer", () => search.int(0.5, 2), /search\.int\(\): min and max must be integers/],
    ["no values", () => search.categorical([]), /give at least one value/],
    ["no named values", () => search.discrete("batch", []), /search\.discrete\(batch\): give at least one value/],
  ])("%s", (_title, build, message) => {
    expect(build).toThrow(message);
  });
});
