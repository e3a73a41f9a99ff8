/**
 * Codegen cost: a full regenerate from the pinned sources into a temp directory, and `tsc --noEmit` of a consumer
 * file using the Katib and Trainer models against the packed package — wall time and peak RSS of each process.
 */
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { attempt, emptyOutcome, type Family, type FamilyOutcome } from "../lib/family.ts";
import { apiSourcesDir, benchDir, repoRoot } from "../lib/paths.ts";
import { row, valueGoal } from "../lib/result.ts";
import { canMeasureRss, describeFailure, runCommand } from "../lib/run-command.ts";
import { summarize } from "../lib/stats.ts";

/** Runs a command `runs` times; returns wall times (ms) and peak RSS (MiB). Fails on a non-zero exit. */
async function timeRuns(name: string, command: string, args: (run: number) => Promise<string[]> | string[], runs: number, cwd: string): Promise<{ ms: number[]; rss: number[] }> {
  const ms: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run++) {
    const r = await runCommand(command, await args(run), { cwd, timeoutMs: 300_000, measureRss: true });
    if (r.code !== 0) throw new Error(describeFailure(name, [], r));
    ms.push(r.wallMs);
    if (r.maxRssKiB !== undefined) rss.push(r.maxRssKiB / 1024);
  }
  return { ms, rss };
}

async function regenerate(ctx: BenchContext, outcome: FamilyOutcome, runs: number): Promise<void> {
  const sources = apiSourcesDir();
  const outDir = (): Promise<string> => mkdtemp(join(ctx.work, "generated-"));
  // One unmeasured run warms the file cache (and fails fast with codegen's own message).
  await timeRuns("codegen", process.execPath, async () => ["codegen/main.ts", "--sources", sources, "--out", await outDir()], 1, repoRoot);
  const { ms, rss } = await timeRuns("codegen", process.execPath, async () => ["codegen/main.ts", "--sources", sources, "--out", await outDir()], runs, repoRoot);
  const time = row("full regenerate (node codegen/main.ts --sources … --out <tmp>)", "kubeflow-ts codegen: wall time", "ms", "lower", ms, rss.length ? { "peak RSS (MiB)": summarize(rss).median.toFixed(0) } : undefined);
  outcome.rows.push(time);
  outcome.goals.push(valueGoal("full regenerate ≤ 3 s", time, "<=", 3_000, (x) => `${(x / 1000).toFixed(2)} s`));
}

async function consumerTypecheck(ctx: BenchContext, outcome: FamilyOutcome, runs: number): Promise<void> {
  const packed = await ctx.packed();
  await copyFile(join(benchDir, "fixtures", "consumer.ts"), join(packed.dir, "consumer.ts"));
  const tsconfig = {
    // What `tsc --init` gives a user today, plus Node's types from the repository (the consumer has none installed).
    compilerOptions: { target: "es2023", module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"], typeRoots: [join(repoRoot, "node_modules", "@types")] },
    files: ["consumer.ts"],
  };
  await writeFile(join(packed.dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  await timeRuns("tsc (consumer)", process.execPath, () => [tsc, "-p", "tsconfig.json"], 1, packed.dir);
  const { ms, rss } = await timeRuns("tsc (consumer)", process.execPath, () => [tsc, "-p", "tsconfig.json"], runs, packed.dir);
  const time = row("tsc --noEmit of a consumer file using Katib and Trainer models", "kubeflow-ts types: tsc wall time", "ms", "lower", ms);
  outcome.rows.push(time);
  outcome.goals.push(valueGoal("consumer tsc --noEmit ≤ 2 s", time, "<=", 2_000, (x) => `${(x / 1000).toFixed(2)} s`));
  if (rss.length > 0) {
    const memory = row("tsc --noEmit of a consumer file: peak RSS", "kubeflow-ts types: tsc peak RSS", "MiB", "lower", rss);
    outcome.rows.push(memory);
    outcome.goals.push(valueGoal("consumer tsc --noEmit ≤ 250 MB RSS", memory, "<=", 250, (x) => `${x.toFixed(0)} MiB`));
  }
}

export const codegen: Family = {
  id: "codegen",
  title: "Codegen and consumer type-check",
  method:
    "Full regenerate: `node codegen/main.ts --sources <KUBEFLOW_API_SOURCES> --out <temp dir>` from the repository. " +
    "Consumer type-check: bench/fixtures/consumer.ts (an Experiment, a TrainJob, both clients) copied into the temp project where the packed package is installed, " +
    "checked by the repository's TypeScript with `tsc -p` (strict, skipLibCheck, noEmit, nodenext). Wall time spawn → exit; peak RSS via GNU time. One warm-up run each. " +
    "There is no peer reference here: the ratio is against the goal.",
  async run(ctx) {
    const outcome = emptyOutcome();
    const runs = ctx.quick ? 1 : 5;
    if (!canMeasureRss()) outcome.notes.push("GNU time (/usr/bin/time) is missing: no peak RSS figures.");
    await attempt(outcome, "full regenerate", () => regenerate(ctx, outcome, runs));
    await attempt(outcome, "consumer tsc --noEmit", () => consumerTypecheck(ctx, outcome, runs));
    return outcome;
  },
};
