/**
 * The package as users get it: packed (which builds it) and installed alone into a temp consumer project, once
 * per bench run, with the same helper the packaging test uses. Cold import, the CLI and the consumer type-check
 * all run against this install.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { installPackedPackage } from "../../test/support/packed-package.ts";
import { SkipError } from "./skip.ts";

/** A consumer project with kubeflow-ts installed from its packed tarball. */
export interface PackedInstall {
  /** The consumer project (has package.json and node_modules/kubeflow-ts). */
  dir: string;
  /** node_modules/kubeflow-ts inside it. */
  packageDir: string;
  /** How long `npm pack` (with its build) and `npm install` took. */
  setupMs: number;
  remove(): void;
}

/** Packs and installs; a failing build or install becomes a skip with npm's last words. */
export function createPackedInstall(): PackedInstall {
  const started = performance.now();
  try {
    const { dir, remove } = installPackedPackage();
    const packageDir = join(dir, "node_modules", "kubeflow-ts");
    if (!existsSync(join(packageDir, "package.json"))) throw new Error("the install has no node_modules/kubeflow-ts");
    return { dir, packageDir, setupMs: performance.now() - started, remove };
  } catch (error) {
    const detail = error as { stdout?: string; stderr?: string; message?: string };
    const output = `${detail.stdout ?? ""}\n${detail.stderr ?? detail.message ?? String(error)}`;
    // The compiler's own errors say what is broken; npm's closing lines only say that something was.
    const compiler = output.split("\n").filter((line) => /error TS\d+/.test(line));
    const useful = output.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("npm warn"));
    const tail = (compiler.length > 0 ? compiler.slice(0, 3) : useful.slice(-6)).join(" / ");
    throw new SkipError(`npm pack / install of the working tree failed (the build is broken right now?): ${tail.slice(0, 500)}`, { cause: error });
  }
}

/** Whether the installed package ships an export (e.g. `./validate`) that resolves to a file. */
export function hasExport(install: PackedInstall, subpath: string, readJson: (file: string) => unknown): boolean {
  const pkg = readJson(join(install.packageDir, "package.json")) as { exports?: Record<string, { import?: string } | string> };
  const entry = pkg.exports?.[subpath];
  const target = typeof entry === "string" ? entry : entry?.import;
  return target !== undefined && existsSync(join(install.packageDir, target));
}
