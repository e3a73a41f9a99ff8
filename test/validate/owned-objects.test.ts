/**
 * validateKubeObject's `owned` argument: an object the caller hands over is defaulted in place (no copy), any other is
 * left as it was; the verdict is the same either way, and the request size is measured before defaulting.
 */
import { describe, expect, test } from "vitest";
import { validateKubeObject } from "../../src/validate/validate-object.ts";
import { experiment, trainJob } from "./fixtures.ts";

describe("owned objects", () => {
  test("a borrowed object is left as it was; an owned one gets admission's defaults in place", async () => {
    const borrowed = trainJob();
    const owned = trainJob();
    const before = structuredClone(borrowed);
    const kept = await validateKubeObject(borrowed, "strict");
    const defaulted = await validateKubeObject(owned, "strict", { owned: true });
    expect(borrowed).toEqual(before);
    expect(owned).not.toEqual(before);
    expect((owned.spec as { managedBy?: string }).managedBy).toBe("trainer.kubeflow.org/trainjob-controller");
    expect(defaulted).toEqual(kept);
  });

  test("an owned Experiment is defaulted in place, and Katib's rules still read its spec as written", async () => {
    const written = experiment();
    delete written.spec.parallelTrialCount;
    // Empty as written: defaulting gives it a distribution, and only the spec as written tells the rule it was empty.
    written.spec.parameters[0].feasibleSpace = {};
    const before = structuredClone(written);
    const owned = await validateKubeObject(written, "strict", { owned: true });
    expect(written.spec.parallelTrialCount).toBe(3);
    expect(owned).toEqual(await validateKubeObject(structuredClone(before), "strict"));
    expect(owned.findings.map((finding) => finding.rule)).toContain("katib.parameters.feasible-space");
  });

  test("the request size is the object's as sent, before defaults are added", async () => {
    const big = trainJob();
    // Just under the apiserver's 3 MiB once serialized; the defaults would take it over.
    const filler = 3 * 1024 * 1024 - Buffer.byteLength(JSON.stringify(big)) - 40;
    big.metadata.annotations = { filler: "x".repeat(filler) };
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThan(3 * 1024 * 1024);
    const result = await validateKubeObject(big, "strict", { owned: true });
    expect(result.findings.filter((finding) => finding.rule === "document.too-large")).toEqual([]);
    big.metadata.annotations.filler += "x".repeat(100);
    const over = await validateKubeObject(structuredClone({ ...trainJob(), metadata: big.metadata }), "strict", { owned: true });
    expect(over.findings.map((finding) => finding.rule)).toContain("document.too-large");
  });
});
