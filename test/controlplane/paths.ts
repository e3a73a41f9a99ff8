/**
 * Where the local control plane keeps things. Everything is computed at run time from this file's location and the
 * environment, so the same code works from any working directory and on any machine.
 */
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The directory of this Go module (test/controlplane). */
export const moduleDir: string = dirname(fileURLToPath(import.meta.url));

/** The repository root: `.cluster/` and the default API sources are resolved against it, not against the cwd. */
export const repoRoot: string = resolve(moduleDir, "../..");

/**
 * Per-run state (certificates, logs, etcd data, kubeconfig, component files); gitignored, removed by `cluster:down`.
 * `KUBEFLOW_TS_CLUSTER_DIR` puts it elsewhere, so a second cluster can run beside the first (the lifecycle tests).
 */
export const clusterDir: string = process.env.KUBEFLOW_TS_CLUSTER_DIR ? resolve(process.env.KUBEFLOW_TS_CLUSTER_DIR) : join(repoRoot, ".cluster");

/** Files inside `.cluster/` that other tools are told about (kubeconfig for kubectl, state for `down`). */
export const clusterFiles = {
  kubeconfig: join(clusterDir, "kubeconfig"),
  state: join(clusterDir, "state.json"),
} as const;

/**
 * Root of the binary cache. Outside the repository on purpose: a cold build takes many minutes and must survive
 * `git clean` and fresh clones.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== "" ? xdg : join(homedir(), ".cache");
  return join(base, "kubeflow-ts", "controlplane");
}

/** The pinned Kubeflow API sources (CRDs); `KUBEFLOW_API_SOURCES` wins, else `../shared/crds` beside the repo. */
export function apiSourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KUBEFLOW_API_SOURCES;
  if (fromEnv === undefined || fromEnv === "") return resolve(repoRoot, "../shared/crds");
  return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot, fromEnv);
}

/** The upstream example corpus (the ClusterTrainingRuntimes the box installs); `KUBEFLOW_CORPUS` wins. */
export function corpusSourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KUBEFLOW_CORPUS;
  if (fromEnv === undefined || fromEnv === "") return resolve(repoRoot, "../shared/corpus");
  return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot, fromEnv);
}
