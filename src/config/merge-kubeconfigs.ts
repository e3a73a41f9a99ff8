import type { Kubeconfig } from "./kubeconfig.ts";

/**
 * Merges kubeconfigs the way kubectl merges a `KUBECONFIG` list: the first file to define a cluster, user or
 * context name wins, and `current-context` comes from the first file that sets it. Pure.
 */
export function mergeKubeconfigs(configs: readonly Kubeconfig[]): Kubeconfig {
  const merged: Kubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [], origins: new Map() };
  for (const config of configs) {
    merged.files.push(...config.files);
    if (merged.currentContext === undefined && config.currentContext !== undefined) {
      merged.currentContext = config.currentContext;
    }
    for (const kind of ["clusters", "users", "contexts"] as const) {
      const target = merged[kind] as Map<string, unknown>;
      for (const [name, value] of config[kind] as Map<string, unknown>) {
        if (target.has(name)) continue;
        target.set(name, value);
        const origin = config.origins.get(`${kind}/${name}`);
        if (origin !== undefined) merged.origins.set(`${kind}/${name}`, origin);
      }
    }
  }
  return merged;
}
