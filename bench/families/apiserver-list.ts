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
import { ratioGoal, ratioInfo, row, setReference, type Goal, type Row } from "../lib/result.ts";
import { describeFailure, lastJsonLine, runCommand } from "../lib/run-command.ts";
import type { ListArgs } from "../children/list-node.ts";

const PAGE_SIZE = 500;
/** Above this many Experiments the Python SDK is not run: it deserializes every item into models (minutes at 50,000). */
const PYTHON_MAX_COUNT = 5_000;
/** V8's young generation capped for one row (MiB per semi-space), as an application can with NODE_OPTIONS. */
const SEMI_SPACE_MIB = 4;

/** Row names, shared by the rows and the goals. */
const ROWS = {
  kftsPaginated: `kubeflow-ts listExperiments (${PAGE_SIZE}/page)`,
  kftsOnePage: "kubeflow-ts experiments.list, one page",
  kftsPages: `kubeflow-ts experiments.listPages (${PAGE_SIZE}/page), each page dropped`,
  kftsPagesCapped: `kubeflow-ts experiments.listPages (${PAGE_SIZE}/page), each page dropped, node --max-semi-space-size=${SEMI_SPACE_MIB}`,
  rawOneCall: "raw undici dispatch, one call, gzip (limit)",
  rawPaginated: `raw undici dispatch, ${PAGE_SIZE}/page, gzip (limit)`,
  rawPages: `raw undici dispatch, ${PAGE_SIZE}/page, gzip, each page dropped (limit)`,
  rawIdentity: "raw undici dispatch, one call, no compression",
  parseOnly: `no client, no network: ${PAGE_SIZE}-object pages gunzipped and parsed from memory, each dropped (floor)`,
  clientNode: `@kubernetes/client-node ${CLIENT_NODE_VERSION}, one call`,
  clientNodePaginated: `@kubernetes/client-node ${CLIENT_NODE_VERSION}, ${PAGE_SIZE}/page`,
} as const;

