/**
 * `kfts experiments show NAME --html FILE`: one self-contained page (no network, nothing to install) to share an
 * Experiment's result: its summary, an interactive parallel-coordinates plot of every trial's parameters against the
 * objective (as Katib's UI draws it: one line per trial, coloured by the objective; hover one for its values), and
 * the table of trials. The data travel in the page as JSON; a small script draws the plot as SVG.
 */
import { escapeMarkup as html } from "../escape-markup.ts";
import { formatValue } from "./experiment-text.ts";
import type { ExperimentView } from "./experiment-view.ts";

/** JSON that is safe inside a `<script>` element (no `</script>`, no line separators JavaScript reads as newlines). Pure. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2433; }
h1 { font-size: 20px; margin: 0 0 4px; }
.summary { color: #4a5468; margin: 0 0 16px; }
svg { width: 100%; max-width: 1100px; height: auto; background: #fbfcfe; border: 1px solid #e3e7ef; }
.axis line { stroke: #8a94a8; }
.axis text { font-size: 12px; fill: #1d2433; }
.axis .name { font-weight: 600; }
path.trial { fill: none; stroke-width: 2; opacity: 0.75; }
path.trial.pending { stroke-dasharray: 4 3; }
path.trial.active { stroke-width: 4; opacity: 1; }
svg.focused path.trial:not(.active) { opacity: 0.15; }
#tooltip { position: fixed; pointer-events: none; background: #1d2433; color: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px; white-space: pre; }
table { border-collapse: collapse; margin-top: 16px; }
th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid #e3e7ef; }
tr.best td { font-weight: 600; }
tr.active td { background: #eef3ff; }
`;

// Draws the plot from the page's JSON; kept in plain ES2020 so any current browser runs it.
const SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById("experiment-data").textContent);
  const svg = document.getElementById("plot");
  const NS = "http://www.w3.org/2000/svg";
  const W = 1100, H = 460, top = 40, bottom = H - 40, left = 70, right = W - 90;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  const el = (name, attrs, parent) => { const node = document.createElementNS(NS, name); for (const k in attrs) node.setAttribute(k, attrs[k]); (parent || svg).appendChild(node); return node; };
  const objectives = data.trials.map((t) => t.objective).filter((v) => typeof v === "number");
  const axes = data.axes.map((a) => ({ ...a }));
  axes.push({ name: data.objective.metric + " (" + data.objective.type + ")", kind: "objective", min: Math.min(...objectives), max: Math.max(...objectives) });
  for (const a of axes) {
    if (a.kind === "list") {
      const seen = data.trials.map((t) => t.parameters[a.name]).filter((v) => v !== undefined && !a.values.includes(v));
      a.values = a.values.concat([...new Set(seen)]);
    } else if (a.kind === "numeric") {
      const seen = data.trials.map((t) => Number(t.parameters[a.name])).filter(Number.isFinite);
      a.min = Math.min(a.min, ...seen); a.max = Math.max(a.max, ...seen);
    }
  }
  const x = (i) => left + (axes.length === 1 ? 0 : (i * (right - left)) / (axes.length - 1));
  const y = (a, value) => {
    if (a.kind === "list") { const i = a.values.indexOf(value); return a.values.length <= 1 ? (top + bottom) / 2 : bottom - (i * (bottom - top)) / (a.values.length - 1); }
    const v = Number(value); if (!Number.isFinite(v)) return undefined;
    return a.max === a.min ? (top + bottom) / 2 : bottom - ((v - a.min) / (a.max - a.min)) * (bottom - top);
  };
  const fmt = (v) => Number(Number(v).toPrecision(4)).toString();
  axes.forEach((a, i) => {
    const g = el("g", { class: "axis" });
    el("line", { x1: x(i), x2: x(i), y1: top, y2: bottom }, g);
    el("text", { x: x(i), y: top - 14, "text-anchor": "middle", class: "name" }, g).textContent = a.name;
    const ticks = a.kind === "list" ? a.values : (Number.isFinite(a.min) ? [a.min, a.max] : []);
    for (const t of ticks) el("text", { x: x(i) - 6, y: (y(a, t) || 0) + 4, "text-anchor": "end" }, g).textContent = a.kind === "list" ? t : fmt(t);
  });
  const objective = axes[axes.length - 1];
  const colour = (v) => {
    if (typeof v !== "number" || objective.max === objective.min) return "#7a869a";
    let f = (v - objective.min) / (objective.max - objective.min);
    if (data.objective.type === "minimize") f = 1 - f;
    return "hsl(" + Math.round(10 + f * 200) + ", 70%, " + Math.round(48 - f * 8) + "%)";
  };
  const tip = document.getElementById("tooltip");
  const rows = new Map([...document.querySelectorAll("tr[data-trial]")].map((row) => [row.dataset.trial, row]));
  const paths = [];
  data.trials.forEach((t) => {
    const points = [];
    axes.forEach((a, i) => { const v = a.kind === "objective" ? t.objective : t.parameters[a.name]; const py = v === undefined ? undefined : y(a, v); if (py !== undefined) points.push((points.length ? "L" : "M") + x(i).toFixed(1) + " " + py.toFixed(1)); });
    const path = el("path", { class: "trial" + (typeof t.objective === "number" ? "" : " pending"), d: points.join(" ") || "M0 0", stroke: colour(t.objective), "data-trial": t.name });
    const text = t.name + " (" + t.state + ")\\n" + Object.entries(t.parameters).map(([k, v]) => k + " = " + v).join("\\n") + (typeof t.objective === "number" ? "\\n" + data.objective.metric + " = " + fmt(t.objective) : "");
    const focus = (on, event) => {
      path.classList.toggle("active", on); svg.classList.toggle("focused", on); rows.get(t.name)?.classList.toggle("active", on);
      tip.hidden = !on; if (on && event) { tip.textContent = text; tip.style.left = event.clientX + 12 + "px"; tip.style.top = event.clientY + 12 + "px"; }
    };
    path.addEventListener("mousemove", (event) => focus(true, event));
    path.addEventListener("mouseleave", () => focus(false));
    rows.get(t.name)?.addEventListener("mouseenter", () => focus(true));
    rows.get(t.name)?.addEventListener("mouseleave", () => focus(false));
    paths.push(path);
  });
  svg.setAttribute("data-trials", String(paths.length));
})();
`;

/** The page. Pure. */
export function renderExperimentHtml(view: ExperimentView): string {
  const title = `Experiment ${view.namespace}/${view.name}`;
  const best = view.best ? ` · best ${view.best.trial}${view.best.objective === undefined ? "" : ` (${view.objective.metric} ${formatValue(view.best.objective)})`}` : "";
  const summary = `${view.state} · ${view.algorithm} · ${view.objective.type} ${view.objective.metric} · ${view.trials.length} trials${best}`;
  const parameters = view.axes.map((axis) => axis.name);
  const metrics = view.metricNames;
  const header = ["trial", "state", ...parameters, ...metrics].map((name) => `<th>${html(name)}</th>`).join("");
  const rows = view.trials
    .map((trial) => {
      const cells = [trial.name, trial.state, ...parameters.map((name) => trial.parameters[name] ?? ""), ...metrics.map((name) => trial.metrics[name] ?? "")];
      return `<tr data-trial="${html(trial.name)}"${trial.name === view.best?.trial ? ' class="best"' : ""}>${cells.map((cell) => `<td>${html(cell)}</td>`).join("")}</tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${html(title)}</h1>
<p class="summary">${html(summary)}</p>
<figure>
<svg id="plot" role="img" aria-label="${html(`parallel coordinates of ${view.trials.length} trials`)}"></svg>
<figcaption>Each line is a trial: its parameters on the first axes, ${html(view.objective.metric)} on the last (dashed: not reported yet). Hover a line or a row for its values.</figcaption>
</figure>
<div id="tooltip" hidden></div>
<table>
<thead><tr>${header}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script type="application/json" id="experiment-data">${scriptJson(view)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
