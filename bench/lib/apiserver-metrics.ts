/**
 * The API server's own counts, from its Prometheus text on /metrics: the watches it holds open
 * (`apiserver_longrunning_requests`, a gauge) and the requests it has served (`apiserver_request_total`, counted when
 * a request ends, so a watch is counted when it closes), for one resource.
 */
import { Agent, request } from "undici";
import type { ClusterHandle } from "./cluster.ts";

/** One sample of a metric: its labels and value. */
interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Parses the samples of `metric` from Prometheus text exposition. */
export function parseMetric(text: string, metric: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${metric}{`)) continue;
    const close = line.lastIndexOf("}");
    const labels: Record<string, string> = {};
    for (const match of line.slice(metric.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1] as string] = match[2] as string;
    samples.push({ labels, value: Number(line.slice(close + 1).trim().split(" ")[0]) });
  }
  return samples;
}

/** What the API server reports about one resource's requests at one moment. */
export interface ResourceRequests {
  /** Watches open now. */
  watchesOpen: number;
  /** Requests served so far, by verb (GET, LIST, WATCH, …), of the resource itself (no subresource). */
  served: Record<string, number>;
}

/** Reads /metrics as the admin user. */
export async function loadMetricsText(cluster: ClusterHandle): Promise<string> {
  const dispatcher = new Agent({ connect: { ca: cluster.connection.caPem } });
  try {
    const response = await request(`${cluster.connection.server}/metrics`, { dispatcher, headers: { authorization: `Bearer ${cluster.connection.token}` } });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET /metrics: HTTP ${response.statusCode}`);
    return text;
  } finally {
    await dispatcher.close();
  }
}

/**
 * The counts of requests on namespaced `resource` (group `group`) in a metrics text: on collections (scope
 * `namespace`: list, watch) and on named objects (scope `resource`: get).
 */
export function toResourceRequests(text: string, group: string, resource: string): ResourceRequests {
  const ours = (labels: Record<string, string>): boolean => labels.group === group && labels.resource === resource && (labels.scope === "namespace" || labels.scope === "resource") && (labels.subresource ?? "") === "";
  const watchesOpen = parseMetric(text, "apiserver_longrunning_requests")
    .filter((s) => ours(s.labels) && s.labels.verb === "WATCH")
    .reduce((sum, s) => sum + s.value, 0);
  const served: Record<string, number> = {};
  for (const s of parseMetric(text, "apiserver_request_total")) {
    if (!ours(s.labels) || s.labels.verb === undefined) continue;
    served[s.labels.verb] = (served[s.labels.verb] ?? 0) + s.value;
  }
  return { watchesOpen, served };
}

/** `after − before`, verb by verb. */
export function servedBetween(before: ResourceRequests, after: ResourceRequests): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const verb of new Set([...Object.keys(before.served), ...Object.keys(after.served)])) {
    const n = (after.served[verb] ?? 0) - (before.served[verb] ?? 0);
    if (n !== 0) delta[verb] = n;
  }
  return delta;
}
