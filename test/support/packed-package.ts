/**
 * The package as users get it: `npm pack` (which builds), installed into a fresh consumer project. Used by the
 * packaging test and by the e2e test that runs the examples against the local control plane.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repositoryRoot } from "./sources.ts";

/** Packs the repository and installs the tarball into a new directory; returns it and a cleanup. */
export function installPackedPackage(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "kfts-consumer-"));
  const npm = (args: string[], cwd: string): string => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: "pipe" });
  npm(["pack", "--pack-destination", dir], repositoryRoot);
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz")) as string;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", `./${tarball}`], dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Installs the packed package once for the calling test file (before its tests, removed after them); returns a
 * getter for the consumer directory.
 */
export function usePackedPackage(): () => string {
  let installed: { dir: string; remove: () => void } | undefined;
  beforeAll(() => {
    installed = installPackedPackage();
  }, 300_000);
  afterAll(() => installed?.remove());
  return () => {
    if (!installed) throw new Error("the packed package is installed in beforeAll; call the getter inside a test");
    return installed.dir;
  };
}
