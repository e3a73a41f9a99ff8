/**
 * The JobSet controller (sigs.k8s.io/jobset), which Trainer's TrainJobs run on, with its CRD and its webhooks. Its
 * defaulting webhook is essential: JobSets as Trainer writes them rely on it (Indexed completion, DNS hostnames,
 * success policy, restart policy).
 */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { installCrds } from "../bootstrap.ts";
import { moduleSourceDir } from "../modules.ts";
import type { BoxContext, Component } from "./component.ts";
import { adminRequest, answersOk, untilTrue } from "./probes.ts";
import { installWebhooks } from "./webhooks.ts";

/** JobSet's controller-manager: webhooks on loopback with the box's certificate, no leader election, no metrics. */
export const jobset: Component = {
  name: "jobset",
  binary: "jobset",
  ports: ["webhook", "health"],
  async prepare(context) {
    const certs = join(dir(context), "certs");
    await mkdir(certs, { recursive: true });
    await copyFile(context.credentials.componentCert, join(certs, "tls.crt"));
    await copyFile(context.credentials.componentKey, join(certs, "tls.key"));
    const configuration = {
      apiVersion: "config.jobset.x-k8s.io/v1alpha1",
      kind: "Configuration",
      // The box makes the certificate; the rotator would want a Secret and a Service in jobset-system.
      internalCertManagement: { enable: false },
      leaderElection: { leaderElect: false },
      webhook: { host: "127.0.0.1", port: context.port("jobset", "webhook"), certDir: certs },
      metrics: { bindAddress: "0" },
      health: { healthProbeBindAddress: `127.0.0.1:${context.port("jobset", "health")}` },
    };
    await writeFile(join(dir(context), "config.yaml"), stringify(configuration));
    const crd = join(await moduleSourceDir("sigs.k8s.io/jobset"), "config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml");
    await installCrds(context.kubeconfig, [crd]);
  },
  args(context) {
    return [`--config=${join(dir(context), "config.yaml")}`, `--kubeconfig=${context.kubeconfig}`];
  },
  ready(context) {
    return answersOk(context, `http://127.0.0.1:${context.port("jobset", "health")}/readyz`);
  },
  async install(context) {
    const webhookDir = join(await moduleSourceDir("sigs.k8s.io/jobset"), "config/components/webhook");
    const names = await installWebhooks(context, webhookDir, context.port("jobset", "webhook"), "jobset-");
    await untilTrue("JobSet defaulting webhook", () => defaultsJobSets(context));
    return `webhooks ${names.join(", ")}`;
  },
};

function dir(context: BoxContext): string {
  return join(context.dir, "jobset");
}

/** True once a dry-run JobSet comes back defaulted by the mutating webhook (the apiserver has picked it up). */
async function defaultsJobSets(context: BoxContext): Promise<boolean> {
  const jobSet = {
    apiVersion: "jobset.x-k8s.io/v1alpha2",
    kind: "JobSet",
    metadata: { name: "webhook-probe", namespace: "default" },
    spec: { replicatedJobs: [{ name: "probe", template: { spec: { template: { spec: { containers: [{ name: "probe", image: "probe" }] } } } } }] },
  };
  const { status, body } = await adminRequest(context, "POST", "/apis/jobset.x-k8s.io/v1alpha2/namespaces/default/jobsets?dryRun=All", jobSet);
  return status === 201 && (body as { spec?: { successPolicy?: unknown } }).spec?.successPolicy !== undefined;
}
