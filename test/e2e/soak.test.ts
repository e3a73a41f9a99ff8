/**
 * A soak on the Kubeflow box: 20 concurrent workers, each running train → wait → logs → delete cycles (and every
 * third cycle an Experiment: create → wait → optimal hyperparameters → delete), all through one connection, for
 * `KUBEFLOW_TS_SOAK_SECONDS` (45 s by default, the CI mode; 1800 for the 30-minute soak). Every job and Experiment must
 * be accounted for; the heap (measured after a full GC) must stay flat; closing the connection must leave no socket,
 * timer or handle behind.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { Connection, KatibClient, TrainerClient } from "../../src/index.ts";
import { adminOptions } from "./support/clients.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";

const seconds = Number(process.env.KUBEFLOW_TS_SOAK_SECONDS ?? 45);
const WORKERS = 20;

// A full collection before each heap sample, so that the slope is what stays reachable, not what waits for the GC.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Live handles by kind (sockets, timers, …), from Node's own list. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Least-squares slope of `samples` (x in minutes, y in MiB). */
function slope(samples: { minutes: number; mib: number }[]): number {
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.minutes, 0) / n;
  const my = samples.reduce((s, p) => s + p.mib, 0) / n;
  const num = samples.reduce((s, p) => s + (p.minutes - mx) * (p.mib - my), 0);
  const den = samples.reduce((s, p) => s + (p.minutes - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

describeKubeflow("soak: many cycles through one connection", (env) => {
  test(`${WORKERS} workers for ${seconds}s: every job and Experiment accounted for, a flat heap, nothing left open`, { timeout: (seconds + 240) * 1000 }, async () => {
    const namespace = await createTestNamespace("soak");
    const before = handles();
    const connection = Connection.fromOptions(adminOptions(env, namespace));
    const trainer = new TrainerClient(connection);
    const katib = new KatibClient(connection);
    const tally = { jobs: 0, experiments: 0, logLines: 0 };
    const heap: { minutes: number; mib: number }[] = [];
    const started = Date.now();
    const deadline = started + seconds * 1000;

    async function cycle(worker: number, round: number): Promise<void> {
      const job = await trainer.train({ name: `soak-${worker}-${round}`, trainer: { command: ["torchrun", "train.py"], numNodes: 1 } });
      expect((await trainer.waitForJobStatus(job, { timeoutMs: 120_000 })).status).toBe("Complete");
      for await (const line of trainer.getJobLogs(job)) if (line) tally.logLines += 1;
      await trainer.deleteJob(job);
      tally.jobs += 1;
      if (round % 3 === 2) {
        const experiment = uniqueName(`soak-${worker}`);
        await katib.createExperiment(boxExperiment(experiment, { maxTrialCount: 1, parallelTrialCount: 1 }));
        await katib.waitForExperimentCondition(experiment, { timeoutMs: 120_000 });
        expect(await katib.getOptimalHyperparameters(experiment)).not.toBeNull();
        await katib.deleteExperiment(experiment);
        tally.experiments += 1;
      }
    }
    const sampler = setInterval(() => {
      collectGarbage();
      heap.push({ minutes: (Date.now() - started) / 60_000, mib: process.memoryUsage().heapUsed / 2 ** 20 });
    }, 2_000);
    try {
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          for (let round = 0; Date.now() < deadline; round++) await cycle(worker, round);
        }),
      );
    } finally {
      clearInterval(sampler);
    }

    // Everything created was deleted: nothing of ours is left (the garbage collector removes what hangs below).
    expect(tally.jobs).toBeGreaterThanOrEqual(WORKERS);
    expect(tally.logLines).toBeGreaterThanOrEqual(tally.jobs);
    await expect.poll(async () => (await trainer.listJobs()).length, { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await katib.listExperiments()).length, { timeout: 30_000 }).toBe(0);

    // The heap after the first third (warm-up: JIT, pools, caches) does not grow.
    const steady = heap.filter((sample) => sample.minutes >= seconds / 180);
    const growth = slope(steady);
    expect(steady.length).toBeGreaterThanOrEqual(5);
    expect(growth, `heap slope ${growth.toFixed(2)} MiB/min over ${steady.length} samples`).toBeLessThan(2);

    // Closing the one connection releases every socket and timer it held: no more of either than before it opened.
    await connection.close();
    for (const kind of ["TCPSocketWrap", "Timeout"]) {
      await expect.poll(() => handles()[kind] ?? 0, { timeout: 10_000, message: kind }).toBeLessThanOrEqual(before[kind] ?? 0);
    }
    console.info(`soak: ${tally.jobs} TrainJobs and ${tally.experiments} Experiments in ${seconds}s by ${WORKERS} workers; heap slope ${growth.toFixed(2)} MiB/min`);
  });
});
