/** The doctor's report as text (a line per check, its fix below) or JSON for machines. */
import type { CheckStatus } from "./doctor-check.ts";
import type { DoctorReport } from "./run-doctor.ts";

const LABELS: Record<CheckStatus, string> = { pass: "PASS", warn: "WARN", fail: "FAIL", skip: "SKIP" };

/** Counts of each status. Pure. */
export function countStatuses(report: DoctorReport): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of report.checks) counts[check.status] += 1;
  return counts;
}

/** The text report. Pure. */
export function renderDoctorText(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = [`kfts doctor: ${report.server ?? "no server configured"}${report.namespace ? `, namespace ${report.namespace}` : ""}`];
  for (const check of report.checks) {
    lines.push(`${LABELS[check.status]}  ${check.title.padEnd(width)}  ${check.message}`);
    if (check.fix && check.status !== "pass") lines.push(`${" ".repeat(width + 8)}fix: ${check.fix}`);
  }
  const counts = countStatuses(report);
  const summary = `${counts.pass} passed, ${counts.warn} ${counts.warn === 1 ? "warning" : "warnings"}, ${counts.fail} failed${counts.skip ? `, ${counts.skip} skipped` : ""}`;
  lines.push("", report.ok ? `${summary}: ready${counts.warn ? " (see the warnings)" : ""}` : `${summary}: fix the first failure above and run kfts doctor again`);
  return `${lines.join("\n")}\n`;
}

/** The JSON report: the checks, the counts and `ok`. Pure. */
export function renderDoctorJson(report: DoctorReport): string {
  return `${JSON.stringify({ ...report, summary: countStatuses(report) }, null, 2)}\n`;
}
