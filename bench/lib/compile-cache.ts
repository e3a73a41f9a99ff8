/**
 * Node's on-disk compile cache in the states the bench measures, by NODE_COMPILE_CACHE: **warm**, a bench-owned
 * directory that an unmeasured first run fills (every run after the first), and **empty**, a fresh directory per
 * run, removed after it (the first run after install). The directories live in the run's scratch space, so neither
 * state depends on what the user's tmp holds. **none** leaves NODE_COMPILE_CACHE unset: Node's default, which is
 * what a library import gets unless the program or the user turns the cache on. Used by the validation family
 * (kfts validate, which turns it on itself: warm and empty) and the cold-import family (library imports: all three).
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** Which cache a run gets. */
export type CompileCacheState = "warm" | "empty" | "none";

/** The state in words, e.g. "warm compile cache", "no compile cache". */
export function compileCacheWords(state: CompileCacheState): string {
  return state === "none" ? "no compile cache" : `${state} compile cache`;
}

/** The row label suffix, e.g. "(warm compile cache)". */
export function compileCacheLabel(state: CompileCacheState): string {
  return `(${compileCacheWords(state)})`;
}

/** The environment of one run and what to undo after it (both outside the timed span). */
export interface CompileCacheRun {
  env: NodeJS.ProcessEnv;
  cleanup?: () => Promise<void>;
}

/** `base` with Node's compile cache at `cacheDir` (on even if the user disabled it). */
export function compileCacheEnv(cacheDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, NODE_COMPILE_CACHE: cacheDir };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  return env;
}

/**
 * The set-up of one run in `state`: warm = always `warmDir` (the caller's first, unmeasured run fills it); empty =
 * a fresh directory under `scratch` per run, removed after it; none = `base` without NODE_COMPILE_CACHE (and without
 * NODE_DISABLE_COMPILE_CACHE: Node's default, whatever the bench's own environment says).
 */
export function compileCacheSetup(state: CompileCacheState, dirs: { warmDir: string; scratch: string }, base: NodeJS.ProcessEnv = process.env): () => Promise<CompileCacheRun> {
  if (state === "none") {
    const env: NodeJS.ProcessEnv = { ...base };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    return async () => ({ env });
  }
  if (state === "warm") return async () => ({ env: compileCacheEnv(dirs.warmDir, base) });
  return async () => {
    const cacheDir = await mkdtemp(join(dirs.scratch, "compile-cache-empty-"));
    return { env: compileCacheEnv(cacheDir, base), cleanup: () => rm(cacheDir, { recursive: true, force: true }) };
  };
}

/** Files and bytes under `dir` (recursively; 0 when it does not exist). */
export async function cacheFootprint(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/**
 * A note on what the warm-up filled `warmDir` with, or that it stayed empty (then warm and empty rows coincide).
 * `who` names the runs, e.g. "kfts validate".
 */
export async function warmCacheNote(who: string, warmDir: string): Promise<string> {
  const { files, bytes } = await cacheFootprint(warmDir);
  return files > 0
    ? `Warm compile cache of ${who} (NODE_COMPILE_CACHE at a bench-owned directory, filled by the warm-up run): ${files} files, ${(bytes / 1024).toFixed(0)} KiB.`
    : `The compile cache of ${who} stayed empty after the warm-up run (no compile cache in this Node?): its warm and empty rows measure the same thing.`;
}
