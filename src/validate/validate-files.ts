/**
 * Validating files, directories and standard input, as `kfts validate` does: listed in order (directories searched
 * recursively for *.yaml, *.yml and *.json), read, parsed (by a second thread when there are many: parsed-inputs.ts)
 * and validated one at a time. validateEachFile hands each outcome over as it comes, so memory does not grow with the
 * number of inputs; validateFiles collects them into one report.
 */
import { listManifestInputs } from "./load-manifest-sources.ts";
import { type InputParsing, startParsing, THREAD_MIN_INPUTS } from "./parsed-inputs.ts";
import type { FieldValidation, ValidationReport } from "./types.ts";

/** Options of validateFiles. */
export interface ValidateFilesOptions {
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** What the path `-` reads (for a CLI: process.stdin). Without it, `-` is an I/O error. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** Unknown fields: `strict` (default), `warn` or `ignore`. */
  validate?: FieldValidation;
}

/** What validateFiles found. */
export interface FilesReport {
  /** A report per input read, in the order the paths name them (a directory's files in code-unit order). */
  reports: ValidationReport[];
  /** Paths that could not be listed or read, each with the reason (`missing.yaml: no such file or directory`). */
  ioErrors: string[];
  /** Every input was read, and no report has an error. */
  valid: boolean;
}

/**
 * Validates every manifest the paths name (files, directories, `-` for standard input). Never throws for bad input:
 * unreadable paths are `ioErrors`, text that is not a manifest (binary, not UTF-8, too large) an invalid report.
 *
 * @example
 * ```ts
 * const { reports, ioErrors, valid } = await validateFiles(["manifests/"], { validate: "warn" });
 * ```
 */
export async function validateFiles(paths: readonly string[], options: ValidateFilesOptions = {}): Promise<FilesReport> {
  // First, so that a thread for many inputs boots while they are listed and the validators load.
  return validateFilesWith(startParsing(paths, options.cwd ?? process.cwd()), paths, options);
}

/** What became of one input: its report, or why it could not be read. */
export type FileOutcome = { kind: "validated"; report: ValidationReport } | { kind: "unreadable"; ioError: string };

/** The inputs the paths name, as they are being validated. */
export interface FilesValidation {
  /** Paths that could not be listed (`missing.yaml: no such file or directory`). */
  listingErrors: string[];
  /**
   * Each listed input's outcome, in order, as it is validated: nothing is kept, so memory does not grow with the
   * number of inputs. Read it to the end, or end it with `return()` once reading has begun: either ends the parsing
   * (before the first read, the parsing's own `cancel()` does).
   */
  outcomes: AsyncGenerator<FileOutcome>;
}

/**
 * Lists the inputs the paths name and validates them one at a time, as validateFiles does, handing each outcome over
 * as it comes rather than collecting them (`kfts validate` prints as it goes). Takes the parsing over (see
 * startParsing): it is ended whatever happens.
 */
export async function validateEachFile(parsing: InputParsing, paths: readonly string[], options: ValidateFilesOptions = {}): Promise<FilesValidation> {
  const cwd = options.cwd ?? process.cwd();
  let listed, modules;
  try {
    listed = await listManifestInputs(paths, { cwd, stdin: options.stdin });
    // Imported here, not above: the thread is started first, and boots while they load.
    modules = await Promise.all([import("./kinds.ts"), import("./validate-manifests.ts")]);
  } catch (cause) {
    await parsing.cancel();
    throw cause;
  }
  const [{ preloadValidators }, { validateParsedSource }] = modules;
  const inputs = parsing.parse(listed.inputs);
  // With many inputs every validator is likely needed, and the thread parses the first ones meanwhile.
  if (listed.inputs.length >= THREAD_MIN_INPUTS) preloadValidators();
  const validate = options.validate ?? "strict";
  // Ended early (return()), the loop closes `inputs`, whose own cleanup ends the thread.
  async function* outcomes(): AsyncGenerator<FileOutcome> {
    for await (const input of inputs) {
      switch (input.kind) {
        case "parsed":
          yield { kind: "validated", report: await validateParsedSource(input.parsed, { file: input.file, validate }) };
          break;
        case "invalid":
          yield { kind: "validated", report: { file: input.file, valid: false, documents: [], issues: [{ severity: "error", path: "", message: input.problem, rule: input.rule, file: input.file }] } };
          break;
        case "unreadable":
          yield { kind: "unreadable", ioError: input.ioError };
      }
    }
  }
  return { listingErrors: listed.ioErrors, outcomes: outcomes() };
}

/**
 * validateFiles with its parsing started already, by a caller that could start it sooner. Takes the parsing over: it
 * is ended whatever happens.
 */
export async function validateFilesWith(parsing: InputParsing, paths: readonly string[], options: ValidateFilesOptions = {}): Promise<FilesReport> {
  const { listingErrors, outcomes } = await validateEachFile(parsing, paths, options);
  const reports: ValidationReport[] = [];
  const ioErrors = [...listingErrors];
  for await (const outcome of outcomes) {
    if (outcome.kind === "validated") reports.push(outcome.report);
    else ioErrors.push(outcome.ioError);
  }
  return { reports, ioErrors, valid: ioErrors.length === 0 && reports.every((report) => report.valid) };
}
