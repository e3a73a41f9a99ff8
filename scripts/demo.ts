/**
 * The main job (`npm run demo`, after the build): what a user does with kfts and the library on a fresh clone.
 * Offline: validate the upstream Katib and Trainer examples as the API server and the webhooks would, and report what
 * changed between the two pinned Trainer releases (the CLI's own output; validation verdicts are output, not status:
 * two upstream Katib examples are rejected by Katib's own webhook rules). Then the seed guide end to end on Kubeflow
 * in a box (scripts/seed-on-box.ts), started here unless one runs, and stopped again if started here; without Go
 * that part is skipped, saying why.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { GoMissingError } from "../test/controlplane/build.ts";
import { downCluster, upCluster } from "../test/controlplane/control-plane.ts";
import { runSeedOnBox } from "./seed-on-box.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const shared = `${root}../shared`;
const corpus = process.env.KUBEFLOW_CORPUS ?? `${shared}/corpus`;
const sources = process.env.KUBEFLOW_API_SOURCES ?? `${shared}/crds`;

function kfts(title: string, args: string[], acceptable: number[]): void {
  console.log(`\n$ kfts ${args.join(" ").replaceAll(root, "")}\n# ${title}`);
  const run = spawnSync(process.execPath, [`${root}dist/src/cli/main.js`, ...args], { stdio: "inherit" });
  if (run.status === null || !acceptable.includes(run.status)) {
    console.error(`demo: kfts ${args[0]} exited with ${run.status ?? run.signal}`);
    process.exit(1);
  }
}

kfts("offline validation of the upstream examples (exit 1 = something is invalid)", ["validate", corpus], [0, 1]);
kfts("API changes between Trainer v2.2.1 and v2.3.0", ["diff-api", `${sources}/trainer/v2.2.1`, `${sources}/trainer/v2.3.0`], [0]);

console.log("\n# The seed guide on Kubeflow in a box: Katib and the Trainer on a local control plane (docs/control-plane.md)");
const log = (line: string): void => console.log(`[box] ${line}`);
let up: Awaited<ReturnType<typeof upCluster>>;
try {
  up = await upCluster("cluster:up", log, { profile: "kubeflow" });
} catch (error) {
  if (error instanceof GoMissingError) {
    console.log(`demo: the box needs Go to build its programs (${error.message}); the offline part above is the demo without it.`);
    process.exit(0);
  }
  throw error;
}
try {
  await runSeedOnBox(up.connection.kubeconfig, (line) => console.log(line));
} finally {
  if (!up.reused) await downCluster(log);
}
console.log("\ndemo: done. Next: `npm run cluster:up -- --kubeflow`, then `npx kfts doctor --kubeconfig .cluster/kubeconfig`.");
