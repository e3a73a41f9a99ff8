/**
 * kubeconform, built from its Go module at a pinned version into a bench-owned GOBIN under the user cache (not the
 * repository: a build survives `git clean`). GOTOOLCHAIN=local: use the machine's Go, never download another one.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { userCacheDir } from "./paths.ts";
import { KUBECONFORM_VERSION } from "./pins.ts";
import { describeFailure, runCommand } from "./run-command.ts";
import { SkipError } from "./skip.ts";

/** Returns the path of the kubeconform binary, building it on first use. */
export async function ensureKubeconform(log: (line: string) => void): Promise<string> {
  const gobin = join(userCacheDir(), "bin", `kubeconform-${KUBECONFORM_VERSION}`);
  const binary = join(gobin, "kubeconform");
  if (existsSync(binary)) return binary;
  await mkdir(gobin, { recursive: true });
  log(`building kubeconform ${KUBECONFORM_VERSION} with go install (into the user cache)`);
  const env = { ...process.env, GOBIN: gobin, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
  const result = await runCommand("go", ["install", `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`], { env, timeoutMs: 600_000 }).catch(
    (error: unknown) => {
      throw new SkipError(`no Go toolchain to build kubeconform: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  if (result.code !== 0 || !existsSync(binary)) throw new SkipError(`go install kubeconform failed: ${describeFailure("go", ["install"], result)}`);
  return binary;
}
