/**
 * Where the bench reads and writes. Everything is resolved at run time from this file's location and the
 * environment, so no machine path is ever written into the repository.
 */
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/ */
export const benchDir: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The repository root. */
export const repoRoot: string = resolve(benchDir, "..");

/** bench/.deps: the bench's own npm project holding the Node references. */
export const nodeDepsDir: string = join(benchDir, ".deps");

/** bench/.venv: the bench's own Python virtualenv. */
export const venvDir: string = join(benchDir, ".venv");

/** bench/.work: scratch files of one run (temp corpora, schemas), removed at the end. */
export const workDir: string = join(benchDir, ".work");

/** Where results go: bench/results for a full run, bench/results/quick (gitignored) for a smoke run. */
export function resultsDir(quick: boolean): string {
  return quick ? join(benchDir, "results", "quick") : join(benchDir, "results");
}

/** The report: BENCHMARKS.md at the root for a full run, next to the quick results for a smoke run. */
export function reportFile(quick: boolean): string {
  return quick ? join(resultsDir(true), "BENCHMARKS.md") : join(repoRoot, "BENCHMARKS.md");
}

function fromEnv(name: string, fallback: string, env: NodeJS.ProcessEnv): string {
  const value = env[name];
  if (value === undefined || value === "") return resolve(repoRoot, fallback);
  return isAbsolute(value) ? value : resolve(repoRoot, value);
}

/** The pinned API sources (CRDs): `KUBEFLOW_API_SOURCES`, else `../shared/crds` beside the repository. */
export function apiSourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  return fromEnv("KUBEFLOW_API_SOURCES", "../shared/crds", env);
}

/** The example manifests: `KUBEFLOW_CORPUS`, else `../shared/corpus` beside the repository. */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return fromEnv("KUBEFLOW_CORPUS", "../shared/corpus", env);
}

/** The bench's cache outside the repository (built Go tools survive `git clean` and fresh clones). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== "" ? xdg : join(homedir(), ".cache");
  return join(base, "kubeflow-ts", "bench");
}
