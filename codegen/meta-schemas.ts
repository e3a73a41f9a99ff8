/**
 * The meta/v1 schemas a document built from CRDs alone needs (ObjectMeta, ListMeta, Status, DeleteOptions), for
 * inputs that do not carry them. Written from the Kubernetes API reference; OpenAPI documents that include their
 * own meta/v1 schemas (Katib's, Trainer's, a cluster's) keep theirs.
 */
import type { JsonSchema } from "./crd.ts";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const string = { type: "string" };
const int64 = { type: "integer", format: "int64" };
const time = { type: "string", format: "date-time" };
const stringMap = { type: "object", additionalProperties: { type: "string" } };

/** meta/v1 schemas keyed by their OpenAPI names. */
export const META_SCHEMAS: Record<string, JsonSchema> = {
  [`${META}.ObjectMeta`]: {
    type: "object",
    description: "Standard object metadata.",
    properties: {
      name: string,
      generateName: string,
      namespace: string,
      uid: string,
      resourceVersion: string,
      generation: int64,
      creationTimestamp: time,
      deletionTimestamp: time,
      deletionGracePeriodSeconds: int64,
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: "array", items: string },
      ownerReferences: {
        type: "array",
        items: {
          type: "object",
          required: ["apiVersion", "kind", "name", "uid"],
          properties: { apiVersion: string, kind: string, name: string, uid: string, controller: { type: "boolean" }, blockOwnerDeletion: { type: "boolean" } },
        },
      },
      managedFields: { type: "array", items: { type: "object", additionalProperties: true } },
    },
  },
  [`${META}.ListMeta`]: {
    type: "object",
    properties: { resourceVersion: string, continue: string, remainingItemCount: int64, selfLink: string },
  },
  [`${META}.Status`]: {
    type: "object",
    properties: {
      apiVersion: string,
      kind: string,
      status: string,
      message: string,
      reason: string,
      code: { type: "integer", format: "int32" },
      details: {
        type: "object",
        properties: {
          name: string,
          group: string,
          kind: string,
          uid: string,
          retryAfterSeconds: { type: "integer", format: "int32" },
          causes: { type: "array", items: { type: "object", properties: { reason: string, message: string, field: string } } },
        },
      },
    },
  },
  [`${META}.DeleteOptions`]: {
    type: "object",
    properties: {
      apiVersion: string,
      kind: string,
      dryRun: { type: "array", items: string },
      gracePeriodSeconds: int64,
      propagationPolicy: string,
      preconditions: { type: "object", properties: { resourceVersion: string, uid: string } },
    },
  },
};
