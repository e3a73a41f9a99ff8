/**
 * kubeflow-ts/validate: offline validation of Katib and Trainer manifests — the schemas the apiserver enforces
 * (compiled at build time), their CEL rules, and Katib's admission webhooks (defaulting, then validation). Separate
 * from the client entry, which never loads it.
 *
 * @example
 * ```ts
 * import { formatIssue, validateFiles, validateManifests } from "kubeflow-ts/validate";
 * const report = await validateManifests(yamlText, { file: "trainjob.yaml" });
 * for (const issue of report.issues) console.log(formatIssue(issue)); // trainjob.yaml:9:15: error spec.trainer.numNodes: …
 * const { valid } = await validateFiles(["manifests/"]);
 * ```
 */
export { applyDefaults, validateManifests, validateObject } from "./validate-manifests.ts";
export { validateFiles, type FilesReport, type ValidateFilesOptions } from "./validate-files.ts";
export { formatIssue } from "./format-issue.ts";
export type { CelStats, DocumentReport, FieldValidation, Issue, Severity, ValidateOptions, ValidationReport } from "./types.ts";
