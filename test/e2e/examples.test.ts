/**
 * The seed's examples (examples/), written against the installed package, run with Node against the local control
 * plane with nothing but a ServiceAccount token, the server URL and a CA file — as a user outside the cluster would.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { installNode, lowestAllowed } from "../support/node-release.ts";
import { usePackedPackage } from "../support/packed-package.ts";
import { repositoryRoot } from "../support/sources.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import { kubectl } from "./support/kubectl.ts";
import { uniqueName } from "./support/names.ts";
import { bindClusterRole, createServiceAccount, deleteServiceAccount, requestToken } from "./support/service-accounts.ts";

const consumerDir = usePackedPackage();

describeKubeflow("examples against the local control plane", (env) => {
  /** The seed's setup for one test: a ServiceAccount in kubeflow bound to kubeflow-edit, its token and the CA file. */
  async function seedUser(): Promise<string> {
    const sa = uniqueName("examples-user");
    await createServiceAccount("kubeflow", sa);
    onTestFinished(() => deleteServiceAccount("kubeflow", sa));
    await bindClusterRole(`${sa}-binding`, "kubeflow-edit", "kubeflow", sa);
    writeFileSync(join(consumerDir(), "ca.crt"), env.caPem);
    return requestToken("kubeflow", sa, { expirationSeconds: 3600 });
  }

  async function run(example: string, extraEnv: Record<string, string> = {}, node: readonly string[] = [process.execPath]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const token = await seedUser();
    copyFileSync(join(repositoryRoot, "examples", example), join(consumerDir(), example));
    const [binary, ...flags] = node as [string, ...string[]];
    const result = spawnSync(binary, [...flags, example], {
      cwd: consumerDir(),
      encoding: "utf8",
      timeout: 80_000,
      env: { ...process.env, K8S_API_SERVER: env.server, K8S_SERVICE_ACCOUNT_TOKEN: token, K8S_CA_FILE: join(consumerDir(), "ca.crt"), ...extraEnv },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test("katib-list.ts lists Experiments in kubeflow", async () => {
    const result = await run("katib-list.ts");
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Found \d+ experiments\n$/);
  });

  test("katib-complete.ts runs the Experiment to Succeeded on Katib and prints its best trial and its metrics", { timeout: 90_000 }, async () => {
    const name = uniqueName("random-example");
    onTestFinished(async () => void (await kubectl("delete", "experiment.kubeflow.org", name, "-n", "kubeflow", "--ignore-not-found")));
    const result = await run("katib-complete.ts", { EXPERIMENT_NAME: name });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim().split("\n").at(-1)).toBe("3/3 trials succeeded");
    const best = await kubectl("get", "experiment.kubeflow.org", name, "-n", "kubeflow", "-o", "jsonpath={.status.currentOptimalTrial.parameterAssignments[0].value} {.status.currentOptimalTrial.observation.metrics[0].latest}");
    const [lr, accuracy] = best.split(" ");
    expect(result.stdout).toBe(`Optimal HP: [{"name":"lr","value":"${lr}"}] accuracy ${accuracy}\nBest trial's observation log: accuracy=${accuracy}\n`);
  });

  test("katib-tune.ts tunes its Python objective on Katib to Succeeded and prints the best trial", { timeout: 90_000 }, async () => {
    const name = uniqueName("tune-example");
    onTestFinished(async () => void (await kubectl("delete", "experiment.kubeflow.org", name, "-n", "kubeflow", "--ignore-not-found")));
    const result = await run("katib-tune.ts", { EXPERIMENT_NAME: name });
    expect(result.status, result.stderr).toBe(0);
    const experiment = JSON.parse(await kubectl("get", "experiment.kubeflow.org", name, "-n", "kubeflow", "-o", "json")) as { status: { currentOptimalTrial: { parameterAssignments: unknown[] } } };
    expect(experiment.status.currentOptimalTrial.parameterAssignments.map((assignment) => (assignment as { name: string }).name).sort()).toEqual(["lr", "num_epochs", "optimizer"]);
    expect(result.stdout).toBe(`3 trials; best: ${JSON.stringify(experiment.status.currentOptimalTrial.parameterAssignments)}\n`);
  });

  test("trainer-train-function.ts trains its Python function on 2 nodes to Complete and prints node-0's log", { timeout: 90_000 }, async () => {
    const name = uniqueName("train-example");
    onTestFinished(async () => void (await kubectl("delete", "trainjob.trainer.kubeflow.org", name, "-n", "kubeflow", "--ignore-not-found")));
    const result = await run("trainer-train-function.ts", { TRAINJOB_NAME: name });
    expect(result.status, result.stderr).toBe(0);
    const command = JSON.parse(await kubectl("get", "trainjob.trainer.kubeflow.org", name, "-n", "kubeflow", "-o", "jsonpath={.spec.trainer.command}")) as string[];
    expect(command[2]).toContain("\ntrain(**{'lr': 0.01, 'epochs': 2})\n");
    expect(result.stdout.split("\n").slice(0, 1)).toEqual([`TrainJob ${name}: Complete on 2 nodes`]);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("node: exited with code 0 (Completed)");
  });

  test("optimizer-optimize.ts runs its OptimizationJob to Complete by watch and prints the best trial's parameters", { timeout: 120_000 }, async () => {
    const result = await run("optimizer-optimize.ts");
    const name = /^OptimizationJob (\S+):/.exec(result.stdout)?.[1];
    if (name) onTestFinished(async () => void (await kubectl("delete", "experiment.kubeflow.org", name, "-n", "kubeflow", "--ignore-not-found")));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    const experiment = JSON.parse(await kubectl("get", "experiment.kubeflow.org", name ?? "", "-n", "kubeflow", "-o", "json")) as {
      spec: { parameters: { name: string }[]; algorithm: { algorithmSettings: { name: string; value: string }[] } };
      status: { currentOptimalTrial: { parameterAssignments: { name: string; value: string }[] } };
    };
    // The search space and algorithm as written, the trials' best as Katib recorded it.
    expect(experiment.spec.parameters.map((parameter) => parameter.name)).toEqual(["lr", "batch_size"]);
    expect(experiment.spec.algorithm.algorithmSettings).toEqual([{ name: "random_state", value: "42" }]);
    const best = Object.fromEntries(experiment.status.currentOptimalTrial.parameterAssignments.map(({ name, value }) => [name, value]));
    expect(result.stdout).toBe(`OptimizationJob ${name}: Complete, 4 trials\nbest: ${JSON.stringify(best)}\n`);
  });

  test("trainer-client.ts lists runtimes and TrainJobs", async () => {
    const result = await run("trainer-client.ts");
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/Found \d+ TrainJobs\n$/);
  });

  test("on the lowest Node engines.node allows, the seed's examples work too", { timeout: 120_000 }, async () => {
    const { engines } = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { engines: { node: string } };
    // Node 22 strips the examples' types as 24 does, but says it is experimental: that warning is not the example's output.
    const node = [installNode(lowestAllowed(engines.node)), "--disable-warning=ExperimentalWarning"];
    const katib = await run("katib-list.ts", {}, node);
    expect(katib.stderr).toBe("");
    expect(katib.stdout).toMatch(/^Found \d+ experiments\n$/);
    const trainer = await run("trainer-client.ts", {}, node);
    expect(trainer.stderr).toBe("");
    expect(trainer.stdout).toMatch(/Found \d+ TrainJobs\n$/);
  });

  test("troubleshooting.ts explains a bad token, without printing it", async () => {
    const result = await run("troubleshooting.ts", { K8S_SERVICE_ACCOUNT_TOKEN: "expired-token-value" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("401: the token is invalid or expired.");
    expect(result.stderr).toContain("kubectl create token");
    expect(result.stderr).not.toContain("expired-token-value");
  });
});
