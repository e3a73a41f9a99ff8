/**
 * Wait latency on the real local API server: how long after a status change a waiter notices it. A waiter (its own
 * process) waits for an Experiment's Succeeded condition; the writer (this process) patches the status subresource;
 * latency = the waiter's resolve time − the writer's patch response time (both epoch clocks of one machine).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { createExperiments, deleteNamespace, ensureNamespace, experimentPath } from "../lib/bench-namespace.ts";
import type { ClusterHandle } from "../lib/cluster.ts";
import { writeClusterFiles } from "../lib/cluster-files.ts";
import { syntheticExperiment } from "../lib/fixtures.ts";
import { attempt, emptyOutcome, type Family, type FamilyOutcome } from "../lib/family.ts";
import { startHelper, type Helper } from "../lib/long-running.ts";
import { createMessageHub, type MessageHub } from "../lib/message-hub.ts";
import { benchDir } from "../lib/paths.ts";
import { KATIB_SDK_VERSION } from "../lib/pins.ts";
import { row, valueGoal, type Row } from "../lib/result.ts";
import { percentile } from "../lib/stats.ts";
import type { WaitArgs } from "../children/wait-node.ts";

/**
 * The Python SDK's rows: wait_for_experiment_condition as users call it (the default `polling_interval`, 15 s, not
 * passed) and with `polling_interval=1` (the smallest value its `int` annotation allows).
 */
const PYTHON_POLLS: readonly { pollMs: number; arg?: string; label: string }[] = [
  { pollMs: 15_000, label: "polls every 15 s, the default polling_interval" },
  { pollMs: 1_000, arg: "1", label: "polling_interval=1 s" },
];
const NAMESPACE = "kfts-bench-wait";

const epochNow = (): number => performance.timeOrigin + performance.now();

async function create(cluster: ClusterHandle, name: string): Promise<void> {
  const r = await cluster.admin.send("POST", `/apis/kubeflow.org/v1beta1/namespaces/${NAMESPACE}/experiments`, syntheticExperiment(name, NAMESPACE));
  if (r.status !== 201) throw new Error(`create ${name}: HTTP ${r.status}`);
}

/** Marks the Experiment Succeeded through the status subresource, as the Katib controller would; returns when answered. */
async function succeed(cluster: ClusterHandle, name: string): Promise<number> {
  const time = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const condition = { type: "Succeeded", status: "True", reason: "ExperimentGoalReached", message: "set by the bench", lastUpdateTime: time, lastTransitionTime: time };
  const r = await cluster.admin.send("PATCH", `${experimentPath(NAMESPACE, name)}/status`, { status: { conditions: [condition], completionTime: time } }, "application/merge-patch+json");
  const answeredAt = epochNow();
  if (r.status !== 200) throw new Error(`patch status of ${name}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return answeredAt;
}

function latencyOf(message: { at?: number; failed?: string; error?: string }, patchedAt: number): number {
  if (message.failed !== undefined || message.at === undefined) throw new Error(`the wait for ${message.failed} failed: ${message.error}`);
  return message.at - patchedAt;
}

/** kubeflow-ts: one wait at a time; the patch comes once the watch has had time to open. */
async function sampleKubeflowTs(cluster: ClusterHandle, hub: MessageHub, helper: Helper<unknown>, samples: number, run: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const name = `wait-kfts-${run}-${i}`;
    await create(cluster, name);
    helper.child.stdin.write(`${name}\n`);
    await hub.next("started", name, 10_000);
    await sleep(400);
    const patchedAt = await succeed(cluster, name);
    latencies.push(latencyOf(await hub.next("resolved", name, 30_000), patchedAt));
  }
  return latencies;
}

/**
 * Python SDK: it polls every `pollMs` (15 s by default), so one wait at a time would take minutes. All waits start
 * together (their polls are in phase) and the patches are spread evenly over one polling interval, which samples the
 * phase uniformly.
 */
async function samplePython(cluster: ClusterHandle, hub: MessageHub, helper: Helper<unknown>, samples: number, run: string, pollMs: number): Promise<number[]> {
  const names = Array.from({ length: samples }, (_, i) => `wait-py${pollMs / 1000}s-${run}-${i}`);
  for (const name of names) await create(cluster, name);
  for (const name of names) helper.child.stdin.write(`${name}\n`);
  for (const name of names) await hub.next("started", name, 30_000);
  // Let every thread finish its first poll (which sees no condition) before the first patch.
  await sleep(2_000);
  const start = epochNow();
  const patched: number[] = [];
  for (const [i, name] of names.entries()) {
    const due = start + (i * pollMs) / samples;
    await sleep(Math.max(0, due - epochNow()));
    patched.push(await succeed(cluster, name));
  }
  const latencies: number[] = [];
  for (const [i, name] of names.entries()) latencies.push(latencyOf(await hub.next("resolved", name, pollMs * 2 + 30_000), patched[i] as number));
  return latencies;
}

async function withWaiter(command: string, args: string[], env: NodeJS.ProcessEnv, use: (helper: Helper<unknown>, hub: MessageHub) => Promise<number[]>): Promise<number[]> {
  const helper = await startHelper<unknown>(command, args, { env, readyMs: 60_000, lifetimeMs: 10 * 60_000 });
  try {
    return await use(helper, createMessageHub(helper.lines));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; waiter stderr: ${helper.stderr().slice(-600)}`);
  } finally {
    await helper.stop();
  }
}

