/**
 * Every upstream example of the shared corpus validates without errors — except two Katib examples that Katib
 * v0.19's own validating webhook rejects (upstream defects, asserted exactly so that a change is noticed).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateManifests } from "../../src/validate/index.ts";
import { corpusDir } from "../support/sources.ts";

/**
 * validator.go rejects these as published: simple-pbt sets maxFailedTrialCount 3 above maxTrialCount 2
 * ("should be less than or equal to spec.maxTrialCount"), and the Tekton example declares the trial parameter
 * learningRate but its template never uses `${trialParameters.learningRate}` ("not found in spec.trialTemplate").
 */
const UPSTREAM_REJECTED: Readonly<Record<string, readonly string[]>> = {
  "katib/hp-tuning/simple-pbt.yaml": ["katib.max-failed-trial-count"],
  "katib/tekton/pipeline-run.yaml": ["katib.trial-parameters"],
};

const files = readdirSync(corpusDir, { recursive: true })
  .map(String)
  .filter((file) => /\.(ya?ml|json)$/.test(file))
  .sort();

describe("the shared corpus", () => {
  test("has Katib and Trainer manifests", () => {
    expect(files.some((file) => file.startsWith("katib/"))).toBe(true);
    expect(files.some((file) => file.startsWith("trainer/"))).toBe(true);
  });

  test.each(files)("%s", async (file) => {
    const report = await validateManifests(readFileSync(join(corpusDir, file), "utf8"), { file });
    const errors = report.issues.filter((issue) => issue.severity === "error");
    expect(report.documents.length).toBeGreaterThan(0);
    expect(report.documents.every((document) => !document.skipped)).toBe(true);
    expect(errors.map((issue) => issue.rule)).toEqual(UPSTREAM_REJECTED[file] ?? []);
  });

  test("totals: every document validated, no error outside the known upstream defects", async () => {
    let documents = 0;
    let errors = 0;
    for (const file of files) {
      const report = await validateManifests(readFileSync(join(corpusDir, file), "utf8"), { file });
      documents += report.documents.length;
      errors += report.issues.filter((issue) => issue.severity === "error" && !(UPSTREAM_REJECTED[file] ?? []).includes(issue.rule)).length;
    }
    console.log(`corpus: ${files.length} files, ${documents} documents, ${errors} unexpected errors`);
    expect(errors).toBe(0);
  });
});
