/**
 * A waiter of the many-waits family: many concurrent waits on Experiments in one process. Reads one Experiment name
 * per stdin line and starts its wait at once (Succeeded condition); prints `{"started": name}` and, when it resolves,
 * `{"resolved": name, "at": <epoch ms>}`. Exits when stdin closes.
 *
 * - kubeflow-ts: `katib.waitForExperimentCondition(name)` per name (the waits share the connection's informer).
 * - client-node: what a @kubernetes/client-node user writes for many waits: one `makeInformer` over the namespace
 *   (started with the first wait), each wait resolved from the cache or by the informer's add/update events.
 *
 * env BENCH_ARGS: {@link ManyWaitsArgs} as JSON.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";

/** What the parent passes. */
export interface ManyWaitsArgs {
  impl: "kubeflow-ts" | "client-node";
  server: string;
  caFile: string;
  token: string;
  namespace: string;
  timeoutMs: number;
  kubeflowTsUrl: string;
  clientNodeEntry?: string;
}

interface Experiment {
  metadata?: { name?: string };
  status?: { conditions?: { type?: string; status?: string }[] };
}

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}") as ManyWaitsArgs;
const caPem = readFileSync(args.caFile, "utf8");
/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const now = (): number => performance.timeOrigin + performance.now();
const say = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
const succeeded = (experiment: Experiment): boolean => experiment.status?.conditions?.some((c) => c.type === "Succeeded" && c.status === "True") ?? false;

/** Starts one wait; resolves when the Experiment has succeeded. */
type StartWait = (name: string) => Promise<void>;

async function kubeflowTsWaits(): Promise<{ start: StartWait; close: () => Promise<void> }> {
  const { KatibClient } = (await import(args.kubeflowTsUrl)) as typeof import("../../src/index.ts");
  const katib = new KatibClient({ server: args.server, token: args.token, certificateAuthorityData: caPem, namespace: args.namespace });
  await katib.connection.transport(); // connected, as the idle process of the other implementations is
  return {
    start: async (name) => void (await katib.waitForExperimentCondition(name, { timeoutMs: args.timeoutMs })),
    close: () => katib.close(),
  };
}

interface ClientNodeInformer {
  start(): Promise<void>;
  stop(): Promise<void>;
  get(name: string, namespace?: string): Experiment | undefined;
  on(event: "add" | "update" | "delete", handler: (object: Experiment) => void): void;
  on(event: "error", handler: (error: unknown) => void): void;
}

async function clientNodeWaits(): Promise<{ start: StartWait; close: () => Promise<void> }> {
  if (args.clientNodeEntry === undefined) throw new Error("clientNodeEntry is required for client-node");
  const k8s = (await import(pathToFileURL(args.clientNodeEntry).href)) as {
    KubeConfig: new () => { loadFromOptions(o: unknown): void; makeApiClient(api: unknown): { listNamespacedCustomObject(p: object): Promise<unknown> } };
    CustomObjectsApi: unknown;
    makeInformer(kc: unknown, path: string, list: () => Promise<unknown>): ClientNodeInformer;
  };
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "bench", server: args.server, caData: Buffer.from(caPem).toString("base64") }],
    users: [{ name: "bench", token: args.token }],
    contexts: [{ name: "bench", cluster: "bench", user: "bench" }],
    currentContext: "bench",
  });
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  const path = `/apis/kubeflow.org/v1beta1/namespaces/${args.namespace}/experiments`;
  const informer = k8s.makeInformer(kc, path, () => api.listNamespacedCustomObject({ group: "kubeflow.org", version: "v1beta1", namespace: args.namespace, plural: "experiments" }));
  const waiting = new Map<string, () => void>();
  const check = (experiment: Experiment): void => {
    const name = experiment.metadata?.name ?? "";
    const resolve = waiting.get(name);
    if (resolve !== undefined && succeeded(experiment)) {
      waiting.delete(name);
      resolve();
    }
  };
  informer.on("add", check);
  informer.on("update", check);
  // client-node's informer stops on an error; its documented remedy is to start it again.
  informer.on("error", () => setTimeout(() => void informer.start().catch(() => undefined), 1_000));
  let started: Promise<void> | undefined;
  return {
    start: async (name) => {
      await (started ??= informer.start());
      const cached = informer.get(name, args.namespace);
      if (cached !== undefined && succeeded(cached)) return;
      await new Promise<void>((resolve) => waiting.set(name, resolve));
    },
    close: () => informer.stop(),
  };
}

const waits = args.impl === "kubeflow-ts" ? await kubeflowTsWaits() : await clientNodeWaits();
say({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const name = line.trim();
  if (!name) continue;
  waits.start(name).then(
    () => say({ resolved: name, at: now() }),
    (error: unknown) => say({ failed: name, error: String(error) }),
  );
  say({ started: name });
}
await waits.close();
process.exit(0);
