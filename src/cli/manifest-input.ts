/**
 * `-f FILE` and `-f -` of `create`: the manifest read as `kfts validate` reads its inputs (UTF-8 only, size-capped),
 * parsed once, split into objects (any number of `---`-separated documents; empty ones are skipped, as kubectl skips
 * them), and validated offline from that same parse before anything is sent.
 */
import { formatIssue } from "../validate/format-issue.ts";
import { listManifestInputs, readManifestInput } from "../validate/load-manifest-sources.ts";
import { type ParsedSource, parseManifestSource } from "../validate/parse-documents.ts";
import type { FieldValidation } from "../validate/types.ts";
import { parseIssues, validateParsedSource } from "../validate/validate-manifests.ts";
import { CliFailure } from "./cli-errors.ts";
import type { CliIo } from "./cli-io.ts";

/** One object of a manifest file. */
export interface Manifest {
  object: Record<string, unknown>;
  /** 1-based position of the document in its file. */
  document: number;
}

/** A manifest file, parsed. */
export interface ManifestFile {
  /** The path, or `<stdin>`. */
  file: string;
  /** Its objects, as written. */
  manifests: Manifest[];
  /** The parse they come from, for validation. */
  parsed: ParsedSource;
}

/** Reads `-f`'s argument (a file, or stdin for `-`); throws a CliFailure saying why it cannot be read. */
async function readSource(path: string, io: Pick<CliIo, "stdin">): Promise<{ file: string; text: string }> {
  const listed = await listManifestInputs([path], { cwd: process.cwd(), stdin: io.stdin });
  const [input] = listed.inputs;
  const [ioError] = listed.ioErrors;
  if (ioError !== undefined || input === undefined) throw new CliFailure(`cannot read ${ioError ?? path}`, "pass a manifest file, or - to read stdin");
  if (listed.inputs.length > 1 || input.file !== path) throw new CliFailure(`${path} is a directory`, "pass one manifest file, or - to read stdin");
  const read = readManifestInput(input);
  const file = path === "-" ? "<stdin>" : path;
  if (read.kind === "unreadable") throw new CliFailure(`cannot read ${read.ioError}`, "pass a manifest file, or - to read stdin");
  if (read.kind === "invalid") throw new CliFailure(`${file}: ${read.problem}`);
  return { file, text: read.text };
}

/**
 * Reads and parses `-f`'s argument. Throws a CliFailure for a file that cannot be read, malformed YAML or JSON (each
 * problem printed through `report` with its file:line:column first), a document that is not an object, or no objects.
 */
export async function readManifestFile(path: string, io: Pick<CliIo, "stdin">, report: (line: string) => void): Promise<ManifestFile> {
  const { file, text } = await readSource(path, io);
  const parsed = parseManifestSource(text);
  const issues = parseIssues(parsed, file);
  if (issues.some((issue) => issue.severity === "error")) {
    for (const issue of issues) report(formatIssue(issue));
    throw new CliFailure(`${file} is not valid YAML or JSON; nothing was sent`, "fix the syntax at the position shown");
  }
  const manifests: Manifest[] = [];
  for (const document of parsed.documents) {
    if (document.empty || document.value === null || document.value === undefined) continue;
    if (typeof document.value !== "object" || Array.isArray(document.value)) {
      throw new CliFailure(`${file}: document ${document.index + 1} is not an object (a Kubernetes manifest has apiVersion, kind, metadata, spec)`);
    }
    manifests.push({ object: document.value as Record<string, unknown>, document: document.index + 1 });
  }
  if (manifests.length === 0) throw new CliFailure(`${file}: no objects found`, "the file holds no YAML document (or only empty ones)");
  return { file, manifests, parsed };
}

/**
 * Validates the manifest offline, from its parse (its objects are left as written). Prints each issue through
 * `report`; throws a CliFailure when any is an error.
 */
export async function validateManifestFile({ file, parsed }: ManifestFile, fieldValidation: FieldValidation, report: (line: string) => void): Promise<void> {
  const { issues } = await validateParsedSource(parsed, { file, validate: fieldValidation }, { keepValues: true });
  for (const issue of issues) report(formatIssue(issue));
  const errors = issues.filter((issue) => issue.severity === "error").length;
  if (errors === 0) return;
  throw new CliFailure(`${file} is invalid (${errors} ${errors === 1 ? "error" : "errors"}); nothing was sent`, "fix the manifest, or skip offline validation with --validate=false");
}
