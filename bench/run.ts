/**
 * `npm run bench` — every family, full iterations: writes bench/results/<family>.json and .svg and BENCHMARKS.md.
 * `npm run bench -- --quick` — the smoke run CI executes: every family with a few iterations, results under
 * bench/results/quick/ (gitignored) so a smoke run never overwrites the committed figures. No thresholds: the run
 * exits 0 unless the harness itself breaks; a reference that cannot be installed or run is reported as skipped.
 * `--only a,b` runs some families (the report still shows the others' last results).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { apiserverList } from "./families/apiserver-list.ts";
import { apiserverManyWaits } from "./families/apiserver-many-waits.ts";
import { apiserverWait } from "./families/apiserver-wait.ts";
import { codegen } from "./families/codegen.ts";
import { coldImport } from "./families/cold-import.ts";
import { firstResult } from "./families/first-result.ts";
import { requestOverhead } from "./families/request-overhead.ts";
import { validation } from "./families/validation.ts";
import { createContext } from "./lib/context.ts";
import type { Family, FamilyOutcome } from "./lib/family.ts";
import { repoRoot, reportFile, resultsDir, workDir } from "./lib/paths.ts";
import { renderReport } from "./lib/report.ts";
import type { FamilyResult } from "./lib/result.ts";
import { runCommand } from "./lib/run-command.ts";
import { scrubPaths } from "./lib/scrub-paths.ts";
import { skipReason } from "./lib/skip.ts";
import { renderChart } from "./lib/svg-chart.ts";

const FAMILIES: Family[] = [coldImport, requestOverhead, apiserverList, firstResult, apiserverWait, apiserverManyWaits, validation, codegen];

const USAGE = `usage: npm run bench [-- --quick] [-- --only ${FAMILIES.map((f) => f.id).join(",")}]`;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** The runtime families import the working tree, which imports generated/: generate it when it is missing. */
async function ensureGenerated(): Promise<void> {
  if (existsSync(join(repoRoot, "generated", "katib", "v1beta1", "resources.ts"))) return;
  log("generated/ is missing: running npm run generate");
  const result = await runCommand("npm", ["run", "generate"], { cwd: repoRoot, timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`npm run generate failed:\n${result.stderr.slice(-2000)}`);
}

function readResults(dir: string): FamilyResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as FamilyResult)
    .filter((r) => FAMILIES.some((f) => f.id === r.family));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" }, help: { type: "boolean", default: false } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const quick = values.quick ?? false;
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !FAMILIES.some((f) => f.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown family: ${unknown.join(", ")}\n${USAGE}`);
    return 2;
  }
  const selected = only ? FAMILIES.filter((f) => only.includes(f.id)) : FAMILIES;
  const outDir = resultsDir(quick);
  await mkdir(outDir, { recursive: true });
  await mkdir(workDir, { recursive: true });
  await ensureGenerated();
  const ctx = await createContext({ quick, workRoot: workDir, log });
  const started = performance.now();
  let broken = false;
  try {
    for (const family of selected) {
      log(`── ${family.id}${quick ? " (quick)" : ""}`);
      const t0 = performance.now();
      let outcome: FamilyOutcome;
      try {
        outcome = await family.run(ctx);
      } catch (error) {
        outcome = { rows: [], goals: [], skipped: [{ what: family.id, reason: skipReason(error) }], notes: [], broken: true };
        console.error(error);
      }
      broken ||= outcome.broken === true;
      const result: FamilyResult = scrubPaths<FamilyResult>({
        family: family.id,
        title: family.title,
        method: family.method,
        mode: quick ? "quick" : "full",
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        machine: { cpus: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
        durationMs: performance.now() - t0,
        rows: outcome.rows,
        goals: outcome.goals,
        skipped: outcome.skipped,
        notes: outcome.notes,
      }, { [ctx.work]: "<work>" });
      await writeFile(join(outDir, `${family.id}.json`), `${JSON.stringify(result, null, 2)}\n`);
      await writeFile(join(outDir, `${family.id}.svg`), renderChart(result));
      for (const goal of result.goals) log(`  ${goal.informational ? "info" : goal.met === null ? "—" : goal.met ? "met" : "NOT met"}: ${goal.goal}: ${goal.measured}`);
      for (const skip of result.skipped) log(`  skipped ${skip.what}: ${skip.reason}`);
      log(`  ${family.id} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await ctx.dispose();
  }
  const report = reportFile(quick);
  await writeFile(report, renderReport(readResults(outDir), { reportPath: report, svgDir: outDir, quick }));
  log(`wrote ${report} (${((performance.now() - started) / 1000).toFixed(0)} s)${broken ? " — the harness broke, see above" : ""}`);
  return broken ? 1 : 0;
}

process.exitCode = await main();