function latencyRow(name: string, samples: number[]): Row {
  const p = (q: number): string => (samples.length ? percentile(samples, q).toFixed(1) : "");
  return row("wait latency: resolve − patch response", name, "ms", "lower", samples, { "p50 (ms)": p(50), "p90 (ms)": p(90) });
}

async function measure(ctx: BenchContext, outcome: FamilyOutcome): Promise<void> {
  const cluster = await ctx.cluster();
  const samples = ctx.quick ? 3 : 20;
  const run = Date.now().toString(36);
  await ensureNamespace(cluster.admin, NAMESPACE);
  try {
    const files = await writeClusterFiles(cluster, ctx.work);
    const kubeflowTs = await ctx.kubeflowTs();
    outcome.notes.push(`kubeflow-ts was loaded from ${kubeflowTs.from}.`);
    // A throwaway create, so the first measured sample does not pay for the namespace's first write.
    await createExperiments(cluster.admin, NAMESPACE, 1, 1);
    const waitArgs: WaitArgs = { server: cluster.connection.server, caFile: files.caFile, token: cluster.connection.token, namespace: NAMESPACE, kubeflowTsUrl: kubeflowTs.url };
    const env = { ...process.env, BENCH_ARGS: JSON.stringify(waitArgs) };
    const ours = await withWaiter(process.execPath, [join(benchDir, "children", "wait-node.ts")], env, (helper, hub) => sampleKubeflowTs(cluster, hub, helper, samples, run));
    const oursRow = latencyRow("kubeflow-ts waitForExperimentCondition (watch)", ours);
    outcome.rows.push(oursRow);
    outcome.goals.push(valueGoal("kubeflow-ts wait latency p50 < 100 ms", oursRow, "<", 100, (x) => `p50 ${x.toFixed(1)} ms, p90 ${percentile(ours, 90).toFixed(1)} ms`));
    const python = await attempt(outcome, `Python SDK kubeflow-katib==${KATIB_SDK_VERSION}`, () => ctx.katibPython());
    for (const poll of PYTHON_POLLS) {
      if (python === undefined) break;
      const name = `Python KatibClient ${KATIB_SDK_VERSION} wait_for_experiment_condition (${poll.label})`;
      await attempt(outcome, name, async () => {
        const argv = [join(benchDir, "children", "wait_katib.py"), files.kubeconfig, NAMESPACE, ...(poll.arg === undefined ? [] : [poll.arg])];
        const theirs = await withWaiter(python, argv, process.env, (helper, hub) => samplePython(cluster, hub, helper, samples, run, poll.pollMs));
        const theirsRow = latencyRow(name, theirs);
        outcome.rows.push(theirsRow);
        // No ratio column: kubeflow-ts's latency is ~0 (the watch event and the patch response leave the apiserver
        // together), and a ratio to ~0, sometimes negative, reads as noise. The p50/p90 columns say it.
        if (poll.arg === undefined) theirsRow.reference = true;
      });
    }
  } finally {
    await deleteNamespace(cluster.admin, NAMESPACE);
  }
}

export const apiserverWait: Family = {
  id: "apiserver-wait",
  title: "Wait latency after a status change (real local API server)",
  method:
    "A waiter process waits for an Experiment's Succeeded condition; this process (the writer) then sets it with a merge patch of the status subresource, as the Katib controller would. " +
    "Latency = the waiter's resolve time − the writer's patch response time, both epoch milliseconds on one machine (so a value can be slightly negative). " +
    "kubeflow-ts: one wait at a time (get, then watch), the patch 400 ms after the wait starts. Python SDK, twice: as users call it (default polling_interval = 15 s) and with polling_interval=1 (seconds, the smallest its int annotation allows), each in its own waiter process: all waits start together and the patches are spread evenly over one interval. " +
    "20 waits per row; there is no ratio column (kubeflow-ts's latency is ~0). " +
    "Row median = p50; p90 in its column.",
  async run(ctx) {
    const outcome = emptyOutcome();
    await attempt(outcome, "wait latency", () => measure(ctx, outcome));
    if (!outcome.goals.some((g) => g.goal.startsWith("kubeflow-ts wait latency"))) outcome.goals.push(valueGoal("kubeflow-ts wait latency p50 < 100 ms", undefined, "<", 100, String));
    return outcome;
  },
};
