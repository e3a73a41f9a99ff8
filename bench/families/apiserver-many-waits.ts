/**
 * Many concurrent waits in one process (issue 19's shared watches): N waits on N Experiments of one namespace, then
 * the statuses set one by one. Per implementation, in its own waiter process: the watches the API server holds for
 * them (its `apiserver_longrunning_requests` gauge), the latency from each patch's response to its wait's resolve,
 * the waiter's RSS growth over its idle RSS, and the requests the API server served for them (`apiserver_request_total`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ManyWaitsArgs } from "../children/many-waits-node.ts";
import { loadMetricsText, servedBetween, toResourceRequests, type ResourceRequests } from "../lib/apiserver-metrics.ts";
import { createExperiments, deleteNamespace, ensureNamespace, experimentPath } from "../lib/bench-namespace.ts";
import type { ClusterHandle } from "../lib/cluster.ts";
import { writeClusterFiles } from "../lib/cluster-files.ts";
import type { BenchContext } from "../lib/context.ts";
import { attempt, emptyOutcome, type Family, type FamilyOutcome } from "../lib/family.ts";
import { startHelper, type Helper } from "../lib/long-running.ts";
import { createMessageHub, type MessageHub } from "../lib/message-hub.ts";
import { clientNodeEntry } from "../lib/node-deps.ts";
import { benchDir } from "../lib/paths.ts";
import { CLIENT_NODE_VERSION, KATIB_SDK_VERSION } from "../lib/pins.ts";
import { row, valueGoal, type Goal, type Row } from "../lib/result.ts";
import { percentile } from "../lib/stats.ts";

const NAMESPACE_PREFIX = "kfts-bench-many";
const epochNow = (): number => performance.timeOrigin + performance.now();
const MiB = 1024 * 1024;

/** One implementation's waiter process. */
interface Waiter {
  id: string;
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** How long after every wait started before the first patch (Python's threads must each have polled once). */
  settleMs: number;
  note?: string;
}

/** What one implementation's run measured. */
interface Measured {
  watches: number;
  latencies: number[];
  failed: number;
  rssGrowthMiB: number;
  idleRssMiB: number;
  served: Record<string, number>;
}

/** The resident set of a process, from /proc (Linux), in bytes; undefined once it has exited. */
function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every 50 ms until stopped; reports the peak. */
function watchRss(pid: number): { peak: () => number; stop: () => void } {
  let peak = rssOf(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid) ?? 0);
  }, 50);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

async function resourceRequests(cluster: ClusterHandle): Promise<ResourceRequests> {
  return toResourceRequests(await loadMetricsText(cluster), "kubeflow.org", "experiments");
}

/** Marks the Experiment Succeeded through the status subresource; returns when answered (epoch ms). */
async function succeed(cluster: ClusterHandle, namespace: string, name: string): Promise<number> {
  const time = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const condition = { type: "Succeeded", status: "True", reason: "ExperimentGoalReached", message: "set by the bench", lastUpdateTime: time, lastTransitionTime: time };
  const r = await cluster.admin.send("PATCH", `${experimentPath(namespace, name)}/status`, { status: { conditions: [condition], completionTime: time } }, "application/merge-patch+json");
  const answeredAt = epochNow();
  if (r.status !== 200) throw new Error(`patch status of ${name}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return answeredAt;
}

/** Runs one waiter over `names` (Experiments of `namespace`): arms every wait, then patches them one by one. */
async function measureWaiter(cluster: ClusterHandle, waiter: Waiter, namespace: string, names: string[], log: (line: string) => void): Promise<Measured> {
  const helper: Helper<unknown> = await startHelper(waiter.command, waiter.args, { env: waiter.env, readyMs: 60_000, lifetimeMs: 15 * 60_000 });
  const pid = helper.child.pid as number;
  try {
    const hub: MessageHub = createMessageHub(helper.lines);
    await sleep(1_000);
    const idle = rssOf(pid) ?? 0;
    const rss = watchRss(pid);
    const before = await resourceRequests(cluster);
    for (const name of names) helper.child.stdin.write(`${name}\n`);
    for (const name of names) await hub.next("started", name, 60_000);
    await sleep(waiter.settleMs);
    const watches = (await resourceRequests(cluster)).watchesOpen - before.watchesOpen;
    log(`  ${waiter.id}: ${names.length} waits armed, ${watches} watch(es) on the apiserver; patching one by one`);
    const patchedAt = new Map<string, number>();
    const resolved = names.map((name) => hub.next("resolved", name, 240_000));
    for (const name of names) patchedAt.set(name, await succeed(cluster, namespace, name));
    const latencies: number[] = [];
    let failed = 0;
    for (const [i, message] of (await Promise.allSettled(resolved)).entries()) {
      const at = message.status === "fulfilled" ? message.value.at : undefined;
      if (at === undefined) failed += 1;
      else latencies.push(at - (patchedAt.get(names[i] as string) as number));
    }
    rss.stop();
    await helper.stop();
    await sleep(1_000); // watches are counted by apiserver_request_total when they close
    const served = servedBetween(before, await resourceRequests(cluster));
    return { watches, latencies, failed, rssGrowthMiB: (rss.peak() - idle) / MiB, idleRssMiB: idle / MiB, served };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; waiter stderr: ${helper.stderr().slice(-600)}`);
  } finally {
    await helper.stop();
  }
}

