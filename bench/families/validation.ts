/**
 * Offline validation: throughput on the example corpus (in-process and whole-process CLI) and how many invalid
 * mutants each validator catches, against kubeconform built from its Go module with JSON schemas made from the
 * same CRDs.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { crdFiles } from "../../test/controlplane/bootstrap.ts";
import { compileCacheLabel, compileCacheSetup, warmCacheNote } from "../lib/compile-cache.ts";
import type { BenchContext } from "../lib/context.ts";
import { loadCorpus, writeCorpusCopies, type CorpusFile } from "../lib/corpus.ts";
import { kubeconformSchemaLocation, writeKubeconformSchemas } from "../lib/crd-json-schema.ts";
import { attempt, emptyOutcome, rotate, type Family, type FamilyOutcome } from "../lib/family.ts";
import { loadMutants, type Mutant } from "../lib/mutants.ts";
import { hasExport } from "../lib/packed-install.ts";
import { apiSourcesDir, benchDir, corpusDir, repoRoot } from "../lib/paths.ts";
import { KUBECONFORM_VERSION } from "../lib/pins.ts";
import { ratioGoal, ratioInfo, row, setReference, type Row } from "../lib/result.ts";
import { describeFailure, lastJsonLine, runCommand, type CommandResult } from "../lib/run-command.ts";
import { deleteNamespace, ensureNamespace } from "../lib/bench-namespace.ts";
import { serverVerdicts, type Verdict } from "../lib/server-verdict.ts";
import { SkipError, skipReason } from "../lib/skip.ts";
import { summarize } from "../lib/stats.ts";
import type { ValidateArgs } from "../children/validate-inprocess.ts";

const KUBECONFORM = `kubeconform ${KUBECONFORM_VERSION} -strict`;
const KFTS_CLI = "kubeflow-ts: kfts validate";
/** kfts with its compile cache (a bench-owned NODE_COMPILE_CACHE) filled by the warm-up run: every run after the first. */
const KFTS_CLI_WARM = `${KFTS_CLI} ${compileCacheLabel("warm")}`;
/** kfts with NODE_COMPILE_CACHE at a fresh empty directory per run: the first run after install. */
const KFTS_CLI_COLD = `${KFTS_CLI} ${compileCacheLabel("empty")}`;
const KFTS_INPROCESS = "kubeflow-ts validateManifests";
/** The larger whole-process run: the corpus this many times, in fewer rounds (each takes seconds, not a second). */
const LARGER_COPIES = 1000;
const LARGER_ROUNDS = 5;
const MUTANTS_CAUGHT = "mutants caught";

interface Tool {
  name: string;
  command: string;
  args: (dir: string) => string[];
  /** Who notes name: the program, when it has several rows (kfts's compile cache states). Default: name. */
  program?: string;
  /** The environment of one run, and what to undo after it; both outside the timed span. Default: the bench's. */
  setup?: () => Promise<{ env: NodeJS.ProcessEnv; cleanup?: () => Promise<void> }>;
}

/** Runs `tool` once in the environment its setup gives (then undoes the setup). */
async function runTool(tool: Tool, dir: string, options: { measureRss?: boolean } = {}): Promise<CommandResult> {
  const prepared = await tool.setup?.();
  try {
    return await runCommand(tool.command, tool.args(dir), { timeoutMs: 600_000, env: prepared?.env, ...options });
  } finally {
    await prepared?.cleanup?.();
  }
}

/**
 * kfts twice: with a warm compile cache (a bench-owned directory the warm-up run fills, so the state does not hang
 * on the user's tmp) and with an empty one (a fresh directory per run, removed after it).
 */
function kftsTools(ctx: BenchContext, cli: string): { warm: Tool; cold: Tool; warmCacheDir: string } {
  const warmCacheDir = join(ctx.work, "compile-cache-warm");
  const base = { command: process.execPath, args: (dir: string) => [cli, "validate", dir], program: KFTS_CLI };
  const dirs = { warmDir: warmCacheDir, scratch: ctx.work };
  const warm: Tool = { ...base, name: KFTS_CLI_WARM, setup: compileCacheSetup("warm", dirs) };
  const cold: Tool = { ...base, name: KFTS_CLI_COLD, setup: compileCacheSetup("empty", dirs) };
  return { warm, cold, warmCacheDir };
}

