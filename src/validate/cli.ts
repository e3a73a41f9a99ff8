/**
 * `kfts validate [paths|dirs|-]… [-o text|json] [--validate=strict|warn|ignore]`: validates manifest files,
 * directories (recursively: *.yaml, *.yml, *.json) and standard input. Exit status: 0 when everything is valid,
 * 1 when anything is invalid, 2 for usage or I/O errors. Problems are printed as lines, never as stack traces.
 */
import { parseArgs } from "node:util";
import { listManifestInputs } from "./load-manifest-sources.ts";
import { launchParseThread, mayBeMany, THREAD_MIN_INPUTS } from "./parse-thread-launch.ts";
import type { FieldValidation, Issue, ValidationReport } from "./types.ts";

/** Where the command reads and writes (process.stdout, process.stderr and process.stdin fit). */
export interface ValidateIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin?: AsyncIterable<string | Uint8Array>;
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
}

const USAGE = `Usage: kfts validate [FILE|DIR|-]... [-o text|json] [--validate=strict|warn|ignore]

Validates Katib Experiments and Trainer TrainJobs/TrainingRuntimes/ClusterTrainingRuntimes offline: the schemas
the apiserver enforces, their CEL rules, and Katib's admission webhooks. Directories are searched recursively for
*.yaml, *.yml and *.json; "-" reads standard input.

  -o, --output      text (default) or json
  --validate        unknown fields: strict (errors, default), warn (warnings) or ignore
  -h, --help        this help

Exit status: 0 all valid, 1 something invalid, 2 usage or I/O error.
`;

class UsageError extends Error {}

interface Options {
  paths: string[];
  output: "text" | "json";
  fieldValidation: FieldValidation;
  help: boolean;
}

function toFieldValidation(value: string | undefined): FieldValidation {
  if (value === undefined || value === "strict" || value === "true") return "strict";
  if (value === "warn") return "warn";
  if (value === "ignore" || value === "false") return "ignore";
  throw new UsageError(`--validate must be strict, warn or ignore (got ${JSON.stringify(value)})`);
}

function parseOptions(argv: readonly string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { output: { type: "string", short: "o" }, validate: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (cause) {
    throw new UsageError(cause instanceof Error ? cause.message : String(cause));
  }
  const { values, positionals } = parsed;
  const output = values.output ?? "text";
  if (output !== "text" && output !== "json") throw new UsageError(`-o must be text or json (got ${JSON.stringify(output)})`);
  const help = values.help === true;
  if (!help && positionals.length === 0) throw new UsageError("no input: give files, directories, or - for standard input");
  return { paths: positionals, output, fieldValidation: toFieldValidation(values.validate), help };
}

function formatIssue(issue: Issue): string {
  const where = issue.line === undefined ? `${issue.file ?? "-"}` : `${issue.file ?? "-"}:${issue.line}:${issue.column ?? 1}`;
  const field = issue.path === "" ? "" : ` ${issue.path}`;
  return `${where}: ${issue.severity}${field}: ${issue.message} (${issue.rule})`;
}

interface Summary {
  files: number;
  documents: number;
  valid: number;
  invalid: number;
  skipped: number;
  errors: number;
  warnings: number;
}

function summarize(reports: readonly ValidationReport[]): Summary {
  const documents = reports.flatMap((report) => report.documents);
  const issues = reports.flatMap((report) => report.issues);
  return {
    files: reports.length,
    documents: documents.length,
    valid: documents.filter((document) => document.valid && !document.skipped).length,
    invalid: documents.filter((document) => !document.valid).length,
    skipped: documents.filter((document) => document.skipped && document.valid).length,
    errors: issues.filter((issue) => issue.severity === "error").length,
    warnings: issues.filter((issue) => issue.severity === "warning").length,
  };
}

function formatSummary(summary: Summary): string {
  const { files, documents, valid, invalid, skipped, errors, warnings } = summary;
  return `${files} ${files === 1 ? "file" : "files"}, ${documents} ${documents === 1 ? "document" : "documents"}: ${valid} valid, ${invalid} invalid, ${skipped} skipped; ${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}`;
}

function write(io: ValidateIo, options: Options, reports: readonly ValidationReport[], ioErrors: readonly string[]): void {
  const summary = summarize(reports);
  if (options.output === "json") {
    const valid = ioErrors.length === 0 && reports.every((report) => report.valid);
    io.stdout.write(`${JSON.stringify({ valid, summary, reports, ioErrors }, null, 2)}\n`);
    return;
  }
  // One write: a line per write is a system call per issue when stdout is a file or a pipe.
  let text = "";
  for (const report of reports) for (const issue of report.issues) text += `${formatIssue(issue)}\n`;
  io.stdout.write(`${text}${formatSummary(summary)}\n`);
}

// Resolves to `.ts` from source and `.js` from the build; loaded once the parse thread is on its way.
const VALIDATE_INPUTS = new URL(`./validate-inputs${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;

/**
 * Lists, reads, parses and validates the inputs. With many inputs, a thread parses them; it is started before
 * anything else so that it boots while the inputs are listed and the validators are loaded.
 */
async function validateAll(options: Options, io: ValidateIo, ioErrors: string[]): Promise<ValidationReport[]> {
  const cwd = io.cwd ?? process.cwd();
  const thread = mayBeMany(options.paths, cwd) ? launchParseThread() : undefined;
  try {
    const listed = await listManifestInputs(options.paths, { cwd, stdin: io.stdin });
    ioErrors.push(...listed.ioErrors);
    const threaded = thread !== undefined && listed.inputs.length >= THREAD_MIN_INPUTS;
    if (thread && !threaded) await thread.terminate();
    const { validateInputs } = (await import(VALIDATE_INPUTS)) as typeof import("./validate-inputs.ts");
    // From here on the thread is validateInputs' to terminate.
    return await validateInputs(listed.inputs, options.fieldValidation, ioErrors, threaded ? thread : undefined);
  } catch (cause) {
    await thread?.terminate();
    throw cause;
  }
}

/** Runs `kfts validate` with its arguments; resolves to the exit status. */
export async function runValidate(argv: readonly string[], io: ValidateIo): Promise<number> {
  const ioErrors: string[] = [];
  try {
    const options = parseOptions(argv);
    if (options.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const reports = await validateAll(options, io, ioErrors);
    for (const problem of ioErrors) io.stderr.write(`kfts validate: ${problem}\n`);
    write(io, options, reports, ioErrors);
    if (ioErrors.length > 0) return 2;
    return reports.every((report) => report.valid) ? 0 : 1;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    io.stderr.write(`kfts validate: ${message}\n`);
    if (cause instanceof UsageError) io.stderr.write(`\n${USAGE}`);
    return 2;
  }
}
