/**
 * Request overhead: the cost a client adds on top of the HTTP stack, measured against a canned local HTTPS server
 * (its own process, fixed bodies, keep-alive) so the server's work is constant and small. Raw undici through its
 * lowest API (`Agent.dispatch()` with a minimal handler) is the limit; client-node is the peer.
 */
import { join } from "node:path";
import { TestPki } from "../../test/support/tls/generate-certificates.ts";
import type { BenchContext } from "../lib/context.ts";
import { attempt, emptyOutcome, rotate, type Family, type FamilyOutcome } from "../lib/family.ts";
import { startHelper } from "../lib/long-running.ts";
import { clientNodeEntry } from "../lib/node-deps.ts";
import { benchDir } from "../lib/paths.ts";
import { CLIENT_NODE_VERSION } from "../lib/pins.ts";
import { ratioGoal, ratioInfo, row, setReference, type Row } from "../lib/result.ts";
import { describeFailure, lastJsonLine, runCommand } from "../lib/run-command.ts";
import type { ClientArgs } from "../children/request-client.ts";

const LIST_SIZE = 50;
const CELLS: ClientArgs["cells"] = [
  { op: "get", concurrency: 1 },
  { op: "get", concurrency: 16 },
  { op: "list", concurrency: 1 },
  { op: "list", concurrency: 16 },
];

interface Impl {
  impl: ClientArgs["impl"];
  name: string;
}

const IMPLS: Impl[] = [
  { impl: "undici-dispatch", name: "raw undici dispatch (limit)" },
  { impl: "kubeflow-ts", name: "kubeflow-ts ResourceClient" },
  { impl: "kubeflow-ts-openapi-fetch", name: "kubeflow-ts transport.fetch + openapi-fetch" },
  { impl: "client-node", name: `@kubernetes/client-node ${CLIENT_NODE_VERSION} CustomObjectsApi` },
];

function groupOf(cell: ClientArgs["cells"][number]): string {
  return `${cell.op === "get" ? "GET one Experiment" : `LIST ${LIST_SIZE} Experiments`}, concurrency ${cell.concurrency}`;
}

/** The group of the same cell's client CPU time per request. */
const cpuGroupOf = (cell: ClientArgs["cells"][number]): string => `${groupOf(cell)}: client CPU per request`;
const sampleKey = (name: string, cell: { op: string; concurrency: number }, measure: "rate" | "cpu"): string => [name, cell.op, cell.concurrency, measure].join("\u0000");

async function measure(ctx: BenchContext, outcome: FamilyOutcome): Promise<void> {
  const impls = [...IMPLS];
  let entry: string | undefined;
  const deps = await attempt(outcome, `@kubernetes/client-node@${CLIENT_NODE_VERSION}`, () => ctx.clientNode());
  if (deps) entry = clientNodeEntry(deps);
  else impls.splice(impls.findIndex((i) => i.impl === "client-node"), 1);

  const kubeflowTs = await ctx.kubeflowTs();
  const pki = new TestPki();
  const ca = pki.createRoot("kfts-bench-ca");
  const cert = pki.issue(ca, { commonName: "127.0.0.1", altNames: ["IP:127.0.0.1", "DNS:localhost"] });
  const server = await startHelper<{ port: number; listBytes: number; itemBytes: number }>(
    process.execPath,
    [join(benchDir, "children", "canned-server.ts"), cert.certFile, cert.keyFile, String(LIST_SIZE)],
    { lifetimeMs: 20 * 60_000 },
  );
  try {
    // Every ratio is paired by round: at least 7 rounds in a full run (1 s per cell keeps the family near 3 minutes).
    const rounds = ctx.quick ? 1 : 7;
    const samples = new Map<string, number[]>();
    const addSample = (key: string, value: number): void => void samples.set(key, [...(samples.get(key) ?? []), value]);
    for (let round = 0; round < rounds; round++) {
      for (const impl of rotate(impls, round)) {
        const args: ClientArgs = {
          impl: impl.impl,
          server: `https://127.0.0.1:${server.hello.port}`,
          caFile: ca.certFile,
          token: "bench-token",
          cells: CELLS,
          durationMs: ctx.quick ? 250 : 1_000,
          warmupMs: ctx.quick ? 100 : 500,
          maxRequests: 500_000,
          kubeflowTsUrl: kubeflowTs.url,
          ...(entry === undefined ? {} : { clientNodeEntry: entry }),
        };
        const env = { ...process.env, BENCH_ARGS: JSON.stringify(args) };
        const result = await runCommand(process.execPath, [join(benchDir, "children", "request-client.ts")], { env, timeoutMs: 120_000 });
        if (result.code !== 0) throw new Error(describeFailure(`request-client ${impl.impl}`, [], result));
        for (const cell of lastJsonLine<{ op: string; concurrency: number; requests: number; ms: number; cpuMs: number }[]>(result.stdout)) {
          addSample(sampleKey(impl.name, cell, "rate"), (cell.requests / cell.ms) * 1000);
          addSample(sampleKey(impl.name, cell, "cpu"), (cell.cpuMs * 1000) / cell.requests);
        }
        ctx.log(`  round ${round + 1}/${rounds}: ${impl.name} done`);
      }
    }
    for (const cell of CELLS) {
      const rows = impls.map((i) => row(groupOf(cell), i.name, "req/s", "higher", samples.get(sampleKey(i.name, cell, "rate")) ?? []));
      outcome.rows.push(...rows);
      setReference(outcome.rows, rows[0] as Row);
    }
    for (const cell of CELLS) {
      const rows = impls.map((i) => row(cpuGroupOf(cell), i.name, "µs", "lower", samples.get(sampleKey(i.name, cell, "cpu")) ?? []));
      outcome.rows.push(...rows);
      setReference(outcome.rows, rows[0] as Row);
    }
    outcome.notes.push(`kubeflow-ts was loaded from ${kubeflowTs.from}.`);
    outcome.notes.push(`Bodies: one Experiment ${server.hello.itemBytes} B, the list of ${LIST_SIZE} ${server.hello.listBytes} B. Server and client are separate processes on a 2-core machine, so at concurrency 16 the server's core can be the bottleneck, which compresses ratios towards 1.`);
  } finally {
    await server.stop();
    pki.dispose();
  }
}

