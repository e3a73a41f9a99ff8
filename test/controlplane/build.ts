/**
 * Builds the local cluster's programs (binaries.ts) from the Go module in this directory, once per version: the
 * binaries are cached outside the repository, keyed on the Kubernetes version and a hash of go.mod + go.sum, and only
 * the ones a cluster needs are built (the apiserver-only cluster never waits for the Kubeflow controllers).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, delimiter, join } from "node:path";
import { type BinaryName, type BinaryPaths, type GoModule, goPrograms } from "./binaries.ts";
import { cacheRoot, moduleDir } from "./paths.ts";

/** Binaries of one cached build. */
export interface Binaries {
  /** Kubernetes version the apiserver reports, e.g. `v1.36.3`. */
  version: string;
  /** Where each binary is (or would be) in the cache; only the requested ones are guaranteed to exist. */
  paths: BinaryPaths;
  /** The binaries this call had to build (empty when the cache already held them all). */
  built: BinaryName[];
}

/** Written next to the binaries; a module's programs are valid only while its key matches its go.mod/go.sum. */
interface BuildStamp {
  /** Per Go module: the key of the go.mod/go.sum its cached programs were built from. */
  keys: Partial<Record<GoModule, string>>;
  version: string;
  goVersion: string;
  /** One entry per `go build` that added binaries to this cache. */
  builds: { binaries: BinaryName[]; builtAt: string; buildSeconds: number }[];
}

/** Thrown when no Go toolchain can be found, so callers can tell "cannot build here" from "build broke". */
export class GoMissingError extends Error {
  readonly code = "GO_MISSING";
}

/** The version of `k8s.io/kubernetes` required by a go.mod, which is what the binaries will report. */
export function parseKubernetesVersion(goMod: string): string {
  // `// indirect`: the module is only a tool dependency (its mains are built, nothing imports it).
  const match = /^\s*k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+)\s*(?:\/\/ indirect)?\s*$/m.exec(goMod);
  if (match?.[1] === undefined) throw new Error("go.mod does not require k8s.io/kubernetes vX.Y.Z");
  return match[1];
}

/**
 * Cache key of one module: a change to its go.mod or go.sum (a bumped patch, a new dependency) or to one of our own
 * mains (its `cmd/`) rebuilds its programs.
 */
export function buildKey(version: string, moduleFiles: readonly string[]): string {
  const hash = createHash("sha256");
  for (const text of moduleFiles) hash.update(text).update("\0");
  return `${version}-${hash.digest("hex").slice(0, 16)}`;
}

/**
 * The `-X` flags upstream's hack/lib/version.sh sets, so `/version` and the apiserver's effective (emulation)
 * version are the real release rather than `v0.0.0-master`.
 */
export function versionLdflags(version: string, buildDate: string): string {
  const [major, minor] = version.replace(/^v/, "").split(".");
  const values: Record<string, string> = { gitVersion: version, gitMajor: major ?? "", gitMinor: minor ?? "", buildDate };
  const flags: string[] = ["-s", "-w"];
  for (const pkg of ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]) {
    for (const [key, value] of Object.entries(values)) flags.push(`-X ${pkg}.${key}=${value}`);
  }
  return flags.join(" ");
}

/** What a module's programs are built from, in a stable order: go.mod, go.sum, then each Go file of our mains with its path. */
async function moduleSources(module: GoModule): Promise<string[]> {
  const dir = join(moduleDir, module);
  const texts = await Promise.all(["go.mod", "go.sum"].map((file) => readFile(join(dir, file), "utf8")));
  const mains = existsSync(join(dir, "cmd")) ? (await readdir(join(dir, "cmd"), { recursive: true })).filter((file) => file.endsWith(".go")).sort() : [];
  for (const file of mains) texts.push(`cmd/${file}`, await readFile(join(dir, "cmd", file), "utf8"));
  return texts;
}

/** Finds `go`: `$GO`, then PATH, then the standard tarball location (often not on PATH in non-login shells). */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GO !== undefined && env.GO !== "") return existsSync(env.GO) ? env.GO : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, "go"))) return join(dir, "go");
  }
  return existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : undefined;
}

/**
 * Returns the cached binaries for the pinned version, building the requested ones that are missing first (all in one
 * `go build`, so shared packages compile once). Cold (empty Go caches): ~6.5 min on 2 cores for all of them; `log`
 * gets progress.
 */
