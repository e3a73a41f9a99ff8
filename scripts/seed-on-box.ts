/**
 * The seed guide end to end on the Kubeflow box, as the demo shows it: the ServiceAccount, its token, the server URL
 * and the CA taken with kubectl, then, in TypeScript with nothing but those: list Experiments, create the guide's
 * Complete Katib Example (refused by Katib's webhook, as written), create it with a trialTemplate and wait for Katib
 * to run it, read the optimal hyperparameters, and run a TrainJob whose logs are streamed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectl, kubectlBinary } from "../test/controlplane/bootstrap.ts";
import { AdmissionDeniedError, KatibClient, TrainerClient } from "../src/index.ts";
import { boxExperiment, seedGuideExperiment } from "../test/e2e/support/experiments.ts";

/** Runs the seed on the box behind `kubeconfig`; `say` prints a step. Cleans up what it created. */
export async function runSeedOnBox(kubeconfig: string, say: (line: string) => void): Promise<void> {
  const suffix = Date.now().toString(36);
  const sa = `kubeflow-sdk-user-${suffix}`;
  const experiment = `random-example-${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), "kfts-demo-"));
  const run = async (args: string[]): Promise<string> => {
    say(`$ kubectl ${args.join(" ")}`);
    return (await kubectl(kubeconfig, args)).trim();
  };
  try {
    await run(["create", "serviceaccount", sa, "-n", "kubeflow"]);
    await run(["create", "clusterrolebinding", `${sa}-binding`, "--clusterrole=kubeflow-edit", `--serviceaccount=kubeflow:${sa}`]);
    const token = await run(["create", "token", sa, "-n", "kubeflow", "--duration=8760h"]);
    const server = await run(["config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"]);
    const ca = Buffer.from(await run(["config", "view", "--raw", "--minify", "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data}"]), "base64");
    writeFileSync(join(dir, "ca.crt"), ca);
    say(`  (kubectl is ${kubectlBinary()}; server ${server}; token of ${sa}; CA in ca.crt)`);

    const connection = { server, token, certificateAuthority: join(dir, "ca.crt"), namespace: "kubeflow" };
    const katib = new KatibClient(connection);
    const trainer = new TrainerClient(connection);
    try {
      say(`katib.listExperiments(): ${(await katib.listExperiments()).length} Experiments in kubeflow`);
      const denied = await katib.createExperiment(seedGuideExperiment(experiment)).catch((error: unknown) => error);
      if (!(denied instanceof AdmissionDeniedError)) throw new Error(`expected Katib's webhook to refuse the guide's Experiment, got ${String(denied)}`);
      say(`katib.createExperiment(the guide's Complete Katib Example) → ${denied.name} from ${denied.webhook}: ${denied.denial}`);
      await katib.createExperiment({ ...boxExperiment(experiment), metadata: { name: experiment, namespace: "kubeflow" } });
      say(`katib.createExperiment(with a trialTemplate) → ${experiment} created; waiting for Katib (by watch)…`);
      let shown = "";
      await katib.waitForExperimentCondition(experiment, {
        timeoutMs: 5 * 60_000,
        onProgress: (e) => {
          const line = `  ${e.status?.conditions?.at(-1)?.type ?? "Pending"}: ${e.status?.trialsRunning ?? 0} running, ${e.status?.trialsSucceeded ?? 0}/3 succeeded`;
          if (line !== shown) say((shown = line));
        },
      });
      const optimal = await katib.getOptimalHyperparameters(experiment);
      say(`katib.getOptimalHyperparameters() → ${optimal?.bestTrialName}: ${optimal?.parameterAssignments?.map((p) => `${p.name}=${p.value}`).join(" ")}, accuracy ${optimal?.observation?.metrics?.[0]?.latest}`);

      const job = await trainer.train({ trainer: { image: "pytorch/pytorch:2.5.1", command: ["torchrun", "train.py"], numNodes: 2, resourcesPerNode: { gpu: 1 } } });
      say(`trainer.train(2 nodes, 1 GPU each) → TrainJob ${job}; its logs, followed until the node ends:`);
      for await (const line of trainer.getJobLogs(job, { follow: true })) say(`  | ${line}`);
      const done = await trainer.waitForJobStatus(job, { timeoutMs: 2 * 60_000 });
      say(`trainer.waitForJobStatus() → ${done.status}; steps ${done.steps.map((s) => `${s.name}=${s.status}`).join(" ")}`);
      await trainer.deleteJob(job);
      await katib.deleteExperiment(experiment);
    } finally {
      await katib.close();
      await trainer.close();
    }
  } finally {
    await kubectl(kubeconfig, ["delete", "clusterrolebinding", `${sa}-binding`, "--ignore-not-found"]).catch(() => undefined);
    await kubectl(kubeconfig, ["delete", "serviceaccount", sa, "-n", "kubeflow", "--ignore-not-found"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
