/**
 * The Kubeflow Python SDKs, installed from PyPI into a virtual environment kept in the user's cache (outside the
 * repository, like the control plane's binaries), for tests that compare both SDKs on the same cluster.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** A pinned PyPI requirement, e.g. `kubeflow==0.5.0`. */
export type Requirement = `${string}==${string}`;

/**
 * The Python of a virtual environment holding `requirements`, creating and installing it the first time (~1 min).
 * Pin what the SDK leaves open when a newer release breaks it.
 */
export async function pythonWith(...requirements: [Requirement, ...Requirement[]]): Promise<string> {
  const base = process.env.XDG_CACHE_HOME ? process.env.XDG_CACHE_HOME : join(homedir(), ".cache");
  const venv = join(base, "kubeflow-ts", "python", requirements.map((requirement) => requirement.replace("==", "-")).join("+"));
  const python = join(venv, "bin", "python");
  const stamp = join(venv, "installed");
  if (existsSync(stamp)) return python;
  const system = process.env.PYTHON ?? "python3";
  try {
    await execFileAsync(system, ["-m", "venv", "--clear", venv]);
    await execFileAsync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...requirements], { timeout: 600_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`could not install ${requirements.join(" ")} into ${venv}: ${stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
  await writeFile(stamp, `${requirements.join("\n")}\n`);
  return python;
}

/** Runs `script` with `python`, its arguments and environment; returns stdout parsed as JSON. */
export async function runPython<T>(python: string, script: string, args: readonly string[], env: Record<string, string>): Promise<T> {
  try {
    const { stdout } = await execFileAsync(python, [script, ...args], { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 16 << 20 });
    return JSON.parse(stdout) as T;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`python ${script} ${args.join(" ")} failed: ${stderr.trim().split("\n").slice(-5).join("\n") || String(error)}`);
  }
}
