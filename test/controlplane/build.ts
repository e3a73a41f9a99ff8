/**
 * Builds kube-apiserver and etcd from the Go module in this directory, once per version: the binaries are cached
 * outside the repository, keyed on the Kubernetes version and a hash of go.mod + go.sum.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { cacheRoot, moduleDir } from "./paths.ts";

/** The two binaries of one cached build. */
export interface Binaries {
  /** Kubernetes version the apiserver reports, e.g. `v1.33.13`. */
  version: string;
  kubeApiserver: string;
  etcd: string;
  /** False when the cache already held this build. */
  built: boolean;
}

/** Written next to the binaries; the cache is valid only while `key` matches the current go.mod/go.sum. */
interface BuildStamp {
  key: string;
  version: string;
  goVersion: string;
  builtAt: string;
  buildSeconds: number;
}

/** Thrown when no Go toolchain can be found, so callers can tell "cannot build here" from "build broke". */
export class GoMissingError extends Error {
  readonly code = "GO_MISSING";
}

/** The version of `k8s.io/kubernetes` required by a go.mod, which is what the binaries will report. */
export function parseKubernetesVersion(goMod: string): string {
  const match = /^\s*k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+)\s*$/m.exec(goMod);
  if (match?.[1] === undefined) throw new Error("go.mod does not require k8s.io/kubernetes vX.Y.Z");
  return match[1];
}

/** Cache key: a change to either module file (a bumped patch, a new dependency) must force a rebuild. */
export function buildKey(version: string, goMod: string, goSum: string): string {
  const hash = createHash("sha256").update(goMod).update("\0").update(goSum).digest("hex");
  return `${version}-${hash.slice(0, 16)}`;
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

/** Finds `go`: `$GO`, then PATH, then the standard tarball location (often not on PATH in non-login shells). */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GO !== undefined && env.GO !== "") return existsSync(env.GO) ? env.GO : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, "go"))) return join(dir, "go");
  }
  return existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : undefined;
}

/**
 * Returns cached binaries for the pinned version, building them first when the cache is empty or stale.
 * A cold build (empty Go caches) downloads ~560 MB of modules and compiles for ~6 minutes on 2 cores; `log` gets
 * progress.
 */
export async function ensureBinaries(log: (line: string) => void): Promise<Binaries> {
  const goMod = await readFile(join(moduleDir, "go.mod"), "utf8");
  const goSum = await readFile(join(moduleDir, "go.sum"), "utf8");
  const version = parseKubernetesVersion(goMod);
  const key = buildKey(version, goMod, goSum);
  const dir = join(cacheRoot(), version);
  const binaries = { version, kubeApiserver: join(dir, "kube-apiserver"), etcd: join(dir, "etcd") };
  if (await isCached(dir, key)) return { ...binaries, built: false };

  const go = findGo();
  if (go === undefined) throw new GoMissingError("Go toolchain not found (set GO or put `go` on PATH)");
  const goVersion = (await runGo(go, ["env", "GOVERSION"])).trim();
  log(`building kube-apiserver ${version} and etcd with ${goVersion} into ${dir} (cold: ~6 min on 2 cores)`);
  const started = Date.now();
  // Build into a private directory and rename, so a concurrent or interrupted build never leaves half a cache.
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const heartbeat = setInterval(() => log(`  still building… ${elapsed(started)}`), 60_000);
  try {
    const ldflags = versionLdflags(version, new Date().toISOString().replace(/\.\d+Z$/, "Z"));
    await runGo(go, ["build", "-ldflags", ldflags, "-o", `${tmp}/`, "./cmd/etcd", "./cmd/kube-apiserver"]);
  } finally {
    clearInterval(heartbeat);
  }
  const stamp: BuildStamp = {
    key,
    version,
    goVersion,
    builtAt: new Date().toISOString(),
    buildSeconds: Math.round((Date.now() - started) / 1000),
  };
  await writeFile(join(tmp, "build.json"), `${JSON.stringify(stamp, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  await chmod(binaries.kubeApiserver, 0o755);
  log(`built in ${elapsed(started)}`);
  return { ...binaries, built: true };
}

async function isCached(dir: string, key: string): Promise<boolean> {
  if (!existsSync(join(dir, "kube-apiserver")) || !existsSync(join(dir, "etcd"))) return false;
  try {
    const stamp = JSON.parse(await readFile(join(dir, "build.json"), "utf8")) as BuildStamp;
    return stamp.key === key;
  } catch {
    return false;
  }
}

/** Runs `go` in the module directory; the environment pins the toolchain and makes go.sum the only checksum source. */
function runGo(go: string, args: string[]): Promise<string> {
  const env = {
    ...process.env,
    // Never switch to a downloaded toolchain: the go directive (1.24) is satisfied by any newer local Go.
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
    const child = spawn(go, args, { cwd: moduleDir, env, stdio: ["ignore", "pipe", "pipe"] });
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
