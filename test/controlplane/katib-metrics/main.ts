/**
 * The box's metrics collector (`node katib-metrics/main.ts …`). In a cluster, the sidecar Katib injects into a trial's
 * pod parses the training output and calls the DB manager's ReportObservationLog. Under kwok nothing trains, so when a
 * trial's Job or TrainJob completes, this program reports what the training would have: the metrics of the box's
 * objective function (objective.ts), once per trial, through the same gRPC call. Katib then decides as it would.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { credentials, loadPackageDefinition, type ServiceClientConstructor } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
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

interface TrialRun extends ObjectMeta {
  status?: { conditions?: { type: string; status: string }[] };
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

/** Reports the trial that owns `run` once `run` (a Job or TrainJob) has completed. */
async function onRun(run: TrialRun): Promise<void> {
  const owner = run.metadata.ownerReferences?.find((reference) => reference.kind === "Trial");
  const complete = run.status?.conditions?.some((condition) => condition.type === "Complete" && condition.status === "True");
  const namespace = run.metadata.namespace ?? "default";
  if (owner === undefined || !complete || reported.has(`${namespace}/${owner.name}`)) return;
  const trial = await api.send<Trial>("GET", `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/trials/${owner.name}`);
  if (trial.status !== 200) return;
  const metrics = trialMetrics(trial.body.spec);
  if (metrics.length === 0) return;
  await reportObservationLog(owner.name, metrics);
  reported.add(`${namespace}/${owner.name}`);
  console.log(`reported ${namespace}/${owner.name}: ${metrics.map(({ name, value }) => `${name}=${value}`).join(" ")}`);
}

async function follow(path: string, signal: AbortSignal): Promise<void> {
  for await (const event of api.informer<TrialRun>(path, signal)) {
    if (event.type === "DELETED") continue;
    await onRun(event.object).catch((error: unknown) => console.error(`report for ${event.object.metadata.name}: ${String(error)}`));
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
await Promise.all([follow("/apis/batch/v1/jobs", aborted.signal), follow("/apis/trainer.kubeflow.org/v1alpha1/trainjobs", aborted.signal)]);
