/**
 * The mutant generator the differential test and the benchmark share: deterministic, varied, non-destructive.
 */
import { describe, expect, test } from "vitest";
import { validateObject } from "../../src/validate/index.ts";
import { clusterTrainingRuntime, trainJob } from "./fixtures.ts";
import { generateMutants, MUTATION_CATEGORIES } from "./mutants.ts";

describe("generateMutants", () => {
  test("is deterministic for a seed and leaves the manifest alone", () => {
    const manifest = trainJob();
    const before = structuredClone(manifest);
    expect(generateMutants(manifest, 50, 7)).toEqual(generateMutants(manifest, 50, 7));
    expect(generateMutants(manifest, 50, 7)).not.toEqual(generateMutants(manifest, 50, 8));
    expect(manifest).toEqual(before);
  });

  test("covers every category on a runtime, and each mutant differs from the original", () => {
    const manifest = clusterTrainingRuntime();
    const mutants = generateMutants(manifest, 60, 1);
    expect(mutants).toHaveLength(60);
    expect(new Set(mutants.map((mutant) => mutant.category))).toEqual(new Set(MUTATION_CATEGORIES));
    for (const mutant of mutants) expect(mutant.object).not.toEqual(manifest);
  });

  test("most mutants are invalid offline (the differential test checks the rest against the apiserver)", async () => {
    const mutants = generateMutants(trainJob(), 100, 3);
    const verdicts = await Promise.all(mutants.map(async (mutant) => (await validateObject(mutant.object)).valid));
    const invalid = verdicts.filter((valid) => !valid).length;
    expect(invalid).toBeGreaterThan(50);
  });
});
