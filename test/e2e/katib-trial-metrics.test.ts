/**
 * `KatibClient.getTrialMetrics` on the box as the seed's user: the observation log Katib's DB manager keeps, read
 * from outside the cluster through the API server's pods/portforward (the DB manager's Service → its pod, which kwok
 * forwards to the DB manager process), compared with what Katib itself wrote into the Trials' status. And what a
 * user meets when that way is closed: missing rights, a wrong Service port, nothing listening.
 */
import { expect, test } from "vitest";
import {
  DbManagerError,
  ForbiddenError,
  type KatibClient,
  type MetricLog,
  NotFoundError,
  PortForwardError,
  ServiceBackendError,
  type V1beta1Trial,
} from "../../src/index.ts";
import { openPortForward } from "../../src/resource/port-forward.ts";
import { trialMetrics } from "../controlplane/katib-metrics/objective.ts";
import { run } from "../cli/support/run.ts";
import { userFlags } from "./support/cli-flags.ts";
import { katibClient } from "./support/clients.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { createSeedUser } from "./support/seed-user.ts";
import { bindClusterRoleInNamespace, createServiceAccount, requestToken } from "./support/service-accounts.ts";

function succeeded(trial: V1beta1Trial): boolean {
  return trial.status?.conditions?.some((c) => c.type === "Succeeded" && c.status === "True") ?? false;
}

/** Starts a one-trial Experiment and returns its Trial's name once Katib has created it. */
async function firstTrial(katib: KatibClient): Promise<string> {
  const name = uniqueName("metrics");
  await katib.createExperiment(boxExperiment(name, { maxTrialCount: 1, parallelTrialCount: 1 }));
  let trial: string | undefined;
  await expect
    .poll(async () => (trial = (await katib.listTrials({ experimentName: name }))[0]?.metadata?.name), { timeout: 30_000, interval: 250 })
    .toEqual(expect.any(String));
  return trial!;
}

