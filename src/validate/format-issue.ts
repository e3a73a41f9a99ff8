/**
 * The one way an issue is printed, by `kfts validate` and `kfts … create -f` alike:
 * `file:line:column: severity path: message (rule)` — the position first, so that editors and terminals link it.
 */
import type { Issue } from "./types.ts";

/**
 * An issue as one line. Without a position the file alone is named (`-` for standard input, or when the issue has
 * no file); without a field (a problem with the source as a whole) the path is left out. Pure.
 *
 * @example
 * ```ts
 * formatIssue({ file: "job.yaml", line: 9, column: 15, severity: "error", path: "spec.trainer.numNodes", message: "must be of type integer", rule: "schema.type" });
 * // "job.yaml:9:15: error spec.trainer.numNodes: must be of type integer (schema.type)"
 * ```
 */
export function formatIssue(issue: Issue): string {
  const file = issue.file ?? "-";
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  const field = issue.path === "" ? "" : ` ${issue.path}`;
  return `${where}: ${issue.severity}${field}: ${issue.message} (${issue.rule})`;
}