function rowsOf(waiter: Waiter, n: number, m: Measured): Row[] {
  const p = (q: number): string => (m.latencies.length ? percentile(m.latencies, q).toFixed(1) : "");
  const requests = Object.values(m.served).reduce((a, b) => a + b, 0);
  const note: Record<string, string> = waiter.note ? { note: waiter.note } : {};
  return [
    row(`watches on the apiserver, ${n} waits`, waiter.name, "watches", "lower", [m.watches], note),
    row(`latency after each patch, ${n} waits (median = p50)`, waiter.name, "ms", "lower", m.latencies, { "p50 (ms)": p(50), "p99 (ms)": p(99), "max (ms)": p(100), failed: m.failed }),
    row(`RSS growth over idle, ${n} waits`, waiter.name, "MiB", "lower", [m.rssGrowthMiB], { "idle RSS (MiB)": m.idleRssMiB.toFixed(1) }),
    row(`apiserver requests on experiments, ${n} waits`, waiter.name, "requests", "lower", [requests], Object.fromEntries(Object.entries(m.served).map(([verb, count]) => [verb, count]))),
  ];
}

async function waiters(ctx: BenchContext, outcome: FamilyOutcome, cluster: ClusterHandle, n: number): Promise<Waiter[]> {
  const files = await writeClusterFiles(cluster, ctx.work);
  const kubeflowTs = await ctx.kubeflowTs();
  outcome.notes.push(`kubeflow-ts was loaded from ${kubeflowTs.from}.`);
  const node = (impl: ManyWaitsArgs["impl"], name: string, extra: Partial<ManyWaitsArgs> = {}): Waiter => {
    const args: ManyWaitsArgs = { impl, server: cluster.connection.server, caFile: files.caFile, token: cluster.connection.token, namespace: `${NAMESPACE_PREFIX}-${impl}`, timeoutMs: 240_000, kubeflowTsUrl: kubeflowTs.url, ...extra };
    return { id: impl, name, command: process.execPath, args: [join(benchDir, "children", "many-waits-node.ts")], env: { ...process.env, BENCH_ARGS: JSON.stringify(args) }, settleMs: 2_000 };
  };
  const result = [node("kubeflow-ts", "kubeflow-ts waitForExperimentCondition (shared informer)")];
  const deps = await attempt(outcome, `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, () => ctx.clientNode());
  if (deps) result.push(node("client-node", `@kubernetes/client-node ${CLIENT_NODE_VERSION} makeInformer, one per namespace`, { clientNodeEntry: clientNodeEntry(deps) }));
  const python = await attempt(outcome, `Python SDK kubeflow-katib==${KATIB_SDK_VERSION}`, () => ctx.katibPython());
  if (python) {
    result.push({
      id: "python",
      name: `Python KatibClient ${KATIB_SDK_VERSION} wait_for_experiment_condition, ${n} threads (polling_interval=1 s)`,
      command: python,
      args: [join(benchDir, "children", "wait_katib.py"), files.kubeconfig, `${NAMESPACE_PREFIX}-python`, "1"],
      env: process.env,
      settleMs: 5_000,
      note: `one thread per wait (${n}), each polling with GET every second`,
    });
  }
  return result;
}

async function measure(ctx: BenchContext, outcome: FamilyOutcome): Promise<void> {
  const cluster = await ctx.cluster();
  const n = ctx.quick ? 100 : 1_000;
  const names = Array.from({ length: n }, (_, i) => `exp-${String(i).padStart(5, "0")}`);
  for (const waiter of await waiters(ctx, outcome, cluster, n)) {
    const namespace = `${NAMESPACE_PREFIX}-${waiter.id}`;
    await attempt(outcome, waiter.name, async () => {
      await deleteNamespace(cluster.admin, namespace); // a fresh one: no Experiment already Succeeded
      await ensureNamespace(cluster.admin, namespace);
      try {
        ctx.log(`  ${waiter.id}: creating ${n} Experiments`);
        await createExperiments(cluster.admin, namespace, n, 8);
        const measured = await measureWaiter(cluster, waiter, namespace, names, ctx.log);
        const rows = rowsOf(waiter, n, measured);
        outcome.rows.push(...rows);
        if (waiter.id === "kubeflow-ts") outcome.goals.push(...goalsOf(n, rows, measured));
      } finally {
        await deleteNamespace(cluster.admin, namespace);
      }
    });
  }
}

function goalsOf(n: number, rows: Row[], m: Measured): Goal[] {
  const [watches, latency, rss] = rows;
  const p99 = m.latencies.length ? percentile(m.latencies, 99) : Number.NaN;
  return [
    valueGoal(`kubeflow-ts: ≤ 1 watch on the apiserver per (kind, namespace), ${n} waits`, watches, "<=", 1, (x) => `${x} watch(es)`),
    valueGoal(`kubeflow-ts: p50 latency after the status change < 100 ms, ${n} waits`, latency, "<", 100, (x) => `p50 ${x.toFixed(1)} ms`),
    { goal: `kubeflow-ts: p99 latency after the status change < 500 ms, ${n} waits`, measured: Number.isFinite(p99) ? `p99 ${p99.toFixed(1)} ms (${(p99 / 500).toFixed(2)}× the limit)` : "not measured", met: Number.isFinite(p99) ? p99 < 500 && m.failed === 0 : null },
    valueGoal(`kubeflow-ts: RSS growth ≤ 50 MiB over idle, ${n} waits`, rss, "<=", 50, (x) => `${x.toFixed(1)} MiB`),
  ];
}

export const apiserverManyWaits: Family = {
  id: "apiserver-many-waits",
  title: "Many concurrent waits in one process (real local API server)",
  method:
    "N concurrent waits (1,000; 100 in a smoke run) for the Succeeded condition of N Experiments in one namespace, in one waiter process per implementation; once every wait has started, this process sets the statuses one by one (merge patch of the status subresource). " +
    "Watches = the API server's apiserver_longrunning_requests{verb=WATCH, resource=experiments, scope=namespace} while the waits are armed, minus before. Latency = the waiter's resolve time − the patch's response time (epoch ms, one machine). " +
    "RSS growth = the waiter's peak RSS (/proc, sampled every 50 ms) during the run − its RSS when idle (client made, connected, no wait). Requests = the API server's apiserver_request_total for experiments (no subresource) over the run, by verb. " +
    "kubeflow-ts: waitForExperimentCondition per name (shared informer); client-node: one makeInformer per namespace with a waiter map, as its users write it; Python SDK: one thread per wait, polling_interval=1 s.",
  async run(ctx) {
    const outcome = emptyOutcome();
    await attempt(outcome, "many waits", () => measure(ctx, outcome));
    if (!outcome.goals.some((g) => g.goal.startsWith("kubeflow-ts: ≤ 1 watch"))) outcome.goals.push(valueGoal("kubeflow-ts: ≤ 1 watch on the apiserver per (kind, namespace)", undefined, "<=", 1, String));
    return outcome;
  },
};
