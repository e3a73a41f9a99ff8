/**
 * cloneJson / measureJson: a deep copy of plain JSON-like data, a bound its JSON size never exceeds (so that the
 * 3 MiB request check can skip serializing), and whether it holds a null (so that null pruning can skip the walk).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cloneJson, measureJson } from "../../src/validate/json-clone.ts";
import { dump } from "js-yaml";
import { validateManifests, validateObject } from "../../src/validate/index.ts";
import { experiment } from "./fixtures.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Whether a node of a JSON value passes the test. */
function has(value: unknown, test: (node: unknown) => boolean): boolean {
  if (test(value)) return true;
  if (Array.isArray(value)) return value.some((item) => has(item, test));
  return isRecord(value) && Object.values(value).some((item) => has(item, test));
}

describe("cloneJson and measureJson", () => {
  test("for any JSON value: an equal, unshared copy; a bound at least its UTF-8 JSON size; nulls told", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const cloned = cloneJson(value);
        // An own `__proto__` key (fast-check makes some) is refused: see the next test.
        if (has(value, (node) => isRecord(node) && Object.hasOwn(node, "__proto__"))) return void expect(cloned).toBeUndefined();
        expect(cloned).toBeDefined();
        expect(cloned?.copy).toEqual(value);
        if (value !== null && typeof value === "object") expect(cloned?.copy).not.toBe(value);
        const json = JSON.stringify(value);
        expect(cloned?.bound).toBeGreaterThanOrEqual(Buffer.byteLength(json));
        expect(cloned?.nulls).toBe(has(value, (node) => node === null));
        expect(measureJson(value)).toEqual({ bound: cloned?.bound, nulls: cloned?.nulls });
      }),
      { numRuns: 300 },
    );
  });

  test("data that is not plain JSON is refused, for the caller to fall back on structuredClone", () => {
    for (const value of [new Date(0), { a: new Map() }, [1, , 3], { f: () => 1 }, { b: 1n }, JSON.parse('{"__proto__": {"x": 1}}')]) {
      expect(cloneJson(value)).toBeUndefined();
      expect(measureJson(value)).toBeUndefined();
    }
  });

  test("measuring leaves the value as it is", () => {
    const value = { a: [1, { b: null }], c: "d" };
    const before = structuredClone(value);
    expect(measureJson(value)).toEqual({ bound: expect.any(Number), nulls: true });
    expect(value).toEqual(before);
  });
});

describe("null pruning of Katib Experiments (schemas of Go types: null reads as unset)", () => {
  /** The example Experiment with its spec changed, as YAML (validated as parsed: owned, measured) and as an object. */
  async function verdicts(change: (spec: Record<string, any>) => void): Promise<string[][]> {
    const object = experiment();
    change(object.spec);
    const paths = (report: { issues: Array<{ path: string }> }) => report.issues.map((issue) => issue.path);
    return [paths(await validateManifests(dump(object))), paths(await validateObject(object))];
  }

  test("a null field is dropped, then defaulted, as the webhook sees it, whether the object was parsed here or given", async () => {
    expect(await verdicts((spec) => Object.assign(spec, { parallelTrialCount: null, resumePolicy: null }))).toEqual([[], []]);
    expect(await verdicts((spec) => (spec.parallelTrialCount = "2"))).toEqual([["spec.parallelTrialCount"], ["spec.parallelTrialCount"]]);
    expect(await verdicts(() => undefined)).toEqual([[], []]);
  });
});
