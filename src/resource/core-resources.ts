/**
 * The few core (group "") kinds the Kubeflow clients use: pods (for trial and job logs and steps), events, services
 * (to reach Katib's DB manager through a pod of its Service) and PersistentVolumeClaims (the one tune() creates for
 * its LLM path).
 * Typed loosely on purpose: the clients read a handful of fields, and the full core types belong to the user's
 * Kubernetes client of choice.
 */
import type { V1PersistentVolumeClaim } from "../../generated/katib/v1beta1/core.ts";
import type { ResourceDescriptor } from "../../generated/resource-descriptor.ts";

/** The fields of a Pod the clients read. */
export interface CorePod {
  apiVersion?: "v1";
  kind?: "Pod";
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string; creationTimestamp?: string; uid?: string };
  spec?: {
    containers?: Array<{ name: string; ports?: Array<{ name?: string; containerPort: number }>; resources?: { limits?: Record<string, string>; requests?: Record<string, string> } }>;
    initContainers?: Array<{ name: string }>;
  };
  status?: {
    phase?: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
    conditions?: Array<{ type: string; status: string }>;
    containerStatuses?: Array<{ name: string; ready?: boolean; state?: Record<string, unknown> }>;
  };
}

/** The fields of a Service the clients read. */
export interface CoreService {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { selector?: Record<string, string>; ports?: Array<{ name?: string; port: number; targetPort?: number | string }> };
}

/** The fields of an Event the clients read. */
export interface CoreEvent {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; creationTimestamp?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

const core = { group: "", version: "v1", apiVersion: "v1", subresources: [], shortNames: [], categories: [], printerColumns: [] } as const;

/** Pods (core/v1). */
export const podResource: ResourceDescriptor<CorePod, { items: CorePod[] }> = { ...core, kind: "Pod", listKind: "PodList", plural: "pods", singular: "pod", namespaced: true, subresources: ["status", "log"] };

/** Events (core/v1). */
export const eventResource: ResourceDescriptor<CoreEvent, { items: CoreEvent[] }> = { ...core, kind: "Event", listKind: "EventList", plural: "events", singular: "event", namespaced: true };

/** Services (core/v1). */
export const serviceResource: ResourceDescriptor<CoreService, { items: CoreService[] }> = { ...core, kind: "Service", listKind: "ServiceList", plural: "services", singular: "service", namespaced: true, subresources: ["status"] };

/** PersistentVolumeClaims (core/v1). */
export const persistentVolumeClaimResource: ResourceDescriptor<V1PersistentVolumeClaim, { items: V1PersistentVolumeClaim[] }> = {
  ...core,
  kind: "PersistentVolumeClaim",
  listKind: "PersistentVolumeClaimList",
  plural: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  namespaced: true,
  subresources: ["status"],
  shortNames: ["pvc"],
};
