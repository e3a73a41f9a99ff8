/**
 * Hostile and odd input: the validator answers with issues, in bounded time, and never throws.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { validateManifests, validateObject } from "../../src/validate/index.ts";
import { trainJob } from "./fixtures.ts";

function rules(report: { issues: Array<{ rule: string }> }): string[] {
  return report.issues.map((issue) => issue.rule);
}

describe("hostile sources", () => {
  test("a billion-laughs alias bomb stops at the alias limit", async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [index, name] of ["b", "c", "d", "e", "f", "g", "h", "i"].entries()) {
      const previous = String.fromCharCode(97 + index);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    }
    const report = await validateManifests(lines.join("\n"));
    expect(report.valid).toBe(false);
    expect(rules(report)).toContain("yaml.alias-limit");
  });

  test.each([
    ["flow", `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["JSON", `{"a": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
    ["block", Array.from({ length: 3_000 }, (_, depth) => `${" ".repeat(depth)}k:`).join("\n")],
  ])("deep %s nesting is refused as too deep", async (_style, source) => {
    const report = await validateManifests(source);
    expect(report.valid).toBe(false);
    expect(rules(report)).toEqual([expect.stringMatching(/^(yaml|json)\.depth$/)]);
  });

  test("a 10 MB manifest is validated, and refused as larger than the apiserver takes", async () => {
    const env: string[] = [];
    for (let index = 0; env.length * 60 < 10_000_000; index++) env.push(`        - {name: VAR_${index}, value: "a value that is long enough ${index}"}`);
    const source = ["apiVersion: trainer.kubeflow.org/v1alpha1", "kind: TrainJob", "metadata: {name: big}", "spec:", "  runtimeRef: {name: torch-distributed}", "  trainer:", "    env:", ...env].join("\n");
    expect(source.length).toBeGreaterThan(10_000_000);
    const report = await validateManifests(source);
    expect(rules(report)).toEqual(expect.arrayContaining(["document.too-large", "schema.max-items"]));
  }, 60_000);

  test("a 10 MB JSON manifest takes the fast path", async () => {
    const env = Array.from({ length: 150_000 }, (_, index) => ({ name: `VAR_${index}`, value: `a value that is long enough ${index}` }));
    const object = { apiVersion: "trainer.kubeflow.org/v1alpha1", kind: "TrainJob", metadata: { name: "big" }, spec: { runtimeRef: { name: "r" }, trainer: { env } } };
    const source = JSON.stringify(object, null, 1);
    expect(source.length).toBeGreaterThan(10_000_000);
    const report = await validateManifests(source);
    expect(rules(report)).toEqual(["document.too-large", "schema.max-items"]);
    expect(report.issues[1]).toMatchObject({ path: "spec.trainer.env", line: 12, column: 11 });
  });

  test("JSON wide at depth costs linear time (positions are not keyed by full path)", async () => {
    const source = `{"apiVersion": "v1", "kind": "ConfigMap", "data": ${"[".repeat(900)}${Array(200_000).fill(1).join(",")}${"]".repeat(900)}}`;
    const report = await validateManifests(source);
    expect(report.documents[0]).toMatchObject({ skipped: true });
  });

  test.each([
    ["NUL bytes", "apiVersion: v1\u0000kind: x"],
    ["random control characters", "\u0001\u0002\u0003\u0004"],
    ["replacement characters from a lossy decode", "\uFFFD\uFFFD: \uFFFD"],
    ["an unpaired surrogate", "a: \uD800"],
    ["a lone document marker", "..."],
  ])("%s: an answer, not an exception", async (_name, source) => {
    const report = await validateManifests(source);
    expect(report).toHaveProperty("valid");
  });

  test("arbitrary text never makes it throw", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), async (source) => {
        const report = await validateManifests(source);
        expect(typeof report.valid).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });

  test("arbitrary values under a TrainJob's spec never make it throw", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom("spec", "trainer", "metadata", "runtimeRef"), async (value, where) => {
        const object = trainJob();
        if (where === "spec" || where === "metadata") object[where] = value;
        else object.spec[where] = value;
        const report = await validateObject(object);
        expect(typeof report.valid).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  test("values that are not JSON (functions, cycles) are issues too", async () => {
    const cyclic: Record<string, unknown> = { apiVersion: "trainer.kubeflow.org/v1alpha1", kind: "TrainJob" };
    cyclic.spec = cyclic;
    const report = await validateObject(cyclic);
    expect(report.valid).toBe(false);
  });
});
