/**
 * Files a child process needs to reach the cluster: the CA as a PEM file, the admin token as a file (as a
 * ServiceAccount token is given out of the cluster) and a kubeconfig (for the Python SDK and the CLIs).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toKubeconfig } from "../../test/controlplane/bootstrap.ts";
import type { ClusterHandle } from "./cluster.ts";

/** Writes the CA, the token and a kubeconfig for the admin identity into `dir`. */
export async function writeClusterFiles(cluster: ClusterHandle, dir: string): Promise<{ caFile: string; tokenFile: string; kubeconfig: string }> {
  const caFile = join(dir, "cluster-ca.pem");
  const tokenFile = join(dir, "cluster-token");
  const kubeconfig = join(dir, "cluster-kubeconfig");
  await writeFile(caFile, cluster.connection.caPem);
  await writeFile(tokenFile, cluster.connection.token, { mode: 0o600 });
  await writeFile(kubeconfig, toKubeconfig(cluster.connection), { mode: 0o600 });
  return { caFile, tokenFile, kubeconfig };
}
