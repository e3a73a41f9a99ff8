/** The box's objective function, which the Katib e2e tests check Katib's choice of the best trial against. */
import { describe, expect, test } from "vitest";
import { distance, trialMetrics } from "./objective.ts";

describe("the box's objective function", () => {
  test("one lr: accuracy = 1 − |lr − 0.05|, best at 0.05", () => {
    const spec = (lr: string) => ({ parameterAssignments: [{ name: "lr", value: lr }], objective: { objectiveMetricName: "accuracy" } });
    expect(trialMetrics(spec("0.05"))).toEqual([{ name: "accuracy", value: 1 }]);
    expect(trialMetrics(spec("0.08"))[0]?.value).toBeCloseTo(0.97, 12);
    expect(trialMetrics(spec("0.02"))[0]?.value).toBeCloseTo(0.97, 12);
  });

  test("several parameters: the mean distance; categorical ones do not count; loss and error report the distance", () => {
    const spec = {
      parameterAssignments: [
        { name: "lr", value: "0.03" },
        { name: "momentum", value: "0.55" },
        { name: "optimizer", value: "adam" },
      ],
      objective: { objectiveMetricName: "loss", additionalMetricNames: ["accuracy", "val-error"] },
    };
    expect(distance(spec)).toBeCloseTo((0.02 + 0.5) / 2, 12);
    expect(trialMetrics(spec).map(({ name, value }) => [name, Number(value.toFixed(12))])).toEqual([
      ["loss", 0.26],
      ["accuracy", 0.74],
      ["val-error", 0.26],
    ]);
  });

  test("no numeric parameter: distance 0; no objective: no metric to report", () => {
    expect(distance({ parameterAssignments: [{ name: "optimizer", value: "sgd" }] })).toBe(0);
    expect(trialMetrics({ parameterAssignments: [{ name: "lr", value: "0.1" }] })).toEqual([]);
  });
});
