/**
 * Cold import: a fresh `node` per sample imports one entry point and exits. The child times its own `import()`
 * (what the user's program pays) and the parent the whole process (what a CLI invocation pays). Also the install
 * footprint of the packed package installed alone, next to client-node installed alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { attempt, emptyOutcome, rotate, type Family, type FamilyOutcome } from "../lib/family.ts";
import { listPackages, treeBytes } from "../lib/node-modules.ts";
import { hasExport } from "../lib/packed-install.ts";
import { CLIENT_NODE_VERSION } from "../lib/pins.ts";
import { ratioGoal, row, setReference, valueGoal, type Row } from "../lib/result.ts";
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

async function probe(target: Target): Promise<{ importMs: number; wallMs: number }> {
  const env = { ...process.env, BENCH_SPECIFIER: target.specifier, NODE_OPTIONS: "" };
  const result = await runCommand(process.execPath, ["--input-type=module", "-e", PROBE], { cwd: target.cwd, env, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(describeFailure(`node (import ${target.specifier || "nothing"})`, [], result));
  return { importMs: lastJsonLine<{ importMs: number }>(result.stdout).importMs, wallMs: result.wallMs };
}

async function measureImports(ctx: BenchContext, targets: Target[], outcome: FamilyOutcome): Promise<void> {
  const runs = ctx.quick ? 2 : 12;
  const importMs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const wallMs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  // Round 0 warms the file cache and is discarded: "cold" means a fresh process, not a cold disk.
  for (let round = 0; round <= runs; round++) {
    for (const target of rotate(targets, round)) {
      const sample = await probe(target);
      if (round === 0) continue;
      importMs.get(target.name)?.push(sample.importMs);
      wallMs.get(target.name)?.push(sample.wallMs);
    }
  }
  const imports = targets.filter((t) => t.specifier !== "").map((t) => row("import() in a fresh process", t.name, "ms", "lower", importMs.get(t.name) ?? []));
  const walls = targets.map((t) => row("node process, spawn → exit", t.name, "ms", "lower", wallMs.get(t.name) ?? []));
  outcome.rows.push(...imports, ...walls);
  const ref = (rows: Row[]): Row | undefined => rows.find((r) => r.name.startsWith("@kubernetes/client-node"));
  const importRef = ref(imports);
  const wallRef = ref(walls);
  if (importRef) setReference(outcome.rows, importRef);
  if (wallRef) setReference(outcome.rows, wallRef);
  for (const entry of ["kubeflow-ts", "kubeflow-ts/validate"]) {
    outcome.goals.push(ratioGoal(`import ${entry} ≤ 0.2× client-node`, imports.find((r) => r.name === entry), importRef, "<=", 0.2));
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
    targets.push({ name: "node, no import (baseline)", cwd: ctx.work, specifier: "" });
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
