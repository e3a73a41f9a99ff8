/**
 * `kfts validate [FILE|DIR|-]… [-o text|json|junit|sarif|github] [--validate=strict|warn|ignore]`: the command's
 * arguments, usage, output and exit status, over the validate library's validateFiles. Exit status: 0 when everything is valid, 1 when
 * anything is invalid, 2 for usage or I/O errors. Problems are printed as lines, never as stack traces.
 */
import { parseArgs } from "node:util";
import { formatIssue } from "../../validate/format-issue.ts";
import type { FieldValidation, ValidationReport } from "../../validate/types.ts";
import { type InputParsing, startParsing } from "../../validate/parsed-inputs.ts";
import { type FilesReport, type FilesValidation, validateEachFile, validateFilesWith } from "../../validate/validate-files.ts";
import type { CliIo } from "../cli-io.ts";

/** What `kfts validate` reads and writes: the CLI's streams, and the directory relative paths start from. */
export type ValidateIo = Pick<CliIo, "stdout" | "stderr"> & Partial<Pick<CliIo, "stdin">> & { cwd?: string };

const USAGE = `Usage: kfts validate [FILE|DIR|-]... [-o text|json|junit|sarif|github] [--validate=strict|warn|ignore]

Validates Katib Experiments and Trainer TrainJobs/TrainingRuntimes/ClusterTrainingRuntimes offline: the schemas
the apiserver enforces, their CEL rules, and Katib's admission webhooks. Directories are searched recursively for
*.yaml, *.yml and *.json; "-" reads standard input.

  -o, --output      text (default), json, junit (JUnit XML for CI test tabs), sarif (SARIF 2.1.0 for code
                    scanning) or github (GitHub Actions annotations)
  --validate        unknown fields: strict (errors, default), warn (warnings) or ignore
  -h, --help        this help

Exit status: 0 all valid, 1 something invalid, 2 usage or I/O error.
`;

class UsageError extends Error {}

const OUTPUTS = ["text", "json", "junit", "sarif", "github"] as const;
type Output = (typeof OUTPUTS)[number];

interface Options {
  paths: string[];
  output: Output;
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
  if (!(OUTPUTS as readonly string[]).includes(output)) throw new UsageError(`-o must be one of ${OUTPUTS.join(", ")} (got ${JSON.stringify(output)})`);
  const help = values.help === true;
  if (!help && positionals.length === 0) throw new UsageError("no input: give files, directories, or - for standard input");
  return { paths: positionals, output: output as Output, fieldValidation: toFieldValidation(values.validate), help };
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

/** Adds one report to the counts. */
function tally(summary: Summary, report: ValidationReport): Summary {
  summary.files++;
  for (const document of report.documents) {
    summary.documents++;
    if (!document.valid) summary.invalid++;
    else if (document.skipped) summary.skipped++;
    else summary.valid++;
  }
  for (const issue of report.issues) {
    if (issue.severity === "error") summary.errors++;
    else summary.warnings++;
  }
  return summary;
}

function emptySummary(): Summary {
  return { files: 0, documents: 0, valid: 0, invalid: 0, skipped: 0, errors: 0, warnings: 0 };
}

function summarize(reports: readonly ValidationReport[]): Summary {
  return reports.reduce(tally, emptySummary());
}

function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

function formatSummary({ files, documents, valid, invalid, skipped, errors, warnings }: Summary): string {
  return `${plural(files, "file")}, ${plural(documents, "document")}: ${valid} valid, ${invalid} invalid, ${skipped} skipped; ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

/** Line formats: written as the inputs are validated, not kept (a line per issue, the summary last). */
type LineOutput = Extract<Output, "text" | "github">;

function isLineOutput(output: Output): output is LineOutput {
  return output === "text" || output === "github";
}

/** Text written in pieces of about this size: a write per line would be a system call per issue. */
const WRITE_CHARS = 64 * 1024;

/**
 * Prints each input's issues as it is validated (I/O errors to stderr as they are met), then the summary; keeps only
 * the counts, so memory does not grow with the number of inputs. Resolves to the exit status.
 */
async function printAsValidated(output: LineOutput, { listingErrors, outcomes }: FilesValidation, io: ValidateIo): Promise<number> {
  const github = output === "github" ? await import("../validation-output/github-annotations.ts") : undefined;
  const line = github ? github.toAnnotation : formatIssue;
  const summary = emptySummary();
  const ioErrors: string[] = [];
  let valid = true;
  let pending = "";
  const ioError = (problem: string): void => {
    ioErrors.push(problem);
    io.stderr.write(`kfts validate: ${problem}\n`);
  };
  listingErrors.forEach(ioError);
  for await (const outcome of outcomes) {
    if (outcome.kind === "unreadable") {
      ioError(outcome.ioError);
      continue;
    }
    tally(summary, outcome.report);
    valid &&= outcome.report.valid;
    for (const issue of outcome.report.issues) pending += `${line(issue)}\n`;
    if (pending.length >= WRITE_CHARS) {
      io.stdout.write(pending);
      pending = "";
    }
  }
  // GitHub shows unreadable inputs as annotations too, after the issues.
  if (github) for (const problem of ioErrors) pending += `${github.ioErrorAnnotation(problem)}\n`;
  io.stdout.write(`${pending}${formatSummary(summary)}\n`);
  if (ioErrors.length > 0) return 2;
  return valid ? 0 : 1;
}

/**
 * A document format (json, junit, sarif) of the whole result, as one string: one write. Their modules load only when
 * asked for.
 */
async function render(output: Exclude<Output, LineOutput>, result: FilesReport): Promise<string> {
  const { reports, ioErrors, valid } = result;
  switch (output) {
    case "json":
      return `${JSON.stringify({ valid, summary: summarize(reports), reports, ioErrors }, null, 2)}\n`;
    case "junit":
      return (await import("../validation-output/junit.ts")).toJunitXml(result);
    case "sarif": {
      const [{ toSarifLog }, { packageVersion }] = await Promise.all([import("../validation-output/sarif.ts"), import("../../transport/user-agent.ts")]);
      return `${JSON.stringify(toSarifLog(result, packageVersion()), null, 2)}\n`;
    }
  }
}

/**
 * Runs `kfts validate` with its arguments (those after `validate`); resolves to the exit status. `parsing`: the
 * inputs' parsing, when the caller started it already (see runPlainValidate); it is ended in any case.
 */
export async function runValidate(argv: readonly string[], io: ValidateIo, parsing?: InputParsing): Promise<number> {
  try {
    const options = parseOptions(argv);
    if (options.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const fileOptions = { validate: options.fieldValidation, ...(io.cwd === undefined ? {} : { cwd: io.cwd }), ...(io.stdin === undefined ? {} : { stdin: io.stdin }) };
    parsing ??= startParsing(options.paths, io.cwd ?? process.cwd());
    if (isLineOutput(options.output)) return await printAsValidated(options.output, await validateEachFile(parsing, options.paths, fileOptions), io);
    const result = await validateFilesWith(parsing, options.paths, fileOptions);
    for (const problem of result.ioErrors) io.stderr.write(`kfts validate: ${problem}\n`);
    io.stdout.write(await render(options.output, result));
    if (result.ioErrors.length > 0) return 2;
    return result.valid ? 0 : 1;
  } catch (cause) {
    io.stderr.write(`kfts validate: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    if (cause instanceof UsageError) io.stderr.write(`\n${USAGE}`);
    return 2;
  } finally {
    // Its thread must not keep the process alive, whatever happened (help, wrong usage, a failure part-way); once
    // validation has ended it, this does nothing.
    await parsing?.cancel();
  }
}
