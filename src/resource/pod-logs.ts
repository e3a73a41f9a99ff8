/**
 * Pod logs as lines: once, or followed. When following a pod that is not running yet, it waits for the pod to start
 * instead of returning nothing (what users of the Python SDK hit).
 */
import { podResource, type CorePod } from "./core-resources.ts";
import { itemPath } from "./resource-path.ts";
import type { ResourceClient } from "./resource-client.ts";
import type { ResourceTransport } from "./resource-transport.ts";
import { waitFor } from "./wait-for.ts";

/** Options of a log read. */
export interface PodLogOptions {
  namespace?: string;
  container?: string;
  follow?: boolean;
  /** Only the last lines. */
  tailLines?: number;
  signal?: AbortSignal;
  /** How long to wait for the pod to start when following. Defaults to 10 minutes. */
  startTimeoutMs?: number;
}

function hasStarted(pod: CorePod): boolean {
  return pod.status?.phase !== undefined && pod.status.phase !== "Pending";
}

/** Streams the log lines of one container of a pod. */
export async function* readPodLogs(transport: ResourceTransport, pods: ResourceClient<CorePod>, name: string, options: PodLogOptions = {}): AsyncGenerator<string> {
  const scope = options.namespace ? { namespace: options.namespace } : {};
  if (options.follow) {
    await waitFor(pods, name, { ...scope, isDone: hasStarted, goal: "a started container", shareWatch: false, timeoutMs: options.startTimeoutMs ?? 10 * 60_000, ...(options.signal ? { signal: options.signal } : {}) });
  }
  const lines = await transport.stream({
    path: itemPath(podResource, options.namespace ?? (await transport.defaultNamespace()), name, "log"),
    query: { container: options.container, follow: options.follow ? true : undefined, tailLines: options.tailLines },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  yield* lines;
}