export async function ensureBinaries(names: readonly BinaryName[], log: (line: string) => void): Promise<Binaries> {
  const goMod = await readFile(join(moduleDir, "go.mod"), "utf8");
  const version = parseKubernetesVersion(goMod);
  // Each module's go.mod and go.sum: a change to one rebuilds the programs of that module only.
  const keys = Object.fromEntries(
    await Promise.all(modules.map(async (module) => [module, buildKey(version, await moduleSources(module))] as const)),
  ) as Record<GoModule, string>;
  const dir = join(cacheRoot(), version);
  const paths = Object.fromEntries(Object.keys(goPrograms).map((name) => [name, join(dir, name)])) as BinaryPaths;
  const stamp = await readStamp(dir);
  const current = (name: BinaryName): boolean => stamp?.keys?.[goPrograms[name].module] === keys[goPrograms[name].module];
  const missing = names.filter((name) => !current(name) || !existsSync(paths[name]));
  if (missing.length === 0) return { version, paths, built: [] };

  const go = findGo();
  if (go === undefined) throw new GoMissingError("Go toolchain not found (set GO or put `go` on PATH)");
  const goVersion = (await runGo(go, ["env", "GOVERSION"])).trim();
  log(`building ${missing.join(", ")} (${version}) with ${goVersion} into ${dir} (cold: minutes on 2 cores)`);
  const started = Date.now();
  // Binaries built from another go.mod/go.sum of their module are dropped; those of current modules are kept.
  await mkdir(dir, { recursive: true });
  for (const name of Object.keys(goPrograms) as BinaryName[]) if (!current(name)) await rm(paths[name], { force: true });
  // Build into a private directory and rename each binary in, so an interrupted build never leaves half a binary.
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const heartbeat = setInterval(() => log(`  still building… ${elapsed(started)}`), 60_000);
  try {
    const ldflags = versionLdflags(version, new Date().toISOString().replace(/\.\d+Z$/, "Z"));
    try {
      // One `go build` per module, so the packages its programs share compile once.
      for (const module of modules) {
        const programs = missing.filter((name) => goPrograms[name].module === module);
        if (programs.length > 0) await runGo(go, ["build", "-ldflags", ldflags, "-o", `${tmp}/`, ...programs.map((name) => goPrograms[name].package)], module);
      }
    } catch (error) {
      // One line naming what failed and where the whole output is; the output's first lines follow.
      const log = join(dir, "build.log");
      const output = error instanceof Error ? error.message : String(error);
      await writeFile(log, `${output}\n`);
      const packageLine = /^# (\S+)$/m.exec(output)?.[1];
      throw new Error(`building ${missing.join(", ")} failed${packageLine ? ` in ${packageLine}` : ""}; see ${log}\n${output.split("\n").slice(0, 12).join("\n")}`, { cause: error });
    }
    for (const name of missing) {
      // go build names a binary after the last element of its package path (`…/db-manager/v1beta1` → v1beta1).
      const built = join(tmp, basename(goPrograms[name].package));
      await chmod(built, 0o755);
      await rename(built, paths[name]);
    }
  } finally {
    clearInterval(heartbeat);
    await rm(tmp, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  // The built modules take their new keys; the others keep theirs only while their binaries are still current.
  const builtModules = new Set(missing.map((name) => goPrograms[name].module));
  const nextKeys = Object.fromEntries(modules.filter((module) => builtModules.has(module) || stamp?.keys?.[module] === keys[module]).map((module) => [module, keys[module]]));
  const next: BuildStamp = { keys: nextKeys, version, goVersion, builds: [...(stamp?.builds ?? []), { binaries: missing, builtAt: new Date().toISOString(), buildSeconds: seconds }] };
  await writeFile(join(dir, "build.json"), `${JSON.stringify(next, null, 2)}\n`);
  log(`built in ${elapsed(started)}`);
  return { version, paths, built: missing };
}

async function readStamp(dir: string): Promise<BuildStamp | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, "build.json"), "utf8")) as BuildStamp;
  } catch {
    return undefined;
  }
}

/** The Go modules, in build order. */
const modules: readonly GoModule[] = [".", "katib", "toxiproxy"];

/** Runs `go` in a module's directory; the environment pins the toolchain and makes go.sum the only checksum source. */
function runGo(go: string, args: string[], module: GoModule = "."): Promise<string> {
  const env = {
    ...process.env,
    // Never switch to a downloaded toolchain: the go directive (1.26, as Trainer v2.3.0 and JobSet v0.12.0 require)
    // needs a local Go of at least that version.
    GOTOOLCHAIN: "local",
    // Static binaries: no C toolchain needed, and they run on any Linux of the same architecture.
    CGO_ENABLED: "0",
    // The committed go.mod/go.sum are authoritative; a build must never rewrite them (a global -mod=mod would).
    GOFLAGS: "-mod=readonly -trimpath -buildvcs=false",
    // Test-only module: go.sum was recorded without the checksum database, which this workplace cannot reach, and
    // -mod=readonly means nothing outside go.sum is ever accepted, so the database is never needed here.
    GOSUMDB: "off",
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(go, args, { cwd: join(moduleDir, module), env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`go ${args.join(" ")} failed (exit ${code}):\n${stderr.slice(-4000)}`));
    });
  });
}

function elapsed(since: number): string {
  const seconds = Math.round((Date.now() - since) / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}