export const requestOverhead: Family = {
  id: "request-overhead",
  title: "Request overhead on a canned HTTPS server",
  method:
    "A node:https server in its own process (CA-signed certificate from test/support/tls, fixed JSON bodies, keep-alive, bearer token required) answers GET of one Experiment and LIST of 50. " +
    "Each client runs in a fresh process: per cell (operation × concurrency 1 or 16) a warm-up, then that many loops back to back for a fixed time; every client parses the JSON. " +
    "The limit row is raw undici at its lowest public API: `Agent.dispatch()` with a minimal handler that collects the body chunks and calls JSON.parse once at the end (no `undici.request()` body stream), " +
    "with the same Agent options (the CA only; undici's default keep-alive), the same headers (bearer token, accept: application/json) and the same JSON parse of every body. " +
    "kubeflow-ts connects with createTransport(loadClusterConfig({ server, token, certificateAuthorityData })), as ResourceClient.get/list and as openapi-fetch over transport.fetch; " +
    "client-node uses a KubeConfig built in code and CustomObjectsApi.getNamespacedCustomObject/listNamespacedCustomObject. " +
    "Rounds interleave the implementations (7 rounds of 1 s per cell after a 0.5 s warm-up); ratios are paired by round. " +
    "Beside each throughput, the client process's CPU time (user + system, all its threads, from process.cpuUsage) over the timed span divided by the requests it completed: the client's own cost per request, which the server's share of the two cores does not move.",
  async run(ctx) {
    const outcome = emptyOutcome();
    await attempt(outcome, "request overhead", () => measure(ctx, outcome));
    const find = (group: string, prefix: string): Row | undefined => outcome.rows.find((r) => r.group === group && r.name.startsWith(prefix));
    for (const concurrency of [1, 16]) {
      const group = groupOf({ op: "get", concurrency });
      const ours = find(group, "kubeflow-ts ResourceClient");
      outcome.goals.push(ratioGoal(`GET c=${concurrency}: kubeflow-ts ≥ 0.9× raw undici dispatch`, ours, find(group, "raw undici dispatch"), ">=", 0.9));
      outcome.goals.push(ratioGoal(`GET c=${concurrency}: kubeflow-ts ≥ 10× client-node`, ours, find(group, "@kubernetes/client-node"), ">=", 10));
      const cpuGroup = cpuGroupOf({ op: "get", concurrency });
      outcome.goals.push(ratioInfo(`GET c=${concurrency}: kubeflow-ts client CPU per request vs raw undici dispatch`, find(cpuGroup, "kubeflow-ts ResourceClient"), find(cpuGroup, "raw undici dispatch")));
    }
    return outcome;
  },
};
