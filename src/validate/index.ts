/**
 * kubeflow-ts/validate: offline validation of Katib and Trainer manifests — the schemas the apiserver enforces
 * (compiled at build time), their CEL rules, and Katib's admission webhooks (defaulting, then validation). Separate
 * from the client entry, which never loads it.
 *
 * @example
 * ```ts
 * import { validateManifests } from "kubeflow-ts/validate";
 * const report = await validateManifests(yamlText, { file: "trainjob.yaml" });
 * for (const issue of report.issues) console.log(`${issue.file}:${issue.line}:${issue.column}: ${issue.severity} ${issue.path}: ${issue.message}`);
 * ```
 */
export { applyDefaults, validateManifests, validateObject } from "./validate-manifests.ts";
export type { CelStats, DocumentReport, FieldValidation, Issue, Severity, ValidateOptions, ValidationReport } from "./types.ts";
export { runValidate, type ValidateIo } from "./cli.ts";
