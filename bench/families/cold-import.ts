/**
 * Cold import: a fresh `node` per sample imports one entry point and exits. The child times its own `import()`
 * (what the user's program pays) and the parent the whole process (what a CLI invocation pays). Every import runs
 * with no Node compile cache (the default), with an empty one and with a warm one (NODE_COMPILE_CACHE; see
 * lib/compile-cache.ts), as rows of their own. Also the install footprint of the packed package installed alone, next to client-node installed alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileCacheLabel, compileCacheSetup, compileCacheWords, warmCacheNote, type CompileCacheState } from "../lib/compile-cache.ts";
import type { BenchContext } from "../lib/context.ts";
import { attempt, emptyOutcome, rotate, type Family, type FamilyOutcome } from "../lib/family.ts";
import { listPackages, treeBytes } from "../lib/node-modules.ts";
import { hasExport } from "../lib/packed-install.ts";
import { CLIENT_NODE_VERSION } from "../lib/pins.ts";
import { ratioGoal, ratioInfo, row, setReference, valueGoal, type Row } from "../lib/result.ts";
import { describeFailure, lastJsonLine, runCommand } from "../lib/run-command.ts";
import { SkipError } from "../lib/skip.ts";

/** Run by `node --input-type=module -e` in the directory whose node_modules holds the specifier. */
const PROBE = `
const specifier = process.env.BENCH_SPECIFIER;
const t0 = performance.now();
if (specifier) await import(specifier);
const importMs = performance.now() - t0;
console.log(JSON.stringify({ importMs, sinceStartMs: performance.now() }));
`;

interface Target {
  name: string;
  cwd: string;
  specifier: string;
}

/** One target in one compile cache state: a row of its own. */
interface Probe {
  target: Target;
  state: CompileCacheState;
  name: string;
  setup: ReturnType<typeof compileCacheSetup>;
  warmDir: string;
}

/** "none" first: the state the goals were set on (see measureImports). */
const STATES: readonly CompileCacheState[] = ["none", "empty", "warm"];
const IMPORT_GROUP = (state: CompileCacheState): string => `import() in a fresh process, ${compileCacheWords(state)}`;
const WALL_GROUP = (state: CompileCacheState): string => `node process, spawn → exit, ${compileCacheWords(state)}`;
const probeName = (target: Target, state: CompileCacheState): string => `${target.name} ${compileCacheLabel(state)}`;

async function probe(p: Probe): Promise<{ importMs: number; wallMs: number }> {
  const run = await p.setup();
  try {
    const result = await runCommand(process.execPath, ["--input-type=module", "-e", PROBE], { cwd: p.target.cwd, env: run.env, timeoutMs: 60_000 });
    if (result.code !== 0) throw new Error(describeFailure(`node (import ${p.target.specifier || "nothing"}, ${compileCacheWords(p.state)})`, [], result));
    return { importMs: lastJsonLine<{ importMs: number }>(result.stdout).importMs, wallMs: result.wallMs };
  } finally {
    await run.cleanup?.();
  }
}

async function measureImports(ctx: BenchContext, targets: Target[], outcome: FamilyOutcome): Promise<void> {
  const runs = ctx.quick ? 2 : 12;
  const probes: Probe[] = targets.flatMap((target, i) =>
    STATES.map((state) => {
      const warmDir = join(ctx.work, "compile-cache-warm", `import-${i}`);
      const base = { ...process.env, BENCH_SPECIFIER: target.specifier, NODE_OPTIONS: "" };
      return { target, state, name: probeName(target, state), setup: compileCacheSetup(state, { warmDir, scratch: ctx.work }, base), warmDir };
    }),
  );
  const importMs = new Map<string, number[]>(probes.map((p) => [p.name, []]));
  const wallMs = new Map<string, number[]>(probes.map((p) => [p.name, []]));
  // Round 0 is discarded: it warms the file cache ("cold" means a fresh process, not a cold disk) and fills each
  // warm probe's compile cache directory (its first run).
  for (let round = 0; round <= runs; round++) {
    for (const p of rotate(probes, round)) {
      const sample = await probe(p);
      if (round === 0) continue;
      importMs.get(p.name)?.push(sample.importMs);
      wallMs.get(p.name)?.push(sample.wallMs);
    }
  }
  for (const p of probes) if (p.state === "warm" && p.target.specifier !== "") outcome.notes.push(await warmCacheNote(`import ${p.target.name}`, p.warmDir));
  const rowsOf = (state: CompileCacheState): { imports: Row[]; walls: Row[] } => {
    const mine = probes.filter((p) => p.state === state);
    return {
      imports: mine.filter((p) => p.target.specifier !== "").map((p) => row(IMPORT_GROUP(state), p.name, "ms", "lower", importMs.get(p.name) ?? [])),
      walls: mine.map((p) => row(WALL_GROUP(state), p.name, "ms", "lower", wallMs.get(p.name) ?? [])),
    };
  };
  const ref = (rows: Row[]): Row | undefined => rows.find((r) => r.name.startsWith("@kubernetes/client-node"));
  const byState = new Map(STATES.map((state) => [state, rowsOf(state)] as const));
  for (const { imports, walls } of byState.values()) {
    outcome.rows.push(...imports, ...walls);
    const importRef = ref(imports);
    const wallRef = ref(walls);
    if (importRef) setReference(outcome.rows, importRef);
    if (wallRef) setReference(outcome.rows, wallRef);
  }
  // The goals stay on the rows they were set on: before these states, every import ran with NODE_COMPILE_CACHE
  // unset, the "no compile cache" rows, which is also what a library import pays by default (neither kubeflow-ts nor
  // client-node enables the cache on import). The empty rows are not that: an empty cache makes Node write one at
  // exit (for client-node, over a thousand files, which doubles its spawn → exit time). Empty against empty and warm
  // against warm are shown beside the goals, for information.
  const imports = (state: CompileCacheState): Row[] => byState.get(state)?.imports ?? [];
  for (const entry of ["kubeflow-ts", "kubeflow-ts/validate"]) {
    const find = (state: CompileCacheState): Row | undefined => imports(state).find((r) => r.name === `${entry} ${compileCacheLabel(state)}`);
    outcome.goals.push(ratioGoal(`import ${entry} ≤ 0.2× client-node (no compile cache, both: a library import's default)`, find("none"), ref(imports("none")), "<=", 0.2));
    outcome.goals.push(ratioInfo(`import ${entry} vs client-node, empty compile cache (both: NODE_COMPILE_CACHE set, first run)`, find("empty"), ref(imports("empty"))));
    outcome.goals.push(ratioInfo(`import ${entry} vs client-node, warm compile cache (both: NODE_COMPILE_CACHE set, later runs)`, find("warm"), ref(imports("warm"))));
  }
}

