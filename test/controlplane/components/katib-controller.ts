/**
 * Katib's controller v0.19.0: the Experiment, Trial and Suggestion controllers and its webhooks (Experiment
 * defaulting and validation, the pod mutator), with upstream's default katib-config in which the Goptuna service
 * runs random, tpe, cmaes and sobol (the box's suggestion services, katib-suggestions.ts). Built with a main of ours
 * (test/controlplane/katib/cmd/katib-controller) that serves the webhooks on loopback and resolves the suggestion
 * services' names through the box's endpoints file.
 */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { kubectl } from "../bootstrap.ts";
import { moduleSourceDir, readModuleFile } from "../modules.ts";
import type { BoxContext, Component } from "./component.ts";
import { dbManagerAddress } from "./katib-db-manager.ts";
import { UNPULLABLE_REGISTRY } from "./kwok.ts";
import { adminRequest, answersOk, untilTrue } from "./probes.ts";
import { installWebhooks } from "./webhooks.ts";

/** The algorithms the box runs, all on Katib's Goptuna service (upstream runs random and tpe on hyperopt, in Python). */
export const goptunaAlgorithms = ["random", "tpe", "cmaes", "sobol"] as const;
const GOPTUNA_IMAGE = "ghcr.io/kubeflow/katib/suggestion-goptuna:v0.19.0";

/** The label a namespace needs for Katib to accept Experiments in it (and inject metrics collectors). */
export const KATIB_NAMESPACE_LABEL = { key: "katib.kubeflow.org/metrics-collector-injection", value: "enabled" } as const;

/** Where the box's suggestion services are: `{"<name>.<namespace>:6789": "127.0.0.1:<port>"}` (katib-suggestions.ts). */
export function endpointsFile(context: BoxContext): string {
  return join(context.dir, "katib", "endpoints.json");
}

interface KatibConfig {
  init: { certGenerator?: { enable: boolean }; controller: Record<string, unknown> };
  runtime: { suggestions: { algorithmName: string; image: string }[] };
}

/** katib-controller with the box's certificate, the DB manager on loopback and the endpoints file. */
export const katibController: Component = {
  name: "katib-controller",
  binary: "katib-controller",
  ports: ["webhook", "health"],
  async prepare(context) {
    const dir = join(context.dir, "katib");
    await mkdir(join(dir, "certs"), { recursive: true });
    await copyFile(context.credentials.componentCert, join(dir, "certs", "tls.crt"));
    await copyFile(context.credentials.componentKey, join(dir, "certs", "tls.key"));
    await writeFile(endpointsFile(context), "{}\n");
    const config = parse(await readModuleFile("github.com/kubeflow/katib", "manifests/v1beta1/installs/katib-standalone/katib-config.yaml")) as KatibConfig;
    config.init.certGenerator = { enable: false };
    Object.assign(config.init.controller, { webhookPort: context.port("katib-controller", "webhook"), metricsAddr: "0", healthzAddr: `127.0.0.1:${context.port("katib-controller", "health")}` });
    // The algorithms the box does not run get an image kwok never starts: Katib then waits for their Deployment,
    // as in a cluster, instead of blocking its suggestion controller on a service that is not there.
    for (const suggestion of config.runtime.suggestions) {
      suggestion.image = (goptunaAlgorithms as readonly string[]).includes(suggestion.algorithmName) ? GOPTUNA_IMAGE : `${UNPULLABLE_REGISTRY}/${suggestion.image}`;
    }
    const text = stringify(config);
    await writeFile(join(dir, "katib-config.yaml"), text);
    // The runtime section is read from this ConfigMap on every lookup, as in a Katib installation.
    const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "katib-config", namespace: "kubeflow" }, data: { "katib-config.yaml": text } };
    await kubectl(context.kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-box", "-f", "-"], stringify(configMap));
    await kubectl(context.kubeconfig, ["label", "namespace", "kubeflow", `${KATIB_NAMESPACE_LABEL.key}=${KATIB_NAMESPACE_LABEL.value}`, "--overwrite"]);
  },
  args(context) {
    const dir = join(context.dir, "katib");
    return [`--katib-config=${join(dir, "katib-config.yaml")}`, `--cert-dir=${join(dir, "certs")}`, `--endpoints-file=${endpointsFile(context)}`, `--kubeconfig=${context.kubeconfig}`];
  },
  env(context) {
    const [host, port] = dbManagerAddress(context).split(":") as [string, string];
    return { KATIB_CORE_NAMESPACE: "kubeflow", KATIB_DB_MANAGER_SERVICE_IP: host, KATIB_DB_MANAGER_SERVICE_NAMESPACE: "", KATIB_DB_MANAGER_SERVICE_PORT: port };
  },
  ready(context) {
    return answersOk(context, `http://127.0.0.1:${context.port("katib-controller", "health")}/readyz`);
  },
  async install(context) {
    const webhookDir = join(await moduleSourceDir("github.com/kubeflow/katib"), "manifests/v1beta1/components/webhook");
    const names = await installWebhooks(context, webhookDir, context.port("katib-controller", "webhook"), "");
    await untilTrue("Katib's Experiment webhooks", () => refusesExperimentWithoutTrialTemplate(context));
    return `webhooks ${names.join(", ")}`;
  },
};

/** True once the apiserver sends Experiments to Katib: a dry run without a trialTemplate is refused by the webhook. */
async function refusesExperimentWithoutTrialTemplate(context: BoxContext): Promise<boolean> {
  const experiment = {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name: "webhook-probe", namespace: "kubeflow" },
    spec: {
      objective: { type: "maximize", objectiveMetricName: "accuracy" },
      algorithm: { algorithmName: "random" },
      parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
    },
  };
  const { status, body } = await adminRequest(context, "POST", "/apis/kubeflow.org/v1beta1/namespaces/kubeflow/experiments?dryRun=All", experiment);
  return status >= 400 && status < 500 && JSON.stringify(body).includes("trialTemplate");
}
