/**
 * `npm run cluster:up` / `npm run cluster:down`: a real etcd + kube-apiserver on loopback for e2e tests and manual
 * use (`kubectl --kubeconfig .cluster/kubeconfig ...`). See docs/control-plane.md.
 */
import { downCluster, memorySummary, readState, upCluster } from "./control-plane.ts";
import { clusterFiles } from "./paths.ts";

const log = (line: string): void => console.log(`[cluster] ${line}`);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case "up": {
      const { connection, reused, state } = await upCluster("cluster:up", log);
      if (reused && state !== undefined) log(memorySummary(state));
      log(`server ${connection.server}; try: kubectl --kubeconfig ${clusterFiles.kubeconfig} get --raw /readyz`);
      return 0;
    }
    case "down":
      await downCluster(log);
      return 0;
    case "status": {
      const state = await readState();
      log(state === undefined ? "no cluster recorded in .cluster/" : `${state.server} ${memorySummary(state)}`);
      return 0;
    }
    default:
      console.error("usage: node test/controlplane/cluster.ts up|down|status");
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  console.error(`[cluster] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
