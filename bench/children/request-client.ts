/**
 * One client implementation against the canned server: for each cell (operation × concurrency), a warm-up, then
 * `concurrency` loops issuing requests back to back for a fixed time (and at most a fixed count). Every
 * implementation parses the JSON body, as a caller would. Prints `[{op, concurrency, requests, ms, cpuMs}]`: cpuMs
 * is this process's CPU time (user + system, every thread) over the timed span.
 *
 * env BENCH_ARGS: {@link ClientArgs} as JSON.
 */
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { Agent } from "undici";
import type { paths } from "../../generated/katib/v1beta1/openapi.ts";
import { clientNodeCustomObjects } from "../lib/client-node.ts";
import { dispatchGetJson, splitServer, type DispatchTarget } from "../lib/undici-dispatch.ts";

/** What the parent passes. */
export interface ClientArgs {
  impl: "undici-dispatch" | "kubeflow-ts" | "kubeflow-ts-openapi-fetch" | "client-node";
  server: string;
  caFile: string;
  token: string;
  cells: { op: "get" | "list"; concurrency: number }[];
  durationMs: number;
  warmupMs: number;
  maxRequests: number;
  /** File URL of kubeflow-ts's root entry (the packed build, or the source). */
  kubeflowTsUrl: string;
  clientNodeEntry?: string;
}

type Op = () => Promise<unknown>;
const NAMESPACE = "bench";
const NAME = "exp-0";
const GROUP = "kubeflow.org";
const VERSION = "v1beta1";
const PLURAL = "experiments";

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}") as ClientArgs;
const caPem = readFileSync(args.caFile, "utf8");

/** The limit: undici's dispatch() with a minimal handler (chunks collected, one JSON.parse), same Agent and headers. */
async function undiciDispatchOps(): Promise<Record<"get" | "list", Op>> {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const { origin, prefix } = splitServer(args.server);
  const target: DispatchTarget = { origin, headers: { authorization: `Bearer ${args.token}`, accept: "application/json" } };
  const base = `${prefix}/apis/${GROUP}/${VERSION}/namespaces/${NAMESPACE}/${PLURAL}`;
  const getPath = `${base}/${NAME}`;
  const listPath = `${base}?limit=500`;
  return { get: () => dispatchGetJson(dispatcher, target, getPath), list: () => dispatchGetJson(dispatcher, target, listPath) };
}

type KubeflowTs = typeof import("../../src/index.ts") & typeof import("../../src/transport/entry.ts");
// The transport API is its own entry (kubeflow-ts/transport), beside the root.
const transportUrl = (): string => args.kubeflowTsUrl.replace(/index\.(js|ts)$/, "transport/entry.$1");
const kubeflowTs = async (): Promise<KubeflowTs> => ({ ...(await import(args.kubeflowTsUrl)), ...(await import(transportUrl())) }) as KubeflowTs;

async function kubeflowTsOps(): Promise<Record<"get" | "list", Op>> {
  const { Connection, createTransport, experimentResource, loadClusterConfig, ResourceClient } = await kubeflowTs();
  const config = await loadClusterConfig({ server: args.server, token: args.token, certificateAuthorityData: caPem });
  const experiments = new ResourceClient(Connection.fromTransport(createTransport(config)), experimentResource);
  return { get: () => experiments.get(NAME, { namespace: NAMESPACE }), list: () => experiments.list({ namespace: NAMESPACE }) };
}

async function openapiFetchOps(): Promise<Record<"get" | "list", Op>> {
  const { createTransport, loadClusterConfig } = await kubeflowTs();
  const config = await loadClusterConfig({ server: args.server, token: args.token, certificateAuthorityData: caPem });
  const transport = createTransport(config);
  const client = createClient<paths>({ baseUrl: transport.server, fetch: transport.fetch });
  const check = <T extends { response: Response }>(r: T): T => {
    if (r.response.status !== 200) throw new Error(`HTTP ${r.response.status}`);
    return r;
  };
  return {
    get: async () => check(await client.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { namespace: NAMESPACE, name: NAME } } })),
    list: async () => check(await client.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments", { params: { path: { namespace: NAMESPACE }, query: { limit: 500 } } })),
  };
}

async function clientNodeOps(): Promise<Record<"get" | "list", Op>> {
  const api = await clientNodeCustomObjects(args.clientNodeEntry, args.server, caPem, args.token);
  const where = { group: GROUP, version: VERSION, namespace: NAMESPACE, plural: PLURAL };
  return { get: () => api.getNamespacedCustomObject({ ...where, name: NAME }), list: () => api.listNamespacedCustomObject({ ...where, limit: 500 }) };
}

/** Runs `op` from `concurrency` loops until `ms` have passed or `max` requests were started. */
async function drive(op: Op, concurrency: number, ms: number, max: number): Promise<{ requests: number; ms: number; cpuMs: number }> {
  let started = 0;
  let done = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + ms;
  const loop = async (): Promise<void> => {
    while (performance.now() < end && started < max) {
      started++;
      await op();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { requests: done, ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const factories = { "undici-dispatch": undiciDispatchOps, "kubeflow-ts": kubeflowTsOps, "kubeflow-ts-openapi-fetch": openapiFetchOps, "client-node": clientNodeOps };
const ops = await factories[args.impl]();
const results = [];
for (const cell of args.cells) {
  const op = ops[cell.op];
  await drive(op, cell.concurrency, args.warmupMs, args.maxRequests);
  results.push({ ...cell, ...(await drive(op, cell.concurrency, args.durationMs, args.maxRequests)) });
}
console.log(JSON.stringify(results));
// Keep-alive sockets would hold the process open; the measurement is done.
process.exit(0);