function footprint(outcome: FamilyOutcome, name: string, nodeModules: string, reference: boolean): { packages: Row; size: Row } {
  const packages = row("installed alone: packages in node_modules", name, "packages", "lower", [listPackages(nodeModules).length]);
  const size = row("installed alone: node_modules size", name, "MB", "lower", [treeBytes(nodeModules) / 1e6]);
  outcome.rows.push(packages, size);
  // Where the bytes are: the five biggest packages, so a size goal can be acted on.
  const sizes = listPackages(nodeModules).map((pkg) => [pkg, treeBytes(join(nodeModules, pkg))] as const);
  const top = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([pkg, bytes]) => `${pkg} ${(bytes / 1e6).toFixed(1)} MB`);
  outcome.notes.push(`${name} installed alone, biggest packages (nested node_modules included): ${top.join(", ")}.`);
  if (reference) {
    setReference(outcome.rows, packages);
    setReference(outcome.rows, size);
  }
  return { packages, size };
}

export const coldImport: Family = {
  id: "cold-import",
  title: "Cold import and install footprint",
  method:
    "Each sample spawns a fresh Node process (`node --input-type=module -e`) in a project where the entry is installed, " +
    "times `await import(entry)` inside the child, and the whole spawn → exit from the parent; a baseline row imports nothing. " +
    "kubeflow-ts enables Node's compile cache only in the kfts CLI (module.enableCompileCache()), not on a library import, and client-node does not enable it either, so for these imports NODE_COMPILE_CACHE is what turns it on. " +
    "Every import therefore runs in three states, as rows (and groups) of their own: **no compile cache** (NODE_COMPILE_CACHE unset: the default of a library import, and how these rows were measured before), " +
    "**empty compile cache** (NODE_COMPILE_CACHE at a fresh empty directory per run, removed after it: the first run with the cache on; Node writes the cache at exit, inside the spawn → exit time) and " +
    "**warm compile cache** (NODE_COMPILE_CACHE at a bench-owned directory per import that the discarded first round filled: every later run). " +
    "The goals are on the no-compile-cache rows; empty vs empty and warm vs warm are informational. 12 rounds, the probes taking turns; ratios are paired by round within a state. " +
    "kubeflow-ts is the working tree packed with `npm pack` and installed alone into a temp project (as test/support/packed-package.ts does); " +
    `@kubernetes/client-node@${CLIENT_NODE_VERSION} is installed alone in bench/.deps. One warm-up round is discarded. ` +
    "Sizes are apparent bytes of node_modules (MB = 10^6 bytes).",
  async run(ctx) {
    const outcome = emptyOutcome();
    const targets: Target[] = [];
    const packed = await attempt(outcome, "kubeflow-ts (packed install)", () => ctx.packed());
    const deps = await attempt(outcome, `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, () => ctx.clientNode());
    if (packed) {
      targets.push({ name: "kubeflow-ts", cwd: packed.dir, specifier: "kubeflow-ts" });
      const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
      if (hasExport(packed, "./validate", readJson)) targets.push({ name: "kubeflow-ts/validate", cwd: packed.dir, specifier: "kubeflow-ts/validate" });
      else outcome.skipped.push({ what: "import kubeflow-ts/validate", reason: "validator not built yet (the packed package has no ./validate entry file)" });
    }
    if (deps) targets.push({ name: `@kubernetes/client-node ${CLIENT_NODE_VERSION}`, cwd: deps, specifier: "@kubernetes/client-node" });
    targets.push({ name: "node, no import — baseline", cwd: ctx.work, specifier: "" });
    await attempt(outcome, "cold import", async () => {
      if (targets.length < 2) throw new SkipError("nothing to import (both installs were skipped)");
      await measureImports(ctx, targets, outcome);
    });
    const ours = packed ? footprint(outcome, "kubeflow-ts", join(packed.dir, "node_modules"), false) : undefined;
    if (deps) footprint(outcome, `@kubernetes/client-node ${CLIENT_NODE_VERSION}`, join(deps, "node_modules"), true);
    outcome.goals.push(valueGoal("installed alone: ≤ 12 packages", ours?.packages, "<=", 12, (x) => `${x} packages`));
    outcome.goals.push(valueGoal("installed alone: ≤ 8 MB", ours?.size, "<=", 8, (x) => `${x.toFixed(2)} MB`));
    return outcome;
  },
};
