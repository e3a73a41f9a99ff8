/**
 * `npm run cluster:up [-- --kubeflow]` / `npm run cluster:down` / `npm run cluster:restart -- <component> [--kill]`:
 * a real kube-apiserver + etcd on loopback, or with
 * `--kubeflow` the whole Kubeflow box (controllers, scheduler, kwok's nodes, JobSet, Trainer), for e2e tests and
 * manual use (`kubectl --kubeconfig .cluster/kubeconfig ...`). See docs/control-plane.md.
 */
import { parseArgs } from "node:util";
import { kubectlBinary } from "./bootstrap.ts";
import { downCluster, memorySummary, readState, restartComponent, upCluster } from "./control-plane.ts";
import { clusterFiles } from "./paths.ts";

const log = (line: string): void => console.log(`[cluster] ${line}`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { kubeflow: { type: "boolean" }, kill: { type: "boolean" } } });
  switch (positionals[0]) {
    case "up": {
      const { connection, reused, state } = await upCluster("cluster:up", log, { profile: values.kubeflow ? "kubeflow" : "apiserver" });
      if (reused && state !== undefined) log(memorySummary(state));
      log(`server ${connection.server}; try: ${kubectlBinary()} --kubeconfig ${clusterFiles.kubeconfig} get --raw /readyz`);
      return 0;
    }
    case "down":
      await downCluster(log);
      return 0;
    case "restart": {
      const name = positionals[1];
      if (name === undefined) {
        console.error("usage: node test/controlplane/cluster.ts restart <component> [--kill]");
        return 2;
      }
      await restartComponent(name, log, { kill: values.kill === true });
      return 0;
    }
    case "status": {
      const state = await readState();
      log(state === undefined ? "no cluster recorded in .cluster/" : `${state.profile ?? "apiserver"} cluster at ${state.server}; ${memorySummary(state)}`);
      return 0;
    }
    default:
      console.error("usage: node test/controlplane/cluster.ts up [--kubeflow] | down | status | restart <component> [--kill]");
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`[cluster] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
