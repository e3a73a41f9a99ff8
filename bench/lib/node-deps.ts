/**
 * bench/.deps: a bench-owned npm project holding the Node references (pinned), installed on first use. Kept out of
 * the project's own dependencies so the package under test and its lockfile stay untouched.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { nodeDepsDir } from "./paths.ts";
import { CLIENT_NODE_VERSION } from "./pins.ts";
import { describeFailure, runCommand } from "./run-command.ts";
import { SkipError } from "./skip.ts";

const CLIENT_NODE = "@kubernetes/client-node";

function installedVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(nodeDepsDir, "node_modules", name, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs `@kubernetes/client-node@<pin>` into bench/.deps unless it is there already; returns bench/.deps. */
export async function ensureClientNode(log: (line: string) => void): Promise<string> {
  if (installedVersion(CLIENT_NODE) === CLIENT_NODE_VERSION) return nodeDepsDir;
  log(`installing ${CLIENT_NODE}@${CLIENT_NODE_VERSION} into bench/.deps`);
  await mkdir(nodeDepsDir, { recursive: true });
  const manifest = { name: "kubeflow-ts-bench-deps", private: true, type: "module", dependencies: { [CLIENT_NODE]: CLIENT_NODE_VERSION } };
  await writeFile(join(nodeDepsDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const result = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: nodeDepsDir, timeoutMs: 300_000 });
  if (result.code !== 0 || installedVersion(CLIENT_NODE) !== CLIENT_NODE_VERSION) {
    throw new SkipError(`could not install ${CLIENT_NODE}@${CLIENT_NODE_VERSION}: ${describeFailure("npm", ["install"], result)}`);
  }
  return nodeDepsDir;
}

/** The file URL to `import()` client-node from (resolved inside bench/.deps, not the project). */
export function clientNodeEntry(depsDir: string): string {
  const dir = join(depsDir, "node_modules", CLIENT_NODE);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { main?: string };
  const main = join(dir, pkg.main ?? "dist/index.js");
  if (!existsSync(main)) throw new SkipError(`${CLIENT_NODE} is installed but its entry ${pkg.main} is missing`);
  return main;
}
