/**
 * Offline validation of `-f` manifests before anything is sent, through the validate library. It is imported only
 * here and only when a manifest is read, so the other commands never load the validators (schema, CEL).
 */
import { CliFailure } from "./cli-errors.ts";
import type { ManifestSource } from "./manifest-input.ts";

/** An issue, as much of it as the CLI prints. */
interface IssueLike {
  message?: unknown;
  rule?: unknown;
  severity?: unknown;
  path?: unknown;
  line?: unknown;
  column?: unknown;
  document?: unknown;
}

/** The part of the validate library this module uses. */
export interface ValidateModule {
  validateManifests(source: string, options: { file: string; validate?: UnknownFields }): unknown;
}

/** How unknown fields are treated (kubectl's --validate=strict|warn|ignore). */
export type UnknownFields = "strict" | "warn" | "ignore";

// The extension follows this module's own: `.ts` when run from source, `.js` from the built package. A computed
// specifier also keeps the validators out of the type graph of the clients' entry.
const VALIDATE_MODULE = new URL(`../validate/index${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;

/** The validate library, or the reason it cannot be used. */
export interface LoadedValidateModule {
  module?: ValidateModule;
  reason?: string;
}

/** Loads the validate library, or undefined (with the reason) when this build lacks it. */
export async function loadValidateModule(): Promise<LoadedValidateModule> {
  try {
    const module = (await import(VALIDATE_MODULE)) as Partial<ValidateModule>;
    if (typeof module.validateManifests === "function") return { module: module as ValidateModule };
    return { reason: "the validate module has no validateManifests" };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return { reason: "the validate module is not part of this build" };
    return { reason: (error as Error).message.split("\n")[0] ?? "cannot load the validate module" };
  }
}

/** The issues of a validation result, whether it is an array of issues or an object holding them. Pure. */
export function toIssues(result: unknown): IssueLike[] {
  if (Array.isArray(result)) return result as IssueLike[];
  const issues = (result as { issues?: unknown } | null)?.issues;
  if (Array.isArray(issues)) return issues as IssueLike[];
  const documents = (result as { documents?: unknown } | null)?.documents;
  if (Array.isArray(documents)) return documents.flatMap((document) => toIssues(document));
  return [];
}

/** Whether an issue blocks sending: anything not explicitly a warning or info. Pure. */
export function isBlocking(issue: IssueLike): boolean {
  return !(typeof issue.severity === "string" && /^(warn|warning|info)$/i.test(issue.severity));
}

/** `file:line:column: severity: message (at path) [rule]`. Pure. */
export function formatIssue(issue: IssueLike, file: string): string {
  const line = typeof issue.line === "number" ? `:${issue.line}${typeof issue.column === "number" ? `:${issue.column}` : ""}` : "";
  const severity = typeof issue.severity === "string" ? issue.severity : "error";
  const path = typeof issue.path === "string" && issue.path !== "" ? ` (at ${issue.path})` : Array.isArray(issue.path) && issue.path.length > 0 ? ` (at ${issue.path.join(".")})` : "";
  const rule = typeof issue.rule === "string" && issue.rule !== "" ? ` [${issue.rule}]` : "";
  return `${file}${line}: ${severity}: ${String(issue.message ?? "invalid")}${path}${rule}`;
}

/**
 * Validates the manifest offline. Prints each issue through `report`; throws a CliFailure when any blocks. When the
 * library is missing from this build, reports that and lets the server validate.
 */
export async function validateManifestSource(
  manifest: ManifestSource,
  unknownFields: UnknownFields,
  report: (line: string) => void,
  load: () => Promise<LoadedValidateModule> = loadValidateModule,
): Promise<void> {
  const { module, reason } = await load();
  if (module === undefined) {
    report(`kfts warning: offline validation unavailable (${reason}); the API server will validate`);
    return;
  }
  const issues = toIssues(await module.validateManifests(manifest.source, { file: manifest.file, validate: unknownFields }));
  for (const issue of issues) report(formatIssue(issue, manifest.file));
  const errors = issues.filter(isBlocking).length;
  if (errors === 0) return;
  throw new CliFailure(`${manifest.file} is invalid (${errors} ${errors === 1 ? "error" : "errors"}); nothing was sent`, "fix the manifest, or skip offline validation with --validate=false");
}
