/**
 * Shared watches on the real apiserver: 200 concurrent waitForExperimentCondition calls in one namespace hold one
 * watch, as the apiserver itself counts them (`apiserver_longrunning_requests{verb="WATCH",resource="experiments",
 * scope="namespace"}` on /metrics), and each wait resolves after its own Experiment's status is patched. When the
 * waits are done the watch is gone again.
 */
import { expect, test } from "vitest";
import type { V1beta1Experiment } from "../../src/index.ts";
import { adminOptions, katibClient } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { assertStatus, kubeRequest } from "./support/kube-request.ts";
import { createTestNamespace } from "./support/namespaces.ts";

const WAITS = 200;

/** The watches on namespaced Experiments the apiserver holds open now, from its own metric. */
async function experimentWatches(): Promise<number> {
  const response = await kubeRequest<string>("GET", "/metrics");
  assertStatus(response, [200], "GET /metrics");
  let sum = 0;
  for (const line of String(response.body).split("\n")) {
    if (!line.startsWith("apiserver_longrunning_requests{")) continue;
    const labels = line.slice(line.indexOf("{") + 1, line.lastIndexOf("}"));
    if (labels.includes('verb="WATCH"') && labels.includes('resource="experiments"') && labels.includes('scope="namespace"')) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describeE2e("shared watches", (env) => {
  test(`${WAITS} concurrent waits in one namespace open one watch on the apiserver, and each resolves on its own status patch`, { timeout: 180_000 }, async () => {
    const namespace = await createTestNamespace("shared");
    const katib = katibClient(adminOptions(env, namespace));
    const names = Array.from({ length: WAITS }, (_, i) => `wait-${i}`);
    const collection = `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/experiments`;
    await inBatches(names, 20, async (name) => assertStatus(await kubeRequest("POST", collection, { body: boxExperiment(name, { idle: true }) }), [201], `create ${name}`));

    const before = await experimentWatches();
    const resolved = new Map<string, V1beta1Experiment>();
    const waits = names.map((name) => katib.waitForExperimentCondition(name, { timeoutMs: 150_000 }).then((experiment) => resolved.set(name, experiment)));
    await expect.poll(() => katib.connection.informers.size, { timeout: 30_000 }).toBe(1);
    // Other test files may open and close their own watches meanwhile: the poll waits for a quiet moment.
    await expect.poll(async () => (await experimentWatches()) - before, { timeout: 30_000, interval: 200 }).toBe(1);

    const time = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const status = { status: { conditions: [{ type: "Succeeded", status: "True", reason: "ExperimentGoalReached", message: "set by the test", lastUpdateTime: time, lastTransitionTime: time }], completionTime: time } };
    const patch = async (name: string) => assertStatus(await kubeRequest("PATCH", `${collection}/${name}/status`, { body: status, contentType: "application/merge-patch+json" }), [200], `patch ${name}`);
    // The first half one by one: no other wait resolves with them.
    for (const name of names.slice(0, WAITS / 2)) await patch(name);
    await expect.poll(() => resolved.size, { timeout: 30_000 }).toBe(WAITS / 2);
    expect(names.slice(WAITS / 2).some((name) => resolved.has(name))).toBe(false);
    expect((await experimentWatches()) - before).toBeLessThanOrEqual(1);
    await inBatches(names.slice(WAITS / 2), 20, patch);
    await Promise.all(waits);
    expect([...resolved.values()].every((experiment) => experiment.status?.conditions?.some((c) => c.type === "Succeeded" && c.status === "True"))).toBe(true);
    // The last wait's release ended the watch.
    expect(katib.connection.informers.size).toBe(0);
    await expect.poll(async () => (await experimentWatches()) - before, { timeout: 30_000, interval: 200 }).toBe(0);
  });
});
