/**
 * bench/.venv: a bench-owned virtualenv with the Katib Python SDK (pinned), created on first use. Any failure
 * (no python3, no venv module, pip refused) becomes a skip with the reason.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { venvDir } from "./paths.ts";
import { KATIB_SDK_VERSION, KUBERNETES_PYTHON_VERSION } from "./pins.ts";
import { describeFailure, runCommand } from "./run-command.ts";
import { SkipError } from "./skip.ts";

const PYTHON = join(venvDir, "bin", "python");

const WANTED = `${KATIB_SDK_VERSION} ${KUBERNETES_PYTHON_VERSION}`;

/** "<katib sdk version> <kubernetes client version>" as installed, or undefined. */
async function installedVersions(): Promise<string | undefined> {
  if (!existsSync(PYTHON)) return undefined;
  const code = "import importlib.metadata as m; print(m.version('kubeflow-katib'), m.version('kubernetes'))";
  const r = await runCommand(PYTHON, ["-c", code], { timeoutMs: 30_000 });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Returns the venv's python with `kubeflow-katib==<pin>` installed, creating the venv when needed. */
export async function ensureKatibSdk(log: (line: string) => void): Promise<string> {
  if ((await installedVersions()) === WANTED) return PYTHON;
  if (!existsSync(PYTHON)) {
    log("creating bench/.venv");
    const created = await runCommand("python3", ["-m", "venv", venvDir], { timeoutMs: 120_000 }).catch((error: unknown) => {
      throw new SkipError(`python3 is not available: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (created.code !== 0) throw new SkipError(`could not create a virtualenv: ${describeFailure("python3", ["-m", "venv"], created)}`);
  }
  log(`installing kubeflow-katib==${KATIB_SDK_VERSION} (kubernetes==${KUBERNETES_PYTHON_VERSION}) into bench/.venv`);
  const pins = [`kubeflow-katib==${KATIB_SDK_VERSION}`, `kubernetes==${KUBERNETES_PYTHON_VERSION}`];
  const args = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...pins];
  const installed = await runCommand(PYTHON, args, { timeoutMs: 600_000 });
  if (installed.code !== 0 || (await installedVersions()) !== WANTED) {
    throw new SkipError(`pip could not install ${pins.join(" ")}: ${describeFailure("pip", ["install"], installed)}`);
  }
  return PYTHON;
}
