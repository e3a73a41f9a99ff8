/**
 * The main job (`npm run demo`, after the build): what a user does with kfts on a fresh clone, without a cluster —
 * validate the upstream Katib and Trainer examples offline, as the API server and Katib's webhook would, and
 * report what changed between the two pinned Trainer releases. Prints the CLI's own output; exits non-zero only
 * when a command cannot run (validation verdicts are the demo's output, not its status: two upstream Katib
 * examples are rejected by Katib's own webhook rules, and the report says which).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

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
console.log("\ndemo: done. Next: `npm run cluster:up`, then `npx kfts doctor --kubeconfig .cluster/kubeconfig`.");
