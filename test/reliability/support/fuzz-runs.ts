/**
 * How many cases each fuzz property tries: a quick run by default (CI), many more with `KUBEFLOW_TS_FUZZ_RUNS` for a
 * local soak, e.g. `KUBEFLOW_TS_FUZZ_RUNS=100000 npx vitest run test/reliability/fuzz-`.
 */

/** Runs per property in CI. */
export const QUICK_FUZZ_RUNS = 200;

/** The number of runs per property for this process. */
export function fuzzRuns(env: Record<string, string | undefined> = process.env): number {
  const raw = env["KUBEFLOW_TS_FUZZ_RUNS"];
  const runs = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(runs) && runs > 0 ? runs : QUICK_FUZZ_RUNS;
}

/** Whether this is a long (local) run: tests then get a timeout that scales with the runs. */
export function fuzzTimeoutMs(perRunMs: number, runs: number = fuzzRuns()): number {
  return Math.max(30_000, Math.ceil(perRunMs * runs) + 10_000);
}
