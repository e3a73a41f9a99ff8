import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "kubeflow-ts";
let cached: string | undefined;

/**
 * This package's version, read once from its package.json, found by walking up from this module (the same code runs
 * from `src/` and from `dist/src/`); `unknown` when none is found.
 */
export function packageVersion(): string {
  cached ??= findPackageVersion() ?? "unknown";
  return cached;
}

/** `kubeflow-ts/<version> (node <version>)`. */
export function defaultUserAgent(): string {
  return `${PACKAGE_NAME}/${packageVersion()} (node ${process.version})`;
}

function findPackageVersion(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return pkg.version;
    } catch {
      // No package.json here; keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
