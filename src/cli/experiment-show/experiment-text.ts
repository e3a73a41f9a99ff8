/**
 * `kfts experiments show` in a terminal: the Experiment's state and best trial, a table of its trials with their
 * parameters and metrics, and a chart of the objective over the trials in the order they were created.
 */
import { renderTable } from "../table.ts";
import type { ExperimentView } from "./experiment-view.ts";

/** A number in at most `digits` significant digits, without trailing zeros. Pure. */
export function formatValue(value: number, digits = 4): string {
  return Number(value.toPrecision(digits)).toString();
}

function summary(view: ExperimentView): string[] {
  const counts = new Map<string, number>();
  for (const trial of view.trials) counts.set(trial.state, (counts.get(trial.state) ?? 0) + 1);
  const states = [...counts].map(([state, count]) => `${count} ${state.toLowerCase()}`).join(", ");
  const goal = view.objective.goal === undefined ? "" : ` (goal ${view.objective.goal})`;
  const lines = [
    `Experiment ${view.namespace}/${view.name}: ${view.state}`,
    `  algorithm ${view.algorithm || "?"} · objective ${view.objective.type} ${view.objective.metric}${goal} · ${view.trials.length} trials${states ? `: ${states}` : ""}`,
  ];
  if (view.best) {
    const parameters = Object.entries(view.best.parameters).map(([name, value]) => `${name}=${value}`).join(", ");
    const objective = view.best.objective === undefined ? "" : ` ${view.objective.metric}=${formatValue(view.best.objective)}`;
    lines.push(`  best: ${view.best.trial} (${parameters})${objective}`);
  } else {
    lines.push("  best: none yet");
  }
  return lines;
}

function trialsTable(view: ExperimentView): string {
  const parameters = view.axes.map((axis) => axis.name);
  const metrics = view.metricNames;
  const rows = view.trials.map((trial) => [
    `${trial.name}${trial.name === view.best?.trial ? " *" : ""}`,
    trial.state,
    ...parameters.map((name) => trial.parameters[name] ?? ""),
    ...metrics.map((name) => trial.metrics[name] ?? ""),
  ]);
  return renderTable(["TRIAL", "STATE", ...parameters, ...metrics], rows);
}

/** The objective of each trial that reported one, as a scatter chart `height` rows high. Pure. */
export function objectiveChart(view: ExperimentView, height = 8): string[] {
  const points = view.trials.map((trial, index) => ({ index, value: trial.objective, best: trial.name === view.best?.trial })).filter((point): point is { index: number; value: number; best: boolean } => point.value !== undefined);
  if (points.length === 0) return [`${view.objective.metric}: no trial has reported it yet`];
  const values = points.map((point) => point.value);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const spacing = view.trials.length <= 30 ? 2 : 1;
  const width = Math.max(1, (view.trials.length - 1) * spacing + 1);
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => " "));
  for (const point of points) {
    const row = high === low ? 0 : Math.round(((high - point.value) / (high - low)) * (height - 1));
    (grid[row] as string[])[point.index * spacing] = point.best ? "◆" : "●";
  }
  const labels = [formatValue(high), formatValue(low)];
  const pad = Math.max(...labels.map((label) => label.length));
  const rows = grid.map((cells, row) => {
    const label = row === 0 ? labels[0] : row === height - 1 && high !== low ? labels[1] : "";
    return `${(label ?? "").padStart(pad)} ${label ? "┤" : "│"}${cells.join("")}`.trimEnd();
  });
  const axis = `${" ".repeat(pad)} └${"─".repeat(width)}`;
  const last = String(view.trials.length);
  const ticks = `${" ".repeat(pad + 2)}1${last === "1" ? "" : `${" ".repeat(Math.max(1, width - 1 - last.length + 1))}${last}`}`;
  return [`${view.objective.metric} by trial, in creation order (● trial, ◆ best)`, ...rows, axis, ticks];
}

/** The whole text view. Pure. */
export function renderExperimentText(view: ExperimentView): string {
  const table = view.trials.length === 0 ? "No trials yet.\n" : trialsTable(view);
  return `${summary(view).join("\n")}\n\n${table}\n${objectiveChart(view).join("\n")}\n`;
}
