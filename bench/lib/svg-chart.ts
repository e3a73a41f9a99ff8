/**
 * A hand-written SVG bar chart of one family: one panel per group (each with its own scale, since units differ),
 * one bar per row at its median, a whisker from min to max. kubeflow-ts rows are blue, references grey.
 */
import type { FamilyResult, Row } from "./result.ts";

const WIDTH = 760;
const LABEL_W = 300;
const VALUE_W = 110;
const BAR_H = 16;
const ROW_H = 24;
const PANEL_GAP = 18;
const TITLE_H = 22;

/** Escapes text for SVG content and attributes. */
function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A compact number: 12.3k, 1.23, 456. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  if (Number.isInteger(x) && Math.abs(x) < 10_000) return String(x);
  const abs = Math.abs(x);
  if (abs >= 10_000) return `${(x / 1000).toFixed(abs >= 100_000 ? 0 : 1)}k`;
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function groupsOf(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  return groups;
}

function panel(group: string, rows: Row[], top: number): { svg: string; height: number } {
  const first = rows[0] as Row;
  const scaleMax = Math.max(...rows.map((r) => (Number.isFinite(r.summary.max) ? r.summary.max : 0)), 1e-9);
  const barSpace = WIDTH - LABEL_W - VALUE_W - 10;
  const x = (v: number): number => LABEL_W + (Math.max(0, v) / scaleMax) * barSpace;
  const hint = first.better === "higher" ? "higher is better" : "lower is better";
  const parts = [`<text x="0" y="${top + 15}" class="t">${esc(group)} — ${esc(first.unit)}, ${hint}</text>`];
  rows.forEach((r, i) => {
    const y = top + TITLE_H + i * ROW_H;
    const ours = r.name.startsWith("kubeflow-ts");
    const { median, min, max } = r.summary;
    parts.push(`<text x="${LABEL_W - 8}" y="${y + BAR_H - 4}" class="l">${esc(r.name)}</text>`);
    if (Number.isFinite(median)) {
      parts.push(`<rect x="${LABEL_W}" y="${y}" width="${(x(median) - LABEL_W).toFixed(1)}" height="${BAR_H}" fill="${ours ? "#2f6fdf" : "#a0a0a0"}"/>`);
      if (r.summary.n > 1) {
        const mid = y + BAR_H / 2;
        parts.push(`<path d="M${x(min).toFixed(1)} ${mid}H${x(max).toFixed(1)}M${x(min).toFixed(1)} ${mid - 4}V${mid + 4}M${x(max).toFixed(1)} ${mid - 4}V${mid + 4}" stroke="#222" fill="none"/>`);
      }
      parts.push(`<text x="${(x(max) + 6).toFixed(1)}" y="${y + BAR_H - 4}" class="v">${esc(formatValue(median))}</text>`);
    }
  });
  return { svg: parts.join("\n"), height: TITLE_H + rows.length * ROW_H };
}

/** The chart of a family, or a one-line placeholder when it has no rows (everything skipped). */
export function renderChart(result: FamilyResult): string {
  const body: string[] = [];
  let top = 30;
  for (const [group, rows] of groupsOf(result.rows)) {
    const p = panel(group, rows, top);
    body.push(p.svg);
    top += p.height + PANEL_GAP;
  }
  if (result.rows.length === 0) {
    body.push(`<text x="0" y="${top + 15}" class="t">skipped: ${esc(result.skipped.map((s) => s.reason).join("; ").slice(0, 120))}</text>`);
    top += 30;
  }
  const height = top + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<style>.h{font-size:15px;font-weight:bold}.t{font-size:12px;font-weight:bold;fill:#333}.l{font-size:11px;text-anchor:end;fill:#222}.v{font-size:11px;fill:#222}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="0" y="18" class="h">${esc(result.title)} (${result.mode}; median, whiskers min–max)</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
