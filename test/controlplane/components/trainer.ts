/**
 * Kubeflow Trainer's controller-manager v2.3.0 with its webhooks (TrainJob defaulting and validation, both runtime
 * kinds' validation), the version it publishes, then upstream's ClusterTrainingRuntimes from the corpus, judged by
 * those webhooks as they are installed.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { kubectl } from "../bootstrap.ts";
import { moduleSourceDir } from "../modules.ts";
import { corpusSourcesDir } from "../paths.ts";
import type { BoxContext, Component } from "./component.ts";
import { adminRequest, answersOk, untilTrue } from "./probes.ts";
import { installWebhooks } from "./webhooks.ts";

/** trainer-controller-manager: no certificate management (the box makes it), webhooks on loopback, no metrics. */
export const trainer: Component = {
  name: "trainer-controller-manager",
  binary: "trainer-controller-manager",
  ports: ["webhook", "health"],
  async prepare(context) {
    // controller-runtime's default certificate directory, which Trainer's configuration cannot change: below TMPDIR.
    const certs = join(dir(context), "tmp", "k8s-webhook-server", "serving-certs");
    await mkdir(certs, { recursive: true });
    await copyFile(context.credentials.componentCert, join(certs, "tls.crt"));
    await copyFile(context.credentials.componentKey, join(certs, "tls.key"));
    const configuration = {
      apiVersion: "config.trainer.kubeflow.org/v1alpha1",
      kind: "Configuration",
      webhook: { host: "127.0.0.1", port: context.port("trainer-controller-manager", "webhook") },
      metrics: { bindAddress: "0" },
      health: { healthProbeBindAddress: `127.0.0.1:${context.port("trainer-controller-manager", "health")}` },
      certManagement: { enable: false },
    };
    await writeFile(join(dir(context), "config.yaml"), stringify(configuration));
  },
  args(context) {
    return [`--config=${join(dir(context), "config.yaml")}`, `--kubeconfig=${context.kubeconfig}`];
  },
  env(context) {
    return { TMPDIR: join(dir(context), "tmp") };
  },
  ready(context) {
    return answersOk(context, `http://127.0.0.1:${context.port("trainer-controller-manager", "health")}/readyz`);
  },
  async install(context) {
    const webhookDir = join(await moduleSourceDir("github.com/kubeflow/trainer/v2"), "manifests/base/webhook");
    const names = await installWebhooks(context, webhookDir, context.port("trainer-controller-manager", "webhook"), "");
    await untilTrue("Trainer validating webhook", () => refusesMissingRuntime(context));
    await installPublicVersion(context);
    const runtimes = await runtimeFiles();
    const applied = await kubectl(context.kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-box", "-o", "name", ...runtimes.flatMap((f) => ["-f", f])]);
    const count = applied.split("\n").filter((line) => line.trim() !== "").length;
    return `webhooks ${names.join(", ")}; ${count} ClusterTrainingRuntimes from the corpus`;
  },
};

/**
 * What an installation publishes for every authenticated user: the `kubeflow-trainer-public` ConfigMap (the Trainer
 * version, which the Python SDK reads) in the install namespace, with its Role and RoleBinding. Taken from upstream's
 * install overlay (namespace, ConfigMap generator) and base RBAC as kustomize renders it; the overlay itself is not
 * rendered, because it pulls JobSet's release from the network.
 */
async function installPublicVersion(context: BoxContext): Promise<void> {
  const manifests = join(await moduleSourceDir("github.com/kubeflow/trainer/v2"), "manifests");
  interface Overlay {
    namespace: string;
    configMapGenerator: { name: string; literals: string[] }[];
  }
  const overlay = parse(await readFile(join(manifests, "overlays/manager/kustomization.yaml"), "utf8")) as Overlay;
  const generator = overlay.configMapGenerator.find((g) => g.name === PUBLIC);
  if (generator === undefined) throw new Error(`no ${PUBLIC} ConfigMap generator in ${manifests}/overlays/manager`);
  const data = Object.fromEntries(generator.literals.map((literal) => [literal.slice(0, literal.indexOf("=")), literal.slice(literal.indexOf("=") + 1)]));
  const namespace = overlay.namespace;
  const rbac = parseAllDocuments(await kubectl(context.kubeconfig, ["kustomize", join(manifests, "base/rbac")]))
    .map((document) => document.toJS() as { kind: string; metadata: { name: string; namespace?: string } })
    .filter((object) => object.metadata.name === PUBLIC)
    .map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
  const objects = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: PUBLIC, namespace }, data },
    ...rbac,
  ];
  await kubectl(context.kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-box", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));
}

const PUBLIC = "kubeflow-trainer-public";

function dir(context: BoxContext): string {
  return join(context.dir, "trainer");
}

/** Every runtime manifest of the corpus (`trainer/manifests/base/runtimes/**.yaml`). */
async function runtimeFiles(): Promise<string[]> {
  const root = join(corpusSourcesDir(), "trainer/manifests/base/runtimes");
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".yaml")).map((e) => join(e.parentPath, e.name));
  if (files.length === 0) throw new Error(`no runtimes under ${root} (set KUBEFLOW_CORPUS)`);
  return files.sort();
}

/** True once the apiserver sends TrainJobs to the webhook: a dry run naming a missing runtime is refused by it. */
async function refusesMissingRuntime(context: BoxContext): Promise<boolean> {
  const trainJob = {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "TrainJob",
    metadata: { name: "webhook-probe", namespace: "default" },
    spec: { runtimeRef: { name: "kubeflow-ts-box-no-such-runtime" } },
  };
  const { status, body } = await adminRequest(context, "POST", "/apis/trainer.kubeflow.org/v1alpha1/namespaces/default/trainjobs?dryRun=All", trainJob);
  return status >= 400 && status < 500 && JSON.stringify(body).includes("must be created before");
}
