/**
 * Lists every Experiment of a namespace once and reports how long the list took (after imports and client set-up)
 * and the process's peak RSS. One implementation per process, so each peak RSS is its own. kubeflow-ts loads its
 * transport (undici, the configuration) on a connection's first call; its set-up is that load, done here before the
 * clock starts (`connection.transport()`, no request), as the other clients load theirs when imported. Every row's
 * timed call opens its own TLS connection. Time to first result (from spawn) is its own family.
 *
 * env BENCH_ARGS: {@link ListArgs} as JSON. Prints `{items, listMs, maxRssKiB}`.
 */
import { readFileSync } from "node:fs";
import { Agent } from "undici";
import { clientNodeCustomObjects } from "../lib/client-node.ts";
import { dispatchGetJson, splitServer } from "../lib/undici-dispatch.ts";

/** What the parent passes. */
export interface ListArgs {
  impl:
    | "kubeflow-ts"
    | "kubeflow-ts-one-page"
    | "kubeflow-ts-pages"
    | "client-node"
    | "client-node-paginated"
    | "undici-dispatch"
    | "undici-dispatch-gzip"
    | "undici-dispatch-gzip-paginated"
    | "undici-dispatch-gzip-pages";
  server: string;
  caFile: string;
  token: string;
  namespace: string;
  pageSize: number;
  /** Page size of the one-page kubeflow-ts row: at least the number of objects. */
  oneCallLimit: number;
  /** File URL of kubeflow-ts's root entry (the packed build, or the source). */
  kubeflowTsUrl: string;
  clientNodeEntry?: string;
}

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}") as ListArgs;
const caPem = readFileSync(args.caFile, "utf8");
const where = { group: "kubeflow.org", version: "v1beta1", namespace: args.namespace, plural: "experiments" };

async function clientNodeLister(paginated: boolean): Promise<() => Promise<number>> {
  const api = await clientNodeCustomObjects(args.clientNodeEntry, args.server, caPem, args.token);
  if (!paginated) return async () => (await api.listNamespacedCustomObject(where)).items.length;
  return async () => {
    const items: unknown[] = [];
    let token: string | undefined;
    do {
      const page = await api.listNamespacedCustomObject({ ...where, limit: args.pageSize, ...(token ? { _continue: token } : {}) });
      items.push(...page.items);
      token = page.metadata?.continue || undefined;
    } while (token);
    return items.length;
  };
}

async function kubeflowTsClient(): Promise<InstanceType<typeof import("../../src/index.ts").KatibClient>> {
  // Imported only here, so the other implementations' processes carry none of its memory.
  const { KatibClient } = (await import(args.kubeflowTsUrl)) as typeof import("../../src/index.ts");
  const client = new KatibClient({ server: args.server, token: args.token, certificateAuthorityData: caPem, namespace: args.namespace });
  await client.connection.transport();
  return client;
}

/**
 * The raw limit: undici's dispatch() with a minimal handler (chunks collected, one JSON.parse), one call or paginated;
 * `dropPages`: each page counted and dropped, the floor of listPages's memory.
 */
function undiciLister(gzip: boolean, paginated: boolean, dropPages = false): () => Promise<number> {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const { origin, prefix } = splitServer(args.server);
  const target = { origin, headers: { authorization: `Bearer ${args.token}`, accept: "application/json" }, options: { bodyTimeout: 300_000 }, gzip };
  const path = `${prefix}/apis/kubeflow.org/v1beta1/namespaces/${args.namespace}/experiments`;
  if (!paginated) return async () => ((await dispatchGetJson(dispatcher, target, path)) as { items: unknown[] }).items.length;
  return async () => {
    const items: unknown[] = [];
    let dropped = 0;
    let token: string | undefined;
    do {
      const query = `?limit=${args.pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ""}`;
      const page = (await dispatchGetJson(dispatcher, target, path + query)) as { items: unknown[]; metadata?: { continue?: string } };
      if (dropPages) dropped += page.items.length;
      else for (const item of page.items) items.push(item);
      token = page.metadata?.continue || undefined;
    } while (token);
    return items.length + dropped;
  };
}

async function lister(): Promise<() => Promise<number>> {
  switch (args.impl) {
    case "kubeflow-ts": {
      const client = await kubeflowTsClient();
      return async () => (await client.listExperiments({ namespace: args.namespace })).length;
    }
    case "kubeflow-ts-one-page": {
      // Like for like with the one-call rows: the same ResourceClient, with a page big enough for everything.
      const client = await kubeflowTsClient();
      return async () => (await client.experiments.list({ namespace: args.namespace, limit: args.oneCallLimit })).items.length;
    }
    case "kubeflow-ts-pages": {
      // The streaming iterator: each page counted and dropped, so the peak RSS is what a page costs, not the list.
      const client = await kubeflowTsClient();
      return async () => {
        let count = 0;
        for await (const page of client.experiments.listPages({ namespace: args.namespace, limit: args.pageSize })) count += page.items.length;
        return count;
      };
    }
    case "undici-dispatch":
      return undiciLister(false, false);
    case "undici-dispatch-gzip":
      return undiciLister(true, false);
    case "undici-dispatch-gzip-paginated":
      return undiciLister(true, true);
    case "undici-dispatch-gzip-pages":
      return undiciLister(true, true, true);
    case "client-node":
      return clientNodeLister(false);
    case "client-node-paginated":
      return clientNodeLister(true);
  }
}

const list = await lister();
const t0 = performance.now();
const items = await list();
const listMs = performance.now() - t0;
console.log(JSON.stringify({ items, listMs, maxRssKiB: process.resourceUsage().maxRSS }));
process.exit(0);
