/**
 * Validates the inputs `kfts validate` listed, in order, as they are read and parsed: by the parse thread when one
 * is given, which meanwhile leaves this thread free to load the validators and validate what came before.
 */
import type { Worker } from "node:worker_threads";
import { preloadValidators } from "./kinds.ts";
import type { ManifestInput } from "./load-manifest-sources.ts";
import { parsedInputs } from "./parsed-inputs.ts";
import type { FieldValidation, ValidationReport } from "./types.ts";
import { validateParsedSource } from "./validate-manifests.ts";

/** A report per input read, in input order; the inputs that could not be read add their reason to `ioErrors`. */
export async function validateInputs(inputs: readonly ManifestInput[], fieldValidation: FieldValidation, ioErrors: string[], thread?: Worker): Promise<ValidationReport[]> {
  // While the thread parses the first inputs, this one has nothing better to do than load the validators.
  if (thread) preloadValidators();
  const reports: ValidationReport[] = [];
  for await (const input of parsedInputs(inputs, thread)) {
    if ("ioError" in input) ioErrors.push(input.ioError);
    else if ("parsed" in input) reports.push(await validateParsedSource(input.parsed, { file: input.file, validate: fieldValidation }));
    else reports.push({ file: input.file, valid: false, documents: [], issues: [{ severity: "error", path: "", message: input.problem, rule: input.rule, file: input.file }] });
  }
  return reports;
}
