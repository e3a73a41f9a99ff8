/** Files a child process needs to reach the cluster: the CA as a PEM file and a kubeconfig (for the Python SDK). */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toKubeconfig } from "../../test/controlplane/bootstrap.ts";
import type { ClusterHandle } from "./cluster.ts";

/** Writes `ca.pem` and `kubeconfig` for the admin identity into `dir`. */
export async function writeClusterFiles(cluster: ClusterHandle, dir: string): Promise<{ caFile: string; kubeconfig: string }> {
  const caFile = join(dir, "cluster-ca.pem");
  const kubeconfig = join(dir, "cluster-kubeconfig");
  await writeFile(caFile, cluster.connection.caPem);
  await writeFile(kubeconfig, toKubeconfig(cluster.connection), { mode: 0o600 });
  return { caFile, kubeconfig };
}