interface Lister {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

async function listers(ctx: BenchContext, outcome: FamilyOutcome, base: Omit<ListArgs, "impl">, kubeconfig: string, count: number): Promise<Lister[]> {
  const node = (impl: ListArgs["impl"], name: string, extra: Partial<ListArgs> = {}, nodeFlags: string[] = []): Lister => ({
    name,
    command: process.execPath,
    args: [...nodeFlags, join(benchDir, "children", "list-node.ts")],
    env: { ...process.env, BENCH_ARGS: JSON.stringify({ ...base, ...extra, impl }) },
  });
  const result = [
    node("kubeflow-ts", ROWS.kftsPaginated),
    node("kubeflow-ts-one-page", ROWS.kftsOnePage),
    node("kubeflow-ts-pages", ROWS.kftsPages),
    node("kubeflow-ts-pages", ROWS.kftsPagesCapped, {}, [`--max-semi-space-size=${SEMI_SPACE_MIB}`]),
    node("undici-dispatch-gzip", ROWS.rawOneCall),
    node("undici-dispatch-gzip-paginated", ROWS.rawPaginated),
    node("undici-dispatch-gzip-pages", ROWS.rawPages),
    node("undici-dispatch", ROWS.rawIdentity),
    { name: ROWS.parseOnly, command: process.execPath, args: [join(benchDir, "children", "parse-pages.ts"), String(count), String(base.pageSize)] },
  ];
  const deps = await attempt(outcome, `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, () => ctx.clientNode());
  if (deps) {
    const entry = { clientNodeEntry: clientNodeEntry(deps) };
    result.push(node("client-node", ROWS.clientNode, entry));
    result.push(node("client-node-paginated", ROWS.clientNodePaginated, entry));
  }
  if (count > PYTHON_MAX_COUNT) {
    outcome.notes.push(`The Python SDK is not run on ${count.toLocaleString("en")} Experiments: it turns every item into a model object, which takes minutes a round at that size.`);
    return result;
  }
  const python = await attempt(outcome, `Python SDK kubeflow-katib==${KATIB_SDK_VERSION}`, () => ctx.katibPython());
  if (python) result.push({ name: `Python KatibClient ${KATIB_SDK_VERSION} list_experiments`, command: python, args: [join(benchDir, "children", "list_katib.py"), kubeconfig, base.namespace] });
  return result;
}

/** The time and peak RSS rows of one size; the RSS rows by name, for the flat-memory goal across sizes. */
interface SizeResult {
  count: number;
  rss: Map<string, Row>;
}

async function measure(ctx: BenchContext, outcome: FamilyOutcome, count: number): Promise<SizeResult> {
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
    const from = `kubeflow-ts was loaded from ${kubeflowTs.from}.`;
    if (!outcome.notes.includes(from)) outcome.notes.push(from);
    const base = { server: cluster.connection.server, caFile: files.caFile, token: cluster.connection.token, namespace, pageSize: PAGE_SIZE, oneCallLimit: count, kubeflowTsUrl: kubeflowTs.url };
    const all = await listers(ctx, outcome, base, files.kubeconfig, count);
    // Every ratio is paired by round: at least 7 rounds in a full run.
    const rounds = ctx.quick ? 1 : 7;
    const times = new Map<string, number[]>();
    const rss = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const lister of rotate(all, round)) {
        const result = await runCommand(lister.command, lister.args, { env: lister.env ?? process.env, timeoutMs: 300_000 });
        if (result.code !== 0) {
          // One implementation failing (e.g. the Python SDK) must not hide the others.
          outcome.skipped.push({ what: `${lister.name} (${count})`, reason: describeFailure(lister.name, [], result).slice(0, 600) });
          all.splice(all.indexOf(lister), 1);
          continue;
        }
        const r = lastJsonLine<{ items: number; listMs: number; maxRssKiB: number }>(result.stdout);
        if (r.items !== count) throw new Error(`${lister.name} listed ${r.items} Experiments, expected ${count}`);
        times.set(lister.name, [...(times.get(lister.name) ?? []), r.listMs]);
        rss.set(lister.name, [...(rss.get(lister.name) ?? []), r.maxRssKiB / 1024]);
      }
      ctx.log(`  ${count}: round ${round + 1}/${rounds} done`);
    }
    const listed = [...times.keys()];
    const timeRows = listed.map((name) => row(`LIST ${count} Experiments: time in the child`, name, "ms", "lower", times.get(name) ?? []));
    const rssRows = listed.map((name) => row(`LIST ${count} Experiments: peak RSS of the child process`, name, "MiB", "lower", rss.get(name) ?? []));
    outcome.rows.push(...timeRows, ...rssRows);
    const timeRef = timeRows.find((r) => r.name === ROWS.clientNode);
    const rssRef = rssRows.find((r) => r.name === ROWS.clientNode);
    if (timeRef) setReference(outcome.rows, timeRef);
    if (rssRef) setReference(outcome.rows, rssRef);
    outcome.goals.push(...listGoals(count, new Map(timeRows.map((r) => [r.name, r]))));
    return { count, rss: new Map(rssRows.map((r) => [r.name, r])) };
  } finally {
    await deleteNamespace(cluster.admin, namespace);
  }
}

/**
 * Every kubeflow-ts row against its like in client-node (one call with one page; pages with pages) and in raw undici
 * (the same, with gzip: the floor of a client on undici).
 */
function listGoals(count: number, rows: Map<string, Row>): Goal[] {
  const n = count.toLocaleString("en");
  const pairs: Array<[string, string, string]> = [
    [ROWS.kftsOnePage, ROWS.clientNode, ROWS.rawOneCall],
    [ROWS.kftsPaginated, ROWS.clientNodePaginated, ROWS.rawPaginated],
    [ROWS.kftsPages, ROWS.clientNodePaginated, ROWS.rawPaginated],
  ];
  return pairs.flatMap(([ours, peer, limit]) => [
    ratioGoal(`LIST ${n}: ${ours} ≤ 1.0× ${peer} (time)`, rows.get(ours), rows.get(peer), "<=", 1.0),
    ratioGoal(`LIST ${n}: ${ours} ≤ 1.1× ${limit} (time)`, rows.get(ours), rows.get(limit), "<=", 1.1),
  ]);
}

export const apiserverList: Family = {
  id: "apiserver-list",
  title: "LIST Experiments on the real local API server",
  method:
    "On the local kube-apiserver (test/controlplane; reused when running, else started for the run), a dedicated namespace is filled with synthetic Experiments (~2 KB each as served, created 16 at a time): 5,000, then 50,000. " +
    "Each implementation lists the whole namespace in a fresh process that reports the time of the list call (imports and client set-up excluded: kubeflow-ts's transport, which it loads on first use, is opened before the clock starts; every row still opens its TLS connection inside the timed call) and its own peak RSS (process.resourceUsage / getrusage). " +
    "The raw undici limit rows call `Agent.dispatch()` with a minimal handler (body chunks collected, one JSON.parse at the end), asking for gzip as kubeflow-ts and client-node (undici's fetch) do, decoded as it arrives; the row without compression shows what gzip is worth. " +
    "The listPages row counts each page and drops it (the streaming iterator: its peak RSS is a page's, not the list's), as does the raw row marked so (its floor). " +
    `The same listPages runs once more under \`node --max-semi-space-size=${SEMI_SPACE_MIB}\`: V8 grows its young generation (up to 64 MiB per semi-space on Node 24) while a process allocates as fast as parsing pages does, and that growth, a runtime setting only the application can change, is what makes a longer listing's peak RSS larger. ` +
    "A floor row with no client and no network parses the same number of pages from memory (one served page, gzipped once, gunzipped and JSON.parsed again for every page, each dropped): whatever it grows by with the count, any JavaScript client that parses pages does too. " +
    "7 rounds, the implementations taking turns; ratios are paired by round. " +
    "The paginated rows make one request per 500 objects (10 for 5,000), the one-call rows a single request: compare within each kind. The Python SDK runs at 5,000 only. The namespace is emptied and deleted afterwards.",
  async run(ctx) {
    const outcome = emptyOutcome();
    // A full run lists 5,000 and 50,000: time at the limit, and whether the page iterator's memory stays flat.
    const counts = ctx.quick ? [500] : [5_000, 50_000];
    const sizes: SizeResult[] = [];
    for (const count of counts) {
      const size = await attempt(outcome, `LIST ${count} Experiments`, () => measure(ctx, outcome, count));
      if (size) sizes.push(size);
    }
    const [small, large] = sizes;
    if (small && large) {
      // Flat: ten times the objects, the same memory. What listPages keeps is one page (its live heap stays at 15-30 MB
      // over 100 pages, and with a full GC after every page the peak RSS is the same at 50,000 and 200,000), but V8
      // grows its young generation over a longer run of fast allocation (8 MiB after 10 pages of JSON.parse, 32 MiB
      // after 100, 128 MiB after 1,000, in a loop with no network at all), so the peak RSS still grows with the count:
      // this goal says so, and the row with the young generation capped shows what is left without that growth.
      const ratioText = (name: string): string => `${name}: peak RSS at ${large.count.toLocaleString("en")} vs at ${small.count.toLocaleString("en")}`;
      const flat = (name: string): Goal =>
        ratioGoal(`${name}: peak RSS at ${large.count.toLocaleString("en")} ≤ 1.2× at ${small.count.toLocaleString("en")} (flat in the total count)`, large.rss.get(name), small.rss.get(name), "<=", 1.2);
      outcome.goals.push(flat(ROWS.kftsPages));
      outcome.goals.push(ratioInfo(ratioText(ROWS.kftsPagesCapped), large.rss.get(ROWS.kftsPagesCapped), small.rss.get(ROWS.kftsPagesCapped)));
      // The floors grow the same way (V8's heap sizing, not what is kept): undici alone, each page parsed and dropped,
      // and no client at all, the pages parsed from memory.
      outcome.goals.push(ratioInfo(ratioText(ROWS.rawPages), large.rss.get(ROWS.rawPages), small.rss.get(ROWS.rawPages)));
      outcome.goals.push(ratioInfo(ratioText(ROWS.parseOnly), large.rss.get(ROWS.parseOnly), small.rss.get(ROWS.parseOnly)));
      outcome.goals.push(ratioInfo(ratioText(ROWS.clientNodePaginated), large.rss.get(ROWS.clientNodePaginated), small.rss.get(ROWS.clientNodePaginated)));
    }
    if (ctx.quick) outcome.notes.push(`Smoke run: ${counts.join(", ")} Experiments instead of 5,000 and 50,000.`);
    return outcome;
  },
};
