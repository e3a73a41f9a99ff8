/**
 * The shape of one family's results (bench/results/<family>.json): rows of samples grouped by what they measure,
 * the goals with their measured ratios, and what was skipped and why. The report and the charts are rendered from
 * these files alone.
 */
import { pairedRatio, summarize, type Summary } from "./stats.ts";

/** One implementation measured in one setting. */
export interface Row {
  /** What is measured, e.g. "GET, concurrency 1"; rows of a group share a unit and a chart panel. */
  group: string;
  /** Who is measured, e.g. "kubeflow-ts ResourceClient.get". */
  name: string;
  unit: string;
  better: "higher" | "lower";
  /** One value per round; rounds interleave the implementations. */
  samples: number[];
  summary: Summary;
  /** The row the group's ratio column is taken against. */
  reference?: boolean;
  /** This row ÷ the group's reference, paired by round. */
  ratio?: Summary;
  /** Side figures worth a column (peak RSS, item counts). */
  extra?: Record<string, string | number>;
}

/** A goal of the issue and how this run measured against it. */
export interface Goal {
  goal: string;
  measured: string;
  /** null when it could not be measured (a side was skipped), or for an informational entry. */
  met: boolean | null;
  /** A figure shown beside the goals with no target to meet (see {@link ratioInfo}); `met` is null. */
  informational?: true;
}

/** A part of a family that did not run. */
export interface Skip {
  what: string;
  reason: string;
}

/** One family's result file. */
export interface FamilyResult {
  family: string;
  title: string;
  /** How the figures were obtained, in a sentence or two. */
  method: string;
  mode: "full" | "quick";
  date: string;
  machine: { cpus: number; node: string; platform: string };
  durationMs: number;
  rows: Row[];
  goals: Goal[];
  skipped: Skip[];
  notes: string[];
}

/** Builds a row from its samples. */
export function row(group: string, name: string, unit: string, better: Row["better"], samples: number[], extra?: Row["extra"]): Row {
  const r: Row = { group, name, unit, better, samples, summary: summarize(samples) };
  if (extra !== undefined) r.extra = extra;
  return r;
}

/**
 * Marks `reference` as its group's reference and fills the ratio of every other row of the group: paired by round
 * when the samples were taken in interleaved rounds, else (`paired: false`) the ratio of the medians.
 */
export function setReference(rows: Row[], reference: Row, options: { paired?: boolean } = {}): void {
  reference.reference = true;
  // A ratio against zero says nothing a reader can use (and JSON cannot hold Infinity): leave the column empty.
  if (reference.summary.median === 0) return;
  for (const r of rows) {
    if (r.group !== reference.group || r === reference) continue;
    r.ratio = options.paired === false ? pairedRatio([r.summary.median], [reference.summary.median]) : pairedRatio(r.samples, reference.samples);
  }
}

/** "0.93× (0.88–0.97)" */
export function formatRatio(s: Summary): string {
  if (!Number.isFinite(s.median)) return "n/a";
  const f = (x: number): string => {
    const abs = Math.abs(x);
    return abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : abs >= 0.01 || x === 0 ? x.toFixed(2) : x.toExponential(1);
  };
  return s.n > 1 ? `${f(s.median)}× (${f(s.min)}–${f(s.max)})` : `${f(s.median)}×`;
}

/** A goal "a/b ≤ limit" or "a/b ≥ limit", measured as the paired ratio of two rows; unmet when a side is missing. */
export function ratioGoal(goal: string, a: Row | undefined, b: Row | undefined, op: "<=" | ">=", limit: number): Goal {
  if (a === undefined || b === undefined) return { goal, measured: "not measured (a side was skipped)", met: null };
  const ratio = pairedRatio(a.samples, b.samples);
  const met = op === "<=" ? ratio.median <= limit : ratio.median >= limit;
  return { goal, measured: formatRatio(ratio), met };
}

/** An informational entry of the goals table: the paired ratio of two rows, with no target to meet. */
export function ratioInfo(what: string, a: Row | undefined, b: Row | undefined): Goal {
  if (a === undefined || b === undefined) return { goal: what, measured: "not measured (a side was skipped)", met: null, informational: true };
  return { goal: what, measured: formatRatio(pairedRatio(a.samples, b.samples)), met: null, informational: true };
}

/** A goal on an absolute figure (median of a row). */
export function valueGoal(goal: string, r: Row | undefined, op: "<=" | ">=" | "<", limit: number, format: (x: number) => string): Goal {
  if (r === undefined) return { goal, measured: "not measured (skipped)", met: null };
  const m = r.summary.median;
  const met = op === "<=" ? m <= limit : op === "<" ? m < limit : m >= limit;
  return { goal, measured: `${format(m)} (${(m / limit).toFixed(2)}× the limit)`, met };
}
