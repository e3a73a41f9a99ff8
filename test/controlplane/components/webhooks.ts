/**
 * Upstream's webhook configurations, rendered by kustomize from the released manifests (as an install does), pointed
 * at a webhook server on loopback instead of an in-cluster Service, and trusted through the cluster CA.
 */
import { parseAllDocuments, stringify } from "yaml";
import { kubectl } from "../bootstrap.ts";
import type { BoxContext } from "./component.ts";

interface WebhookConfiguration {
  kind: string;
  metadata: { name: string };
  webhooks: { name: string; clientConfig: { service?: { path?: string }; url?: string; caBundle?: string } }[];
}

const webhookKinds = new Set(["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);

/**
 * Renders `kustomizeDir` with kubectl's kustomize, keeps its webhook configurations, rewrites every client config to
 * `https://127.0.0.1:<port><path>` with the cluster CA, prefixes the names with `namePrefix` (as upstream's default
 * overlay does) and applies them. Returns the configurations' names.
 */
export async function installWebhooks(context: BoxContext, kustomizeDir: string, port: number, namePrefix: string): Promise<string[]> {
  const rendered = await kubectl(context.kubeconfig, ["kustomize", kustomizeDir]);
  const caBundle = Buffer.from(context.credentials.caPem).toString("base64");
  const configurations = parseAllDocuments(rendered)
    .map((document) => document.toJS() as WebhookConfiguration | null)
    .filter((document): document is WebhookConfiguration => document !== null && webhookKinds.has(document.kind));
  for (const configuration of configurations) {
    if (!configuration.metadata.name.startsWith(namePrefix)) configuration.metadata.name = `${namePrefix}${configuration.metadata.name}`;
    for (const webhook of configuration.webhooks) {
      const path = webhook.clientConfig.service?.path ?? "/";
      webhook.clientConfig = { url: `https://127.0.0.1:${port}${path}`, caBundle };
    }
  }
  if (configurations.length === 0) throw new Error(`no webhook configurations in ${kustomizeDir}`);
  await kubectl(context.kubeconfig, ["apply", "--server-side", "--force-conflicts", "--field-manager=kubeflow-ts-box", "-f", "-"], configurations.map((c) => stringify(c)).join("---\n"));
  return configurations.map((configuration) => configuration.metadata.name);
}