describeKubeflow("KatibClient.getTrialMetrics", (env) => {
  test("every succeeded Trial's observation log, as Katib recorded it, through the apiserver's port-forward", { timeout: 120_000 }, async () => {
    const user = await createSeedUser("trial-metrics");
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token: user.token, namespace: user.namespace });
    const name = uniqueName("metrics");
    await katib.createExperiment(boxExperiment(name, { additionalMetricNames: ["loss"] }));
    await katib.waitForExperimentCondition(name, { timeoutMs: 90_000 });

    const trials = (await katib.listTrials({ experimentName: name })).filter(succeeded);
    expect(trials).toHaveLength(3);
    for (const trial of trials) {
      const trialName = trial.metadata!.name!;
      const logs = await katib.getTrialMetrics(trialName);
      // What the box's collector reported for this Trial's assignments: one value per metric of its objective.
      const expected = trialMetrics(trial.spec!);
      expect(logs.map((log) => log.metric.name).sort()).toEqual(["accuracy", "loss"]);
      for (const { name: metric, value } of expected) {
        const log = logs.find((l) => l.metric.name === metric)!;
        expect(Number(log.metric.value)).toBeCloseTo(value, 10);
        expect(Number.isNaN(Date.parse(log.timeStamp))).toBe(false);
        // Katib read the same log to fill the Trial's status.
        expect(trial.status?.observation?.metrics?.find((m) => m.name === metric)?.latest).toBe(log.metric.value);
      }
      const onlyLoss = await katib.getTrialMetrics(trialName, { metricName: "loss" });
      expect(onlyLoss.map((log) => log.metric.name)).toEqual(["loss"]);
    }
  });

  test("kfts trials metrics: the same log as a table, as JSON, one metric; a missing Trial exits 1 saying so", { timeout: 120_000 }, async () => {
    const user = await createSeedUser("trial-metrics");
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token: user.token, namespace: user.namespace });
    const name = uniqueName("metrics");
    await katib.createExperiment(boxExperiment(name, { maxTrialCount: 1, parallelTrialCount: 1, additionalMetricNames: ["loss"] }));
    await katib.waitForExperimentCondition(name, { timeoutMs: 90_000 });
    const [trial] = await katib.listTrials({ experimentName: name });
    const trialName = trial!.metadata!.name!;
    const logs = await katib.getTrialMetrics(trialName);

    const flags = await userFlags(env, user.namespace, user.token);
    const table = await run(["trials", "metrics", trialName, ...flags]);
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^TIME +METRIC +VALUE$/);
    expect(rows.slice(1).map((row) => row.split(/ +/))).toEqual(logs.map((log) => [log.timeStamp, log.metric.name, log.metric.value]));
    expect(JSON.parse((await run(["trials", "metrics", trialName, "-o", "json", ...flags])).stdout)).toEqual(logs);
    const loss = JSON.parse((await run(["trials", "metrics", trialName, "--metric", "loss", "-o", "json", ...flags])).stdout) as MetricLog[];
    expect(loss.map((log) => log.metric.name)).toEqual(["loss"]);

    const missing = await run(["trials", "metrics", "no-such-trial", ...flags]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('trials.kubeflow.org "no-such-trial" not found');
  });

  test("a Trial that does not exist is a NotFoundError, not an empty log", async () => {
    const user = await createSeedUser("trial-metrics");
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token: user.token, namespace: user.namespace });
    await expect(katib.getTrialMetrics("no-such-trial")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("kubeflow-edit in the user's own namespace only: ForbiddenError on the DB manager's Service in kubeflow", { timeout: 60_000 }, async () => {
    const namespace = await createTestNamespace("trial-metrics-profile");
    await createServiceAccount(namespace, "contributor");
    await bindClusterRoleInNamespace("kubeflow-edit", namespace, "contributor");
    const token = await requestToken(namespace, "contributor", { expirationSeconds: 600 });
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token, namespace });
    const trial = await firstTrial(katib);
    const error = await katib.getTrialMetrics(trial).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toContain('services "katib-db-manager" is forbidden');
    expect((error as ForbiddenError).message).toContain(`system:serviceaccount:${namespace}:contributor`);
  });

  test("a wrong Service port, an address where nothing listens, a pod port with no forward: each says what and where", { timeout: 60_000 }, async () => {
    const user = await createSeedUser("trial-metrics");
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token: user.token, namespace: user.namespace });
    const trialName = await firstTrial(katib);

    const wrongPort = await katib.getTrialMetrics(trialName, { dbManager: { port: 9999 } }).catch((e: unknown) => e);
    expect(wrongPort).toBeInstanceOf(ServiceBackendError);
    expect((wrongPort as Error).message).toBe("Service kubeflow/katib-db-manager has no port 9999 (its ports: 6789)");

    const closed = await katib.getTrialMetrics(trialName, { dbManager: { address: "127.0.0.1:1" } }).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(DbManagerError);
    expect((closed as Error).message).toMatch(/^the DB manager at 127\.0\.0\.1:1 could not be reached: .*ECONNREFUSED/);

    const [pod] = (await katib.connection.request<{ items: { metadata: { name: string } }[] }>({
      method: "GET",
      path: "/api/v1/namespaces/kubeflow/pods",
      query: { labelSelector: "katib.kubeflow.org/component=db-manager" },
    })).body.items;
    const stream = await openPortForward(katib.connection, { namespace: "kubeflow", pod: pod!.metadata.name, port: 7000 });
    stream.write("hello");
    const failure = await new Promise<unknown>((resolve) => {
      stream.on("error", resolve);
      stream.on("end", () => resolve(undefined));
      stream.resume();
    });
    expect(failure).toBeInstanceOf(PortForwardError);
    expect((failure as Error).message).toMatch(new RegExp(`^port-forward to kubeflow/${pod!.metadata.name}:7000 failed: .*no forward found for port 7000`));
  });
});
