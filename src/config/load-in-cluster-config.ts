import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "./config-error.ts";
import { loadPemFile } from "./pem.ts";

/** Where a pod's ServiceAccount credentials are mounted. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** What a pod's environment says about its cluster. */
export interface InClusterConfig {
  /** `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`. */
  server: string;
  /** The projected, rotating token file (read per request through the token-file cache). */
  tokenFile: string;
  /** The cluster CA from `ca.crt`. */
  certificateAuthorityData: string;
}

/**
 * Loads the in-cluster configuration, or returns `undefined` when not running in a pod (no
 * `KUBERNETES_SERVICE_HOST`/`PORT`). `serviceAccountDir` is injectable for tests. Throws a {@link ConfigError}
 * when the environment says "in a pod" but the token or CA is missing (e.g. `automountServiceAccountToken: false`).
 */
export async function loadInClusterConfig(
  env: Record<string, string | undefined>,
  serviceAccountDir: string = SERVICE_ACCOUNT_DIR,
): Promise<InClusterConfig | undefined> {
  const host = env["KUBERNETES_SERVICE_HOST"];
  const port = env["KUBERNETES_SERVICE_PORT"];
  if (!host || !port) return undefined;
  const tokenFile = join(serviceAccountDir, "token");
  try {
    await stat(tokenFile);
  } catch {
    throw new ConfigError(
      `in-cluster configuration: KUBERNETES_SERVICE_HOST is set but ${tokenFile} does not exist ` +
        "(is automountServiceAccountToken disabled?)",
      { code: "ERR_KUBE_CONFIG_NOT_FOUND", file: tokenFile },
    );
  }
  const certificateAuthorityData = await loadPemFile(join(serviceAccountDir, "ca.crt"), "in-cluster CA");
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return { server: `https://${hostPart}:${port}`, tokenFile, certificateAuthorityData };
}

/** Reads the pod's namespace from `serviceAccountDir/namespace`, or `undefined` when there is none. */
export async function loadInClusterNamespace(serviceAccountDir: string = SERVICE_ACCOUNT_DIR): Promise<string | undefined> {
  try {
    const ns = (await readFile(join(serviceAccountDir, "namespace"), "utf8")).trim();
    return ns === "" ? undefined : ns;
  } catch {
    return undefined;
  }
}