/** kubeflow-ts's validator: the packed build when it ships `./validate`, else the working tree's source, else a skip. */
async function validatorEntries(ctx: BenchContext): Promise<{ validateUrl: string; cli?: string; from: string }> {
  const packed = await ctx.packed().catch(() => undefined);
  const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
  if (packed && hasExport(packed, "./validate", readJson)) {
    const cli = join(packed.packageDir, "dist", "src", "cli", "main.js");
    return { validateUrl: pathToFileURL(join(packed.packageDir, "dist", "src", "validate", "index.js")).href, cli, from: "the packed build" };
  }
  const source = join(repoRoot, "src", "validate", "index.ts");
  if (existsSync(source)) return { validateUrl: pathToFileURL(source).href, from: "the working tree's source (the packed build has no ./validate)" };
  throw new SkipError("validator not built yet (no src/validate/index.ts)");
}

async function inProcess(outcome: FamilyOutcome, validateUrl: string, corpus: readonly CorpusFile[], copies: number, rounds: number): Promise<void> {
  const files = corpus.map((f) => join(corpusDir(), f.path));
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const args: ValidateArgs = { mode: "throughput", validateUrl, files, names: corpus.map((f) => f.path), copies };
    const r = await runCommand(process.execPath, [join(benchDir, "children", "validate-inprocess.ts")], { env: { ...process.env, BENCH_ARGS: JSON.stringify(args) }, timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(describeFailure("validate-inprocess", [], r));
    const result = lastJsonLine<{ documents: number; ms: number; rejected: string[] }>(r.stdout);
    rates.push(result.documents / (result.ms / 1000));
    if (round === 0 && result.rejected.length > 0) outcome.notes.push(`kubeflow-ts rejects ${result.rejected.length} of the (valid) corpus files, e.g. ${result.rejected.slice(0, 3).join("; ")}`);
  }
  outcome.rows.push(row(`in-process: validateManifests over the corpus ×${copies}`, KFTS_INPROCESS, "docs/s", "higher", rates));
}

/** Whole-process runs of `tools` over the corpus ×`copies`; returns the group of its rows. */
async function wholeProcess(ctx: BenchContext, outcome: FamilyOutcome, tools: Tool[], corpus: readonly CorpusFile[], copies: number, rounds: number, warmCacheDir?: string): Promise<string> {
  const dir = join(ctx.work, `corpus-x${copies}`);
  const documents = await writeCorpusCopies(corpus, copies, dir);
  const rates = new Map<string, number[]>();
  const rss = new Map<string, number[]>();
  if (warmCacheDir !== undefined) await rm(warmCacheDir, { recursive: true, force: true });
  for (const tool of tools) {
    // Once unmeasured: warms the file cache (and fills kfts's warm compile cache), and tells whether the tool
    // accepts the valid corpus at all.
    const first = await runTool(tool, dir);
    // Once per tool (the larger run exits as the first one did).
    const said = `${tool.program ?? tool.name} exits ${first.code} on the valid corpus`;
    if (first.code !== 0 && !outcome.notes.some((note) => note.startsWith(said))) {
      outcome.notes.push(`${said} ×${copies}: ${(first.stderr || first.stdout).trim().split("\n").slice(0, 2).join(" / ").slice(0, 300)}`);
    }
  }
  const cacheNote = warmCacheDir === undefined ? undefined : await warmCacheNote("kfts validate", warmCacheDir);
  if (cacheNote !== undefined && !outcome.notes.includes(cacheNote)) outcome.notes.push(cacheNote);
  for (let round = 0; round < rounds; round++) {
    for (const tool of rotate(tools, round)) {
      const r = await runTool(tool, dir, { measureRss: true });
      if (r.timedOut || r.signal) throw new Error(describeFailure(tool.name, [], r));
      rates.set(tool.name, [...(rates.get(tool.name) ?? []), documents / (r.wallMs / 1000)]);
      if (r.maxRssKiB !== undefined) rss.set(tool.name, [...(rss.get(tool.name) ?? []), r.maxRssKiB / 1024]);
    }
  }
  const group = `whole process: ${documents} documents (corpus ×${copies}, ${corpus.length * copies} files)`;
  const rows = tools.map((t) => {
    const peak = rss.get(t.name);
    return row(group, t.name, "docs/s", "higher", rates.get(t.name) ?? [], peak ? { "peak RSS (MiB)": summarize(peak).median.toFixed(0) } : undefined);
  });
  outcome.rows.push(...rows);
  const ref = rows.find((r) => r.name === KUBECONFORM);
  if (ref) setReference(outcome.rows, ref);
  // The copies (thousands of files, tens of thousands in the larger run) are not kept past their rows.
  await rm(dir, { recursive: true, force: true });
  return group;
}

/** Which mutants (by id) a tool flags: kubeconform from its JSON report, kubeflow-ts in-process. */
async function flaggedBy(ctx: BenchContext, kubeconform: Tool | undefined, validateUrl: string | undefined, mutants: Mutant[]): Promise<Map<string, Set<string>>> {
  const dir = join(ctx.work, "mutants");
  await mkdir(dir, { recursive: true });
  for (const m of mutants) await writeFile(join(dir, m.file), m.text);
  const flagged = new Map<string, Set<string>>();
  if (kubeconform) {
    const r = await runCommand(kubeconform.command, [...kubeconform.args(dir).slice(0, -1), "-verbose", "-output", "json", dir], { timeoutMs: 300_000 });
    const report = JSON.parse(r.stdout || "{}") as { resources?: { filename: string; status: string }[] };
    const files = new Set((report.resources ?? []).filter((x) => x.status === "statusInvalid" || x.status === "statusError").map((x) => x.filename.split("/").pop()));
    flagged.set(KUBECONFORM, new Set(mutants.filter((m) => files.has(m.file)).map((m) => m.id)));
  }
  if (validateUrl) {
    const file = join(dir, "mutants.json");
    await writeFile(file, JSON.stringify(mutants.map(({ id, file: name, text }) => ({ id, file: name, text }))));
    const args: ValidateArgs = { mode: "mutants", validateUrl, files: [file], copies: 1 };
    const r = await runCommand(process.execPath, [join(benchDir, "children", "validate-inprocess.ts")], { env: { ...process.env, BENCH_ARGS: JSON.stringify(args) }, timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(describeFailure("validate-inprocess (mutants)", [], r));
    flagged.set(KFTS_INPROCESS, new Set(lastJsonLine<{ caught: string[] }>(r.stdout).caught));
  }
  return flagged;
}

/** The apiserver's verdicts, when a cluster can be had; undefined (with a note) otherwise. */
async function judge(ctx: BenchContext, outcome: FamilyOutcome, mutants: Mutant[]): Promise<Map<string, Verdict> | undefined> {
  let cluster;
  try {
    cluster = await ctx.cluster();
  } catch (error) {
    outcome.notes.push(`No apiserver to judge the mutants (${skipReason(error)}): the counts below are of mutants flagged, not of mutants caught.`);
    return undefined;
  }
  const namespace = "kfts-bench-validate";
  await ensureNamespace(cluster.admin, namespace);
  try {
    return await serverVerdicts(cluster.admin, mutants, namespace);
  } finally {
    await deleteNamespace(cluster.admin, namespace);
  }
}

async function mutantsCaught(ctx: BenchContext, outcome: FamilyOutcome, kubeconform: Tool | undefined, validateUrl: string | undefined, mutants: Mutant[]): Promise<void> {
  const flagged = await flaggedBy(ctx, kubeconform, validateUrl, mutants);
  const verdicts = await judge(ctx, outcome, mutants);
  const trainer = mutants.filter((m) => m.product === "trainer");
  const katib = mutants.filter((m) => m.product === "katib");
  const count = (tool: string, set: Mutant[]): number => set.filter((m) => flagged.get(tool)?.has(m.id)).length;
  const addGroup = (group: string, set: Mutant[], better: Row["better"]): void => {
    const rows = [...flagged.keys()].map((tool) => row(group, tool, "mutants", better, [count(tool, set)]));
    outcome.rows.push(...rows);
    const ref = rows.find((r) => r.name === KUBECONFORM);
    if (ref && set.length > 0) setReference(outcome.rows, ref);
  };
  if (verdicts) {
    const rejected = trainer.filter((m) => verdicts.get(m.id) === "rejected");
    const accepted = trainer.filter((m) => verdicts.get(m.id) === "accepted");
    const undetermined = mutants.length - mutants.filter((m) => verdicts.get(m.id) !== "undetermined").length;
    addGroup(`${MUTANTS_CAUGHT}: Trainer mutants the apiserver rejects (of ${rejected.length})`, rejected, "higher");
    addGroup(`false alarms: Trainer mutants the apiserver accepts, flagged anyway (of ${accepted.length})`, accepted, "lower");
    outcome.notes.push(
      `Mutants: ${mutants.length} (${trainer.length} Trainer, ${katib.length} Katib), judged by the local apiserver with dryRun=All&fieldValidation=Strict creates (undetermined, e.g. a mutated apiVersion it does not serve: ${undetermined}). ` +
        `It runs no Katib webhook and the Katib CRDs have no structural schema, so it accepts ${katib.filter((m) => verdicts.get(m.id) === "accepted").length} of the ${katib.length} Katib mutants: those are counted as flagged, unjudged.`,
    );
  } else addGroup(`${MUTANTS_CAUGHT}: Trainer mutants flagged, unjudged (of ${trainer.length})`, trainer, "higher");
  addGroup(`Katib mutants flagged, unjudged here: no Katib webhook locally (of ${katib.length})`, katib, "higher");
}

export const validation: Family = {
  id: "validation",
  title: "Offline validation vs kubeconform",
  method:
    `kubeconform ${KUBECONFORM_VERSION} is built with \`go install\` (GOFLAGS=-mod=mod, GOTOOLCHAIN=local) into a bench-owned GOBIN under the user cache; its JSON schemas are made from the same CRDs ` +
    "(openAPIV3Schema per CRD version → `<kind>_<version>.json`, transformed like kubeconform's openapi2jsonschema.py in strict mode) and it runs with `-strict` and its default 4 workers. " +
    "Whole process: each tool validates a temp directory holding the corpus ×100 (a warm-up run first, then 15 rounds with the tools taking turns; wall time from spawn to exit, peak RSS via GNU time). kfts reads and parses in a worker thread while it validates (24 inputs or more), as kubeconform uses its workers. " +
    "A larger run, the corpus ×1000 (5 rounds, kfts with its warm compile cache only), shows throughput once start-up and warm-up are a small part of the run: a fresh process's first few thousand documents run in code V8 has not optimized yet, several times slower than later ones. " +
    "kfts runs twice per round, as its own rows: with a warm compile cache (NODE_COMPILE_CACHE at a bench-owned directory that its warm-up run filled: every run after the first) and with an empty one (NODE_COMPILE_CACHE at a fresh empty directory per run, removed after it: the first run after install). " +
    "In-process: validateManifests over every corpus file ×100 in one Node process after a warm-up pass. Mutants: seeded variants of every corpus object from test/validate/mutants.ts (10 per object), judged by the local apiserver (dryRun=All, fieldValidation=Strict) when one is available; a tool catches a mutant when it reports it invalid (or errors on it).",
  async run(ctx) {
    const outcome = emptyOutcome();
    const copies = ctx.quick ? 10 : 100;
    const rounds = ctx.quick ? 1 : 3;
    // Whole-process runs are short and this machine noisy: more of them, for a steadier median. kfts's empty
    // compile cache row takes part in every round, so it is paired with kubeconform as often as the warm one.
    const wholeRounds = ctx.quick ? 1 : 15;
    const corpus = await attempt(outcome, "corpus", () => loadCorpus());
    if (!corpus) return outcome;
    const tools: Tool[] = [];
    let kubeconform: Tool | undefined;
    await attempt(outcome, `kubeconform ${KUBECONFORM_VERSION}`, async () => {
      const binary = await ctx.kubeconform();
      const schemaDir = join(ctx.work, "kubeconform-schemas");
      await mkdir(schemaDir, { recursive: true });
      const written = await writeKubeconformSchemas(await crdFiles(apiSourcesDir()), schemaDir);
      outcome.notes.push(`kubeconform schemas: ${written.join(", ")}. The Katib CRDs carry no structural schema (x-kubernetes-preserve-unknown-fields at the root), so kubeconform can check nothing inside Experiments, Trials and Suggestions.`);
      kubeconform = { name: KUBECONFORM, command: binary, args: (dir) => ["-strict", "-summary", "-schema-location", kubeconformSchemaLocation(schemaDir), dir] };
      tools.push(kubeconform);
    });
    const entries = await attempt(outcome, "kubeflow-ts validator", () => validatorEntries(ctx));
    let warmCacheDir: string | undefined;
    if (entries) {
      outcome.notes.push(`kubeflow-ts validator loaded from ${entries.from}.`);
      if (entries.cli) {
        const kfts = kftsTools(ctx, entries.cli);
        tools.push(kfts.warm, kfts.cold);
        warmCacheDir = kfts.warmCacheDir;
      } else outcome.skipped.push({ what: KFTS_CLI, reason: "the packed build has no validate command yet" });
      await attempt(outcome, "in-process throughput", () => inProcess(outcome, entries.validateUrl, corpus, copies, rounds));
    }
    let wholeGroup: string | undefined;
    let largerGroup: string | undefined;
    if (tools.length > 0) {
      wholeGroup = await attempt(outcome, "whole-process throughput", () => wholeProcess(ctx, outcome, tools, corpus, copies, wholeRounds, warmCacheDir));
      // Not in a smoke run: the larger run takes a minute or two.
      const larger = tools.filter((tool) => tool.name !== KFTS_CLI_COLD);
      if (!ctx.quick) largerGroup = await attempt(outcome, "whole-process throughput, larger run", () => wholeProcess(ctx, outcome, larger, corpus, LARGER_COPIES, LARGER_ROUNDS, warmCacheDir));
    }
    await attempt(outcome, "mutants", async () => mutantsCaught(ctx, outcome, kubeconform, entries?.validateUrl, await loadMutants(corpus, ctx.quick ? 2 : 10)));
    const find = (prefix: string | undefined, name: string): Row | undefined => (prefix === undefined ? undefined : outcome.rows.find((r) => r.group.startsWith(prefix) && r.name === name));
    const wholeReference = find(wholeGroup, KUBECONFORM);
    outcome.goals.push(ratioGoal("whole-process throughput ≥ 1× kubeconform (warm compile cache)", find(wholeGroup, KFTS_CLI_WARM), wholeReference, ">=", 1));
    outcome.goals.push(ratioInfo("whole-process throughput vs kubeconform, empty compile cache (a first run after install)", find(wholeGroup, KFTS_CLI_COLD), wholeReference));
    if (largerGroup !== undefined) outcome.goals.push(ratioInfo(`whole-process throughput vs kubeconform, larger run (corpus ×${LARGER_COPIES}, warm compile cache)`, find(largerGroup, KFTS_CLI_WARM), find(largerGroup, KUBECONFORM)));
    for (const [prefix, goal] of [
      [MUTANTS_CAUGHT, "strictly more Trainer mutants caught than kubeconform"],
      ["Katib mutants", "strictly more Katib mutants flagged than kubeconform"],
    ] as const) {
      const ours = find(prefix, KFTS_INPROCESS);
      const theirs = find(prefix, KUBECONFORM);
      outcome.goals.push(
        ours && theirs
          ? { goal, measured: `${ours.summary.median} vs ${theirs.summary.median} — ${ours.group}`, met: ours.summary.median > theirs.summary.median }
          : { goal, measured: "not measured (a side was skipped)", met: null },
      );
    }
    return outcome;
  },
};
