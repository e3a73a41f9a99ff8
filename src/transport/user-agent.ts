import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "kubeflow-ts";
let cached: string | undefined;

/**
 * `kubeflow-ts/<version> (node <version>)`, the version read once from this package's package.json, found by
 * walking up from this module (the same code runs from `src/` and from `dist/src/`).
 */
export function defaultUserAgent(): string {
  cached ??= `${PACKAGE_NAME}/${findPackageVersion() ?? "unknown"} (node ${process.version})`;
  return cached;
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
