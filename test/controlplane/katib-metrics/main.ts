/**
 * The box's metrics collector (`node katib-metrics/main.ts …`). In a cluster, the sidecar Katib injects into a trial's
 * pod parses the training output and calls the DB manager's ReportObservationLog before the pod ends. Under kwok
 * nothing trains, so when a trial's pod runs, this program reports what the training would have: the metrics of the
 * box's objective function (objective.ts), once per trial, through the same gRPC call. The log is there while the pod
 * still runs, as with a real collector: Katib reads it when the trial's Job or TrainJob completes (were it written
 * after, Katib would find no metrics and mark the trial MetricsUnavailable). Pods told to fail report nothing.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { credentials, loadPackageDefinition, type ServiceClientConstructor } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { FAIL_WITH_EXIT_CODE } from "../components/kwok.ts";
import { KubeApi, type ObjectMeta } from "../kube-api.ts";
import { trialMetrics, type TrialSpec } from "./objective.ts";

const { values: flags } = parseArgs({
  options: { server: { type: "string" }, ca: { type: "string" }, "token-file": { type: "string" }, "db-manager": { type: "string" }, proto: { type: "string" }, port: { type: "string" } },
});
for (const name of ["server", "ca", "token-file", "db-manager", "proto", "port"] as const) {
  if (!flags[name]) throw new Error(`katib-metrics: --${name} is required`);
}
const api = new KubeApi(flags.server as string, flags.ca as string, flags["token-file"] as string);

// Katib's own API definition (pkg/apis/manager/v1beta1/api.proto), read from its module.
const definition = loadSync(flags.proto as string, { keepCase: true, defaults: true });
const katibApi = loadPackageDefinition(definition) as unknown as { api: { v1: { beta1: { DBManager: ServiceClientConstructor } } } };
const dbManager = new katibApi.api.v1.beta1.DBManager(flags["db-manager"] as string, credentials.createInsecure());

/** The label Katib's pod mutator puts on every pod of a trial. */
const TRIAL_LABEL = "katib.kubeflow.org/trial";

interface TrialPod extends ObjectMeta {
  metadata: ObjectMeta["metadata"] & { labels?: Record<string, string> };
  spec?: { containers?: { env?: { name: string }[] }[] };
  status?: { phase?: string };
}

interface Trial extends ObjectMeta {
  spec: TrialSpec;
}

/** Trials already reported, by namespace/name. */
const reported = new Set<string>();

function reportObservationLog(trialName: string, metrics: { name: string; value: number }[]): Promise<void> {
  const time_stamp = new Date().toISOString();
  const request = { trial_name: trialName, observation_log: { metric_logs: metrics.map(({ name, value }) => ({ time_stamp, metric: { name, value: String(value) } })) } };
  return new Promise((resolve, reject) => {
    const call = dbManager["ReportObservationLog"] as (request: unknown, callback: (error: Error | null) => void) => void;
    call.call(dbManager, request, (error) => (error ? reject(error) : resolve()));
  });
}

/** Reports the trial of `pod` once the pod runs (or has succeeded, if its running was missed). */
async function onPod(pod: TrialPod): Promise<void> {
  const trialName = pod.metadata.labels?.[TRIAL_LABEL];
  const namespace = pod.metadata.namespace ?? "default";
  if (trialName === undefined || reported.has(`${namespace}/${trialName}`)) return;
  if (pod.status?.phase !== "Running" && pod.status?.phase !== "Succeeded") return;
  if (pod.spec?.containers?.some((container) => container.env?.some((variable) => variable.name === FAIL_WITH_EXIT_CODE))) return;
  const trial = await api.send<Trial>("GET", `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/trials/${trialName}`);
  if (trial.status !== 200) return;
  const metrics = trialMetrics(trial.body.spec);
  if (metrics.length === 0) return;
  await reportObservationLog(trialName, metrics);
  reported.add(`${namespace}/${trialName}`);
  console.log(`reported ${namespace}/${trialName}: ${metrics.map(({ name, value }) => `${name}=${value}`).join(" ")}`);
}

async function follow(path: string, signal: AbortSignal): Promise<void> {
  for await (const event of api.informer<TrialPod>(path, signal)) {
    if (event.type === "DELETED") continue;
    await onPod(event.object).catch((error: unknown) => console.error(`report for ${event.object.metadata.name}: ${String(error)}`));
  }
}

const aborted = new AbortController();
const health = createServer((_req, res) => void res.end("ok")).listen(Number(flags.port), "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    aborted.abort();
    health.close();
    dbManager.close();
    process.exit(0);
  });
}
await follow(`/api/v1/pods?labelSelector=${encodeURIComponent(TRIAL_LABEL)}`, aborted.signal);
