/**
 * Upstream files the cluster installs as they are released (JobSet's CRD, the webhook configurations, kwok's
 * stages), read from the Go module cache where the build put their modules: the repository never holds copies.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { findGo, GoMissingError } from "./build.ts";
import { moduleDir } from "./paths.ts";

const execFileAsync = promisify(execFile);

/** Upstream modules whose released files the cluster reads. */
export type UpstreamModule = "github.com/kubeflow/katib" | "github.com/kubeflow/trainer/v2" | "sigs.k8s.io/jobset" | "sigs.k8s.io/kwok";

const sourceDirs = new Map<UpstreamModule, Promise<string>>();

/**
 * The directory of `module` at the version go.mod pins (downloading it into the module cache if needed). Memoized
 * per process: the answer cannot change while go.mod does not.
 */
export function moduleSourceDir(module: UpstreamModule): Promise<string> {
  let dir = sourceDirs.get(module);
  if (dir === undefined) {
    dir = locate(module);
    sourceDirs.set(module, dir);
  }
  return dir;
}

/** The text of `path` inside the pinned `module`. */
export async function readModuleFile(module: UpstreamModule, path: string): Promise<string> {
  return readFile(join(await moduleSourceDir(module), path), "utf8");
}

async function locate(module: UpstreamModule): Promise<string> {
  const go = findGo();
  if (go === undefined) throw new GoMissingError("Go toolchain not found (set GO or put `go` on PATH)");
  const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly", GOSUMDB: "off" };
  // Each upstream module is a dependency of one of our Go modules: Katib's of ./katib, the others of this one.
  const cwd = module === "github.com/kubeflow/katib" ? join(moduleDir, "katib") : moduleDir;
  const { stdout } = await execFileAsync(go, ["mod", "download", "-json", module], { cwd, env });
  const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (info.Dir === undefined) throw new Error(`go mod download ${module} failed: ${info.Error ?? "no directory"}`);
  return info.Dir;
}
