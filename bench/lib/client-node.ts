/**
 * @kubernetes/client-node's CustomObjectsApi, connected with a token and CA the way a user of that library would
 * (a KubeConfig built in code). It is installed in bench/.deps, outside the project's type graph, so the slice the
 * bench calls is typed here.
 */
import { pathToFileURL } from "node:url";

/** The client-node 2.x calls the bench makes. */
export interface ClientNodeCustomObjects {
  getNamespacedCustomObject(p: { group: string; version: string; namespace: string; plural: string; name: string }): Promise<unknown>;
  listNamespacedCustomObject(p: {
    group: string;
    version: string;
    namespace: string;
    plural: string;
    limit?: number;
    _continue?: string;
  }): Promise<{ items: unknown[]; metadata?: { continue?: string } }>;
}

/** Loads client-node from `entry` and returns a CustomObjectsApi for `server` with a bearer token and CA. */
export async function clientNodeCustomObjects(entry: string | undefined, server: string, caPem: string, token: string): Promise<ClientNodeCustomObjects> {
  if (entry === undefined) throw new Error("clientNodeEntry is required for client-node");
  const k8s = (await import(pathToFileURL(entry).href)) as {
    KubeConfig: new () => { loadFromOptions(o: unknown): void; makeApiClient(api: unknown): ClientNodeCustomObjects };
    CustomObjectsApi: unknown;
  };
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "bench", server, caData: Buffer.from(caPem).toString("base64") }],
    users: [{ name: "bench", token }],
    contexts: [{ name: "bench", cluster: "bench", user: "bench" }],
    currentContext: "bench",
  });
  return kc.makeApiClient(k8s.CustomObjectsApi);
}
