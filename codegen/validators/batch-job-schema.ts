/**
 * batch/v1 Job, which Katib's OpenAPI document lacks although its webhook requires a Job trial template to convert
 * into one (validator.go validateTrialJob: `runtime.DefaultUnstructuredConverter.FromUnstructured(…, &batchv1.Job{})`
 * plus a patch check that rejects any field the conversion dropped). The Job-level fields are written here from
 * k8s.io/api batch/v1 types.go (Kubernetes 1.33); the pod template uses the document's core/v1 schemas.
 */
import type { JsonSchema } from "../crd.ts";

const CORE = "#/components/schemas/io.k8s.api.core.v1";
const META = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1";
const int32 = { type: "integer", format: "int32" };
const string = { type: "string" };
const strings = { type: "array", items: string };

/** Names the Job schemas are added under, beside the document's own. */
export const BATCH_JOB = "io.k8s.api.batch.v1.Job";

const podFailurePolicyRule: JsonSchema = {
  type: "object",
  properties: {
    action: string,
    onExitCodes: { type: "object", properties: { containerName: string, operator: string, values: { type: "array", items: int32 } } },
    onPodConditions: { type: "array", items: { type: "object", properties: { type: string, status: string } } },
  },
};

const jobSpec: JsonSchema = {
  type: "object",
  properties: {
    parallelism: int32,
    completions: int32,
    activeDeadlineSeconds: { type: "integer", format: "int64" },
    podFailurePolicy: { type: "object", properties: { rules: { type: "array", items: podFailurePolicyRule } } },
    successPolicy: {
      type: "object",
      properties: { rules: { type: "array", items: { type: "object", properties: { succeededIndexes: string, succeededCount: int32 } } } },
    },
    backoffLimit: int32,
    backoffLimitPerIndex: int32,
    maxFailedIndexes: int32,
    selector: { $ref: `${META}.LabelSelector` },
    manualSelector: { type: "boolean" },
    template: { $ref: `${CORE}.PodTemplateSpec` },
    ttlSecondsAfterFinished: int32,
    completionMode: string,
    suspend: { type: "boolean" },
    podReplacementPolicy: string,
    managedBy: string,
  },
};

const jobCondition: JsonSchema = {
  type: "object",
  properties: {
    type: string,
    status: string,
    lastProbeTime: { $ref: `${META}.Time` },
    lastTransitionTime: { $ref: `${META}.Time` },
    reason: string,
    message: string,
  },
};

const jobStatus: JsonSchema = {
  type: "object",
  properties: {
    conditions: { type: "array", items: jobCondition },
    startTime: { $ref: `${META}.Time` },
    completionTime: { $ref: `${META}.Time` },
    active: int32,
    succeeded: int32,
    failed: int32,
    terminating: int32,
    completedIndexes: string,
    failedIndexes: string,
    uncountedTerminatedPods: { type: "object", properties: { succeeded: strings, failed: strings } },
    ready: int32,
  },
};

/** The Job schema and its parts, keyed by definition name. */
export const BATCH_JOB_SCHEMAS: Record<string, JsonSchema> = {
  [BATCH_JOB]: {
    type: "object",
    properties: {
      apiVersion: string,
      kind: string,
      metadata: { $ref: `${META}.ObjectMeta` },
      spec: { $ref: "#/components/schemas/io.k8s.api.batch.v1.JobSpec" },
      status: { $ref: "#/components/schemas/io.k8s.api.batch.v1.JobStatus" },
    },
  },
  "io.k8s.api.batch.v1.JobSpec": jobSpec,
  "io.k8s.api.batch.v1.JobStatus": jobStatus,
};

/** Whether a document carries what the Job schema refers to. */
export function canDescribeBatchJob(definitions: Record<string, JsonSchema>): boolean {
  return !!definitions["io.k8s.api.core.v1.PodTemplateSpec"] && !!definitions["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"];
}
