/** `kfts experiments show`: the view of an Experiment and its trials, as text, JSON and one self-contained page. */
import { describe, expect, test } from "vitest";
import type { V1beta1Experiment, V1beta1Trial } from "../../src/index.ts";
import { renderExperimentHtml } from "../../src/cli/experiment-show/experiment-html.ts";
import { objectiveChart, renderExperimentText } from "../../src/cli/experiment-show/experiment-text.ts";
import { toExperimentView } from "../../src/cli/experiment-show/experiment-view.ts";

const condition = <T extends string>(type: T) => ({ type, status: "True" as const });

const experiment: V1beta1Experiment = {
  metadata: { name: "tune", namespace: "kubeflow" },
  spec: {
    algorithm: { algorithmName: "random" },
    objective: { type: "maximize", objectiveMetricName: "accuracy", goal: 0.99 },
    parameters: [
      { name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } },
      { name: "optimizer", parameterType: "categorical", feasibleSpace: { list: ["sgd", "adam"] } },
    ],
  },
  status: {
    conditions: [condition("Created"), condition("Running"), condition("Succeeded")],
    currentOptimalTrial: { bestTrialName: "tune-b", parameterAssignments: [{ name: "lr", value: "0.05" }, { name: "optimizer", value: "adam" }], observation: { metrics: [{ name: "accuracy", latest: "0.97" }] } },
  },
};

type TrialState = "Succeeded" | "Failed" | "Running";

function trial(name: string, created: string, lr: string, optimizer: string, state: TrialState, accuracy?: string): V1beta1Trial {
  return {
    metadata: { name, creationTimestamp: created },
    spec: { parameterAssignments: [{ name: "lr", value: lr }, { name: "optimizer", value: optimizer }] },
    status: { conditions: [condition("Created"), condition(state)], ...(accuracy ? { observation: { metrics: [{ name: "accuracy", latest: accuracy, max: accuracy, min: accuracy }, { name: "loss", latest: "0.3" }] } } : {}) },
  };
}

const trials = [
  trial("tune-c", "2026-12-03T10:00:03Z", "0.09", "sgd", "Failed"),
  trial("tune-a", "2026-12-03T10:00:01Z", "0.02", "sgd", "Succeeded", "0.91"),
  trial("tune-b", "2026-12-03T10:00:02Z", "0.05", "adam", "Succeeded", "0.97"),
  trial("tune-d", "2026-12-03T10:00:04Z", "0.03", "</script><b>x</b>", "Running"),
];

describe("experiments show", () => {
  const view = toExperimentView(experiment, trials);

  test("the view: state, axes, trials in creation order with their state, parameters and objective, Katib's best", () => {
    expect(view).toMatchObject({ name: "tune", namespace: "kubeflow", state: "Succeeded", algorithm: "random", objective: { type: "maximize", metric: "accuracy", goal: 0.99 } });
    expect(view.axes).toEqual([{ name: "lr", kind: "numeric", min: 0.01, max: 0.1 }, { name: "optimizer", kind: "list", values: ["sgd", "adam"] }]);
    expect(view.trials.map((t) => [t.name, t.state, t.objective])).toEqual([["tune-a", "Succeeded", 0.91], ["tune-b", "Succeeded", 0.97], ["tune-c", "Failed", undefined], ["tune-d", "Running", undefined]]);
    expect(view.best).toEqual({ trial: "tune-b", parameters: { lr: "0.05", optimizer: "adam" }, objective: 0.97 });
  });

  test("text: summary, a row per trial with the best marked, and a chart with a mark per reported objective", () => {
    const text = renderExperimentText(view);
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Experiment kubeflow/tune: Succeeded",
      "  algorithm random · objective maximize accuracy (goal 0.99) · 4 trials: 2 succeeded, 1 failed, 1 running",
      "  best: tune-b (lr=0.05, optimizer=adam) accuracy=0.97",
    ]);
    expect(text).toMatch(/^TRIAL +STATE +lr +optimizer +accuracy +loss$/m);
    expect(text).toMatch(/^tune-b \* +Succeeded +0\.05 +adam +0\.97 +0\.3$/m);
    const chart = objectiveChart(view);
    expect(chart.slice(1).join("\n").match(/[●◆]/g)).toEqual(["◆", "●"]);
    expect(chart[1]).toMatch(/^0\.97 ┤ {2}◆$/);
    expect(chart[8]).toMatch(/^0\.91 ┤●$/);
  });

  test("html: one page with nothing from the network, the data embedded safely, a row per trial", () => {
    const page = renderExperimentHtml(view);
    expect(page).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    // A value holding markup stays data: escaped in the table, and no early end of the data's script element.
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(page).toContain("<td>&#60;/script&#62;&#60;b&#62;x&#60;/b&#62;</td>");
    const data = JSON.parse(/<script type="application\/json" id="experiment-data">(.*?)<\/script>/s.exec(page)?.[1] ?? "null");
    expect(data).toEqual(JSON.parse(JSON.stringify(view)));
    expect(page.match(/<tr data-trial=/g)).toHaveLength(4);
  });
});
