/**
 * The pod and port behind a Service port, chosen the way `kubectl port-forward svc/<name> <port>` chooses: the
 * Service's selector lists its pods, a running and ready one is taken, and the Service port's targetPort (a number,
 * or a container port's name) says which port of that pod.
 */
import { podResource, serviceResource, type CorePod } from "./core-resources.ts";
import { ResourceClient } from "./resource-client.ts";
import type { ResourceTransport } from "./resource-transport.ts";

/** A Service port to reach. */
export interface ServicePort {
  namespace: string;
  service: string;
  port: number;
  signal?: AbortSignal;
}

/** A pod port behind a Service. */
export interface ServiceBackend {
  namespace: string;
  pod: string;
  port: number;
}

/** The Service exists but gives no way to a pod (no such port, no selector, no running pod). */
export class ServiceBackendError extends Error {
  readonly code = "ERR_KUBE_NO_SERVICE_BACKEND";
  /** What is missing: the Service, a running pod of it, or its port. */
  constructor(message: string) {
    super(message);
    this.name = "ServiceBackendError";
  }
}

/** Finds the pod and port that `kubectl port-forward svc/...` would use. Throws the API's typed errors (403, 404). */
export async function findServiceBackend(transport: ResourceTransport, target: ServicePort): Promise<ServiceBackend> {
  const call = { namespace: target.namespace, ...(target.signal ? { signal: target.signal } : {}) };
  const where = `Service ${target.namespace}/${target.service}`;
  const service = await new ResourceClient(transport, serviceResource).get(target.service, call);
  const servicePort = service.spec?.ports?.find((port) => port.port === target.port);
  if (servicePort === undefined) {
    const ports = (service.spec?.ports ?? []).map((port) => port.port).join(", ") || "none";
    throw new ServiceBackendError(`${where} has no port ${target.port} (its ports: ${ports})`);
  }
  const selector = Object.entries(service.spec?.selector ?? {});
  if (selector.length === 0) throw new ServiceBackendError(`${where} has no selector: no pod to forward to`);
  const pods = await new ResourceClient(transport, podResource).list({ ...call, labelSelector: selector.map(([key, value]) => `${key}=${value}`).join(",") });
  const running = pods.items.filter((pod) => pod.status?.phase === "Running");
  const pod = running.find(isReady) ?? running[0];
  if (pod?.metadata?.name === undefined) {
    throw new ServiceBackendError(`${where} has no running pod (${pods.items.length} pod(s) match its selector ${selector.map(([k, v]) => `${k}=${v}`).join(",")})`);
  }
  return { namespace: target.namespace, pod: pod.metadata.name, port: containerPort(pod, servicePort.targetPort ?? target.port, where) };
}

function isReady(pod: CorePod): boolean {
  return pod.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false;
}

function containerPort(pod: CorePod, targetPort: number | string, where: string): number {
  if (typeof targetPort === "number") return targetPort;
  if (/^\d+$/.test(targetPort)) return Number(targetPort);
  for (const container of pod.spec?.containers ?? []) {
    const named = container.ports?.find((port) => port.name === targetPort);
    if (named !== undefined) return named.containerPort;
  }
  throw new ServiceBackendError(`${where} targets port "${targetPort}", which no container of pod ${pod.metadata?.name} names`);
}
