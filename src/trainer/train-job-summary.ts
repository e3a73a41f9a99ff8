/**
 * The TrainJob summary `getJob`/`listJobs` return, as the Python SDK shapes it: name, runtime, steps (one per pod,
 * from JobSet labels), node count, creation time and a status of Created | Running | Complete | Failed.
 */
import type { TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import { hasCondition } from "../resource/conditions.ts";
import type { CorePod } from "../resource/core-resources.ts";

/** TrainJob status as the Python SDK defines it. */
export type TrainJobStatus = "Created" | "Running" | "Complete" | "Failed";

/** One step of a TrainJob: an initializer, or a training node. */
export interface TrainJobStep {
  /** `dataset-initializer`, `model-initializer`, `node-0`, `node-1`, … */
  name: string;
  podName: string;
  status: NonNullable<NonNullable<CorePod["status"]>["phase"]> | "Unknown";
  device: "gpu" | "cpu";
  deviceCount: number;
}

/** A TrainJob with what users ask about first. */
export interface TrainJobSummary {
  name: string;
  runtime: string;
  steps: TrainJobStep[];
  numNodes: number;
  creationTimestamp?: string;
  status: TrainJobStatus;
  object: TrainerV1alpha1TrainJob;
}

/**
 * What the controllers write that steps and statuses are read from: JobSet's labels on every pod of a TrainJob (whose
 * JobSet has the TrainJob's name), the Job controller's completion index, the Trainer's `node` replicated job and
 * container, and the TrainJob's terminal condition types. test/e2e/trainer-box.test.ts checks each against the real
 * controllers, so an upstream change fails a test instead of silently emptying `steps`.
 */
export const controllerConventions = {
  jobSetNameLabel: "jobset.sigs.k8s.io/jobset-name",
  replicatedJobLabel: "jobset.sigs.k8s.io/replicatedjob-name",
  completionIndexLabel: "batch.kubernetes.io/job-completion-index",
  trainerReplicatedJob: "node",
  trainerContainer: "node",
  completeCondition: "Complete",
  failedCondition: "Failed",
} as const;

/** The JobSet label the Trainer puts on every pod of a TrainJob. */
export const JOBSET_NAME_LABEL = controllerConventions.jobSetNameLabel;
const { replicatedJobLabel: REPLICATED_JOB_LABEL, completionIndexLabel: COMPLETION_INDEX_LABEL } = controllerConventions;

function toStep(pod: CorePod): TrainJobStep {
  const labels = pod.metadata?.labels ?? {};
  const replicatedJob = labels[REPLICATED_JOB_LABEL] ?? controllerConventions.trainerReplicatedJob;
  const name = replicatedJob.endsWith("initializer") ? replicatedJob : `${replicatedJob}-${labels[COMPLETION_INDEX_LABEL] ?? "0"}`;
  const limits = pod.spec?.containers?.map((c) => c.resources?.limits ?? {}) ?? [];
  const gpus = limits.reduce((sum, limit) => sum + Number(limit["nvidia.com/gpu"] ?? 0), 0);
  const cpus = limits.reduce((sum, limit) => sum + parseCpu(limit.cpu), 0);
  return { name, podName: pod.metadata?.name ?? "", status: pod.status?.phase ?? "Unknown", device: gpus > 0 ? "gpu" : "cpu", deviceCount: gpus > 0 ? gpus : cpus };
}

function parseCpu(value: string | undefined): number {
  if (!value) return 0;
  return value.endsWith("m") ? Number(value.slice(0, -1)) / 1000 : Number(value);
}

/**
 * The status from conditions (Complete, Failed), else Running when a step's pod runs or the controller reports
 * active jobs (`status.jobsStatus`, which lets a watch on the TrainJob alone see it), else Created.
 */
export function toTrainJobStatus(job: TrainerV1alpha1TrainJob, steps: readonly TrainJobStep[]): TrainJobStatus {
  if (hasCondition(job, controllerConventions.completeCondition)) return "Complete";
  if (hasCondition(job, controllerConventions.failedCondition)) return "Failed";
  const active = job.status?.jobsStatus?.some((status) => (status.active ?? 0) > 0 || (status.ready ?? 0) > 0) ?? false;
  return active || steps.some((step) => step.status === "Running") ? "Running" : "Created";
}

/** Builds the summary from the job and its pods. */
export function toTrainJobSummary(job: TrainerV1alpha1TrainJob, pods: readonly CorePod[]): TrainJobSummary {
  const steps = pods.map(toStep).sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  return {
    name: job.metadata?.name ?? "",
    runtime: job.spec?.runtimeRef?.name ?? "",
    steps,
    numNodes: job.spec?.trainer?.numNodes ?? steps.filter((step) => step.name.startsWith("node-")).length,
    ...(job.metadata?.creationTimestamp ? { creationTimestamp: job.metadata.creationTimestamp } : {}),
    status: toTrainJobStatus(job, steps),
    object: job,
  };
}
