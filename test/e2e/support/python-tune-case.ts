/**
 * tune() options of kubeflow-ts as a case for test/e2e/python/katib_tune.py: the same arguments for the Python SDK's
 * tune(), in its snake_case names, with each SearchSpace as the `katib.search` call that makes it and each model
 * object tagged with its class, so both SDKs are given the same inputs from one description.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SearchSpace, type TuneOptions } from "../../../src/index.ts";

/** One case of katib_tune.py. */
export interface PythonTuneCase {
  name: string;
  namespace?: string;
  objective_file: string;
  objective_name: string;
  parameters: Record<string, { search: string; args: Record<string, unknown>; sdk_helper?: boolean } | { value: unknown }>;
  kwargs: Record<string, unknown>;
}

/** Writes `source` to a fresh .py file, which the Python side imports so that inspect.getsource reads it. */
export function writeObjectiveFile(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "kfts-tune-")), "objective.py");
  writeFileSync(file, source);
  return file;
}

/** Writes a case, a list of cases or a search call to a JSON file, the argument katib_tune.py takes. */
export function writeCaseFile(cases: PythonTuneCase | PythonTuneCase[] | { kind: string; args: Record<string, unknown> }): string {
  const file = join(mkdtempSync(join(tmpdir(), "kfts-tune-case-")), "case.json");
  writeFileSync(file, JSON.stringify(cases));
  return file;
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** `katib.search.<kind>(**args)` for a SearchSpace (bounds back to numbers: "1" an int, "0.5" a float, as Python reads JSON). */
function toPythonSearch(space: SearchSpace): { search: string; args: Record<string, unknown> } {
  const { min, max, step, list } = space.feasibleSpace;
  if (list) return { search: space.parameterType, args: { list } };
  return { search: space.parameterType, args: { min: Number(min), max: Number(max), ...(step !== undefined ? { step: Number(step) } : {}) } };
}

/** The JSON of one tune() argument, model objects tagged as katib_tune.py reads them. */
function toPythonArgument(option: string, value: unknown): unknown {
  if (option === "resourcesPerTrial" && typeof value === "object" && value !== null && "numWorkers" in value) {
    const { numWorkers, numProcsPerWorker, resourcesPerWorker } = value as { numWorkers: number; numProcsPerWorker: number; resourcesPerWorker?: unknown };
    return { trainer: { num_workers: numWorkers, num_procs_per_worker: numProcsPerWorker, resources_per_worker: resourcesPerWorker === undefined ? null : toPythonArgument(option, resourcesPerWorker) } };
  }
  if (option === "resourcesPerTrial" && typeof value === "object" && value !== null && ("requests" in value || "limits" in value)) return { requirements: value };
  if (option === "envPerTrial" && Array.isArray(value)) return value.map((entry: object) => ("name" in entry ? { env: entry } : { env_from: entry }));
  return value;
}

/** The Python SDK's tune() arguments for `options`, calling the function in `objectiveFile`. */
export function toPythonTuneCase(options: TuneOptions, objectiveFile: string): PythonTuneCase {
  const { name, namespace, objective, parameters, ...rest } = options;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    objective_file: objectiveFile,
    objective_name: objective.name ?? "objective",
    parameters: Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, value instanceof SearchSpace ? toPythonSearch(value) : { value }])),
    kwargs: Object.fromEntries(Object.entries(rest).map(([option, value]) => [snake(option), toPythonArgument(option, value)])),
  };
}
