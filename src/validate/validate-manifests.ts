/**
 * The library's entry points: validate a manifest source (every document, `List` items included), a decoded object,
 * or show an object with the defaults admission would apply. They never throw: every problem is an issue.
 */
import { type Finding, type Segment, toFieldPath } from "./finding.ts";
import { findKind } from "./kinds.ts";
import { type ParsedSource, parseManifestSource, type SourceDocument } from "./parse-documents.ts";
import type { Locator } from "./positions.ts";
import type { DocumentReport, FieldValidation, Issue, ValidateOptions, ValidationReport } from "./types.ts";
import { defaultInPlace, type Handover, type ObjectResult, validateKubeObject } from "./validate-object.ts";

function toIssue(finding: Finding, file: string | undefined, locate: Locator | undefined, prefix: readonly Segment[] = []): Issue {
  const at = [...prefix, ...finding.at];
  const position = finding.position ?? locate?.(at, finding.key);
  return {
    severity: finding.severity,
    path: toFieldPath(at),
    message: finding.message,
    rule: finding.rule,
    ...(file === undefined ? {} : { file }),
    ...(position ? { line: position.line, column: position.column } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `kind: List` (v1) and `<Kind>List` documents hold objects in `items`. */
function listItems(value: unknown): unknown[] | undefined {
  if (!isRecord(value) || !Array.isArray(value.items) || typeof value.kind !== "string") return undefined;
  return value.kind === "List" || value.kind.endsWith("List") ? value.items : undefined;
}

async function safeValidate(value: unknown, fieldValidation: FieldValidation, handover: Handover = {}): Promise<ObjectResult> {
  try {
    return await validateKubeObject(value, fieldValidation, handover);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { skipped: false, findings: [{ severity: "error", rule: "internal", at: [], message: `the validator failed: ${reason}` }], cel: { evaluated: 0, skippedTransition: 0, notChecked: 0 } };
  }
}

/** Source order: by line and column; issues without a position keep their order, after positioned ones. */
function bySourceOrder(issues: Issue[]): Issue[] {
  if (issues.length < 2) return issues;
  const rank = (issue: Issue): number => (issue.line === undefined ? Number.MAX_SAFE_INTEGER : issue.line * 1e6 + (issue.column ?? 0));
  return issues.map((issue, order) => ({ issue, order })).sort((a, b) => rank(a.issue) - rank(b.issue) || a.order - b.order).map(({ issue }) => issue);
}

function toDocumentReport(index: number, result: ObjectResult, unordered: Issue[], item?: number): DocumentReport {
  const { apiVersion, kind, name, namespace } = result;
  const issues = bySourceOrder(unordered);
  return {
    index,
    ...(item === undefined ? {} : { item }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(kind === undefined ? {} : { kind }),
    ...(name === undefined ? {} : { name }),
    ...(namespace === undefined ? {} : { namespace }),
    valid: !issues.some((issue) => issue.severity === "error"),
    skipped: result.skipped,
    issues,
    cel: result.cel,
  };
}

async function validateDocument(document: SourceDocument, file: string | undefined, fieldValidation: FieldValidation, keepValues: boolean): Promise<DocumentReport[]> {
  const parseIssues = document.findings.map((finding) => toIssue(finding, file, document.locate));
  if (parseIssues.some((issue) => issue.severity === "error") || document.value === undefined) {
    return [toDocumentReport(document.index, { skipped: false, findings: [], cel: { evaluated: 0, skippedTransition: 0, notChecked: 0 } }, parseIssues)];
  }
  const items = listItems(document.value);
  if (!items) {
    // Values parsed here are the validator's to change (defaulting in place spares a copy), unless YAML aliases share
    // nodes or the caller keeps them.
    const result = await safeValidate(document.value, fieldValidation, { owned: !keepValues && document.aliased !== true });
    return [toDocumentReport(document.index, result, [...parseIssues, ...result.findings.map((finding) => toIssue(finding, file, document.locate))])];
  }
  const reports: DocumentReport[] = [];
  for (const [item, value] of items.entries()) {
    const result = await safeValidate(value, fieldValidation, { owned: !keepValues && document.aliased !== true });
    const issues = result.findings.map((finding) => toIssue(finding, file, document.locate, ["items", item]));
    reports.push(toDocumentReport(document.index, result, item === 0 ? [...parseIssues, ...issues] : issues, item));
  }
  return reports;
}

function toReport(file: string | undefined, documents: DocumentReport[], sourceIssues: Issue[]): ValidationReport {
  const issues = [...sourceIssues, ...documents.flatMap((document) => document.issues)];
  return { ...(file === undefined ? {} : { file }), valid: !issues.some((issue) => issue.severity === "error"), documents, issues };
}

/** The problems parsing found (the source's and each document's), as positioned issues; nothing is validated. */
export function parseIssues(parsed: ParsedSource, file?: string): Issue[] {
  return [...parsed.findings.map((finding) => toIssue(finding, file, undefined)), ...parsed.documents.flatMap((document) => document.findings.map((finding) => toIssue(finding, file, document.locate)))];
}

/**
 * Validates every document of a YAML or JSON source (Katib Experiments and Trainer TrainJobs and runtimes; other
 * resources are skipped with a warning).
 */
export async function validateManifests(source: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  return validateParsedSource(parseManifestSource(typeof source === "string" ? source : String(source)), options);
}

/**
 * Validates the documents of a source parsed already (by parseManifestSource, here or in another thread). The
 * documents' values are defaulted in place unless `keepValues` (the caller sends them afterwards).
 */
export async function validateParsedSource(parsed: ParsedSource, options: ValidateOptions = {}, { keepValues = false } = {}): Promise<ValidationReport> {
  const fieldValidation = options.validate ?? "strict";
  const sourceIssues = parsed.findings.map((finding) => toIssue(finding, options.file, undefined));
  const documents: DocumentReport[] = [];
  for (const document of parsed.documents) {
    if (document.empty && document.findings.length === 0) continue;
    documents.push(...(await validateDocument(document, options.file, fieldValidation, keepValues)));
  }
  return toReport(options.file, documents, sourceIssues);
}

/** Validates one decoded object (issues have no line or column). */
export async function validateObject(object: unknown, options: ValidateOptions = {}): Promise<ValidationReport> {
  const result = await safeValidate(object, options.validate ?? "strict");
  const issues = result.findings.map((finding) => toIssue(finding, options.file, undefined));
  return toReport(options.file, [toDocumentReport(0, result, issues)], []);
}

/**
 * The object with the defaults admission applies before validating: the CRD's structural defaults for Trainer kinds
 * (as the apiserver), Katib's defaulting webhook for Experiments. Other objects come back unchanged. The argument is
 * not modified.
 */
export async function applyDefaults<T>(object: T): Promise<T> {
  const copy = structuredClone(object);
  if (!isRecord(copy) || typeof copy.apiVersion !== "string" || typeof copy.kind !== "string") return copy;
  const lookup = findKind(copy.apiVersion, copy.kind);
  if (lookup.status !== "found") return copy;
  await defaultInPlace(copy, lookup.group, lookup.kind, lookup.validator);
  return copy;
}
