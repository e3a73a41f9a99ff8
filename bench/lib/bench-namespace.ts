/**
 * Dedicated namespaces for the apiserver families, created on demand and removed afterwards. The local control
 * plane runs no controller-manager, so removal does the namespace controller's work: empty the collection, delete,
 * then clear the finalizers (as test/e2e/support/namespaces.ts does).
 */
import type { AdminHttp } from "./cluster.ts";
import { syntheticExperiment } from "./fixtures.ts";

const EXPERIMENTS = (namespace: string): string => `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/experiments`;

/** Creates the namespace unless it exists. */
export async function ensureNamespace(admin: AdminHttp, name: string): Promise<void> {
  const r = await admin.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubeflow-ts/bench": "true" } } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`create namespace ${name}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
}

/**
 * Empties and deletes the namespace. A collection of tens of thousands takes the apiserver longer than one request may
 * last (its 60 s request timeout, the admin client's own): the DELETE is repeated until the collection is empty.
 */
export async function deleteNamespace(admin: AdminHttp, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const deleted = await admin.send("DELETE", EXPERIMENTS(name)).catch((error: unknown) => error);
    const left = await countExperiments(admin, name);
    if (left === 0) break;
    if (attempt >= 10) throw new Error(`${name} still holds ${left} Experiments after ${attempt + 1} DELETEs of the collection: ${deleted instanceof Error ? deleted.message : JSON.stringify(deleted).slice(0, 300)}`);
  }
  const deleted = await admin.send("DELETE", `/api/v1/namespaces/${name}`);
  if (deleted.status === 404) return;
  await admin.send("PUT", `/api/v1/namespaces/${name}/finalize`, { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: { finalizers: [] } });
}

/** How many Experiments the namespace holds (one small page: the server reports the rest as remainingItemCount). */
export async function countExperiments(admin: AdminHttp, namespace: string): Promise<number> {
  const r = await admin.send("GET", `${EXPERIMENTS(namespace)}?limit=1`);
  const body = r.body as { items?: unknown[]; metadata?: { remainingItemCount?: number } };
  return (body.items?.length ?? 0) + (body.metadata?.remainingItemCount ?? 0);
}

/** Creates Experiments `exp-00000`…, `count` in all, `concurrency` at a time; existing ones are kept. */
export async function createExperiments(admin: AdminHttp, namespace: string, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const name = `exp-${String(index).padStart(5, "0")}`;
      const r = await admin.send("POST", EXPERIMENTS(namespace), syntheticExperiment(name, namespace, index));
      if (r.status !== 201 && r.status !== 409) throw new Error(`create ${namespace}/${name}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The path of one Experiment (for status patches). */
export function experimentPath(namespace: string, name: string): string {
  return `${EXPERIMENTS(namespace)}/${name}`;
}
