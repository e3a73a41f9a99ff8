/**
 * LIST of many Experiments on the real local kube-apiserver: each implementation lists the whole namespace once in
 * a fresh process, which reports the list time and its peak RSS.
 */
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { countExperiments, createExperiments, deleteNamespace, ensureNamespace } from "../lib/bench-namespace.ts";
import { writeClusterFiles } from "../lib/cluster-files.ts";
import { attempt, emptyOutcome, rotate, type Family, type FamilyOutcome } from "../lib/family.ts";
import { clientNodeEntry } from "../lib/node-deps.ts";
import { benchDir } from "../lib/paths.ts";
import { CLIENT_NODE_VERSION, KATIB_SDK_VERSION } from "../lib/pins.ts";
import { row, setReference } from "../lib/result.ts";
import { describeFailure, lastJsonLine, runCommand } from "../lib/run-command.ts";
import type { ListArgs } from "../children/list-node.ts";

const PAGE_SIZE = 500;

interface Lister {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

async function listers(ctx: BenchContext, outcome: FamilyOutcome, base: Omit<ListArgs, "impl">, kubeconfig: string): Promise<Lister[]> {
  const node = (impl: ListArgs["impl"], name: string, extra: Partial<ListArgs> = {}): Lister => ({
    name,
    command: process.execPath,
    args: [join(benchDir, "children", "list-node.ts")],
    env: { ...process.env, BENCH_ARGS: JSON.stringify({ ...base, ...extra, impl }) },
  });
  const result = [
    node("kubeflow-ts", `kubeflow-ts listExperiments (${PAGE_SIZE}/page)`),
    node("kubeflow-ts-one-page", "kubeflow-ts experiments.list, one page"),
    node("undici-dispatch", "raw undici dispatch, one call (limit)"),
  ];
  const deps = await attempt(outcome, `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, () => ctx.clientNode());
  if (deps) {
    const entry = { clientNodeEntry: clientNodeEntry(deps) };
    result.push(node("client-node", `@kubernetes/client-node ${CLIENT_NODE_VERSION}, one call`, entry));
    result.push(node("client-node-paginated", `@kubernetes/client-node ${CLIENT_NODE_VERSION}, ${PAGE_SIZE}/page`, entry));
  }
  const python = await attempt(outcome, `Python SDK kubeflow-katib==${KATIB_SDK_VERSION}`, () => ctx.katibPython());
  if (python) result.push({ name: `Python KatibClient ${KATIB_SDK_VERSION} list_experiments`, command: python, args: [join(benchDir, "children", "list_katib.py"), kubeconfig, base.namespace] });
  return result;
}

async function measure(ctx: BenchContext, outcome: FamilyOutcome, count: number): Promise<void> {
  const cluster = await ctx.cluster();
  const namespace = `kfts-bench-list-${count}`;
  await ensureNamespace(cluster.admin, namespace);
  try {
    const have = await countExperiments(cluster.admin, namespace);
    if (have < count) {
      const t0 = performance.now();
      await createExperiments(cluster.admin, namespace, count, 16);
      ctx.log(`  created ${count - have} Experiments in ${namespace} in ${((performance.now() - t0) / 1000).toFixed(1)} s (16 at a time)`);
    }
    const files = await writeClusterFiles(cluster, ctx.work);
    const kubeflowTs = await ctx.kubeflowTs();
    outcome.notes.push(`kubeflow-ts was loaded from ${kubeflowTs.from}.`);
    const base = { server: cluster.connection.server, caFile: files.caFile, token: cluster.connection.token, namespace, pageSize: PAGE_SIZE, oneCallLimit: count, kubeflowTsUrl: kubeflowTs.url };
    const all = await listers(ctx, outcome, base, files.kubeconfig);
    // Every ratio is paired by round: at least 7 rounds in a full run.
    const rounds = ctx.quick ? 1 : 7;
    const times = new Map<string, number[]>();
    const rss = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const lister of rotate(all, round)) {
        const result = await runCommand(lister.command, lister.args, { env: lister.env ?? process.env, timeoutMs: 300_000 });
        if (result.code !== 0) {
          // One implementation failing (e.g. the Python SDK) must not hide the others.
          outcome.skipped.push({ what: lister.name, reason: describeFailure(lister.name, [], result).slice(0, 600) });
          all.splice(all.indexOf(lister), 1);
          continue;
        }
        const r = lastJsonLine<{ items: number; listMs: number; maxRssKiB: number }>(result.stdout);
        if (r.items !== count) throw new Error(`${lister.name} listed ${r.items} Experiments, expected ${count}`);
        times.set(lister.name, [...(times.get(lister.name) ?? []), r.listMs]);
        rss.set(lister.name, [...(rss.get(lister.name) ?? []), r.maxRssKiB / 1024]);
      }
      ctx.log(`  round ${round + 1}/${rounds} done`);
    }
    const listed = [...times.keys()];
    const timeRows = listed.map((name) => row(`LIST ${count} Experiments: time in the child`, name, "ms", "lower", times.get(name) ?? []));
    const rssRows = listed.map((name) => row(`LIST ${count} Experiments: peak RSS of the child process`, name, "MiB", "lower", rss.get(name) ?? []));
    outcome.rows.push(...timeRows, ...rssRows);
    const reference = (name: string): boolean => name.includes("client-node") && name.endsWith("one call");
    const timeRef = timeRows.find((r) => reference(r.name));
    const rssRef = rssRows.find((r) => reference(r.name));
    if (timeRef) setReference(outcome.rows, timeRef);
    if (rssRef) setReference(outcome.rows, rssRef);
  } finally {
    await deleteNamespace(cluster.admin, namespace);
  }
}

export const apiserverList: Family = {
  id: "apiserver-list",
  title: "LIST Experiments on the real local API server",
  method:
    "On the local kube-apiserver (test/controlplane; reused when running, else started for the run), a dedicated namespace is filled with synthetic Experiments (~1.5 KB each, created 16 at a time). " +
    "Each implementation lists the whole namespace in a fresh process that reports the time of the list call (imports and client set-up excluded) and its own peak RSS (process.resourceUsage / getrusage). " +
    "The raw undici limit row calls `Agent.dispatch()` with a minimal handler (body chunks collected, one JSON.parse at the end). 7 rounds, the implementations taking turns; ratios are paired by round. " +
    "The paginated rows make one request per 500 objects (10 for 5,000), the one-call rows a single request: compare within each kind. The namespace is emptied and deleted afterwards.",
  async run(ctx) {
    const outcome = emptyOutcome();
    const count = ctx.quick ? 500 : 5_000;
    await attempt(outcome, `LIST ${count} Experiments`, () => measure(ctx, outcome, count));
    if (ctx.quick) outcome.notes.push(`Smoke run: ${count} Experiments instead of 5,000.`);
    return outcome;
  },
};
