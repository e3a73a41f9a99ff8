/** The progress line of `trainjobs wait`: the job's status and its steps (the child Jobs the controller reports). */
import type { TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import { toTrainJobStatus } from "../trainer/train-job-summary.ts";

const COUNTS = ["active", "ready", "succeeded", "failed", "suspended"] as const;

/**
 * `Running: dataset-initializer succeeded=1; node active=2 ready=2`, from `status.jobsStatus`, which the watch on
 * the TrainJob carries (so no pod list per update). Pure.
 */
export function summarizeTrainJob(job: TrainerV1alpha1TrainJob): string {
  const steps = (job.status?.jobsStatus ?? []).map((step) => {
    const counts = COUNTS.filter((count) => (step[count] ?? 0) > 0).map((count) => `${count}=${step[count]}`);
    return `${step.name} ${counts.length > 0 ? counts.join(" ") : "pending"}`;
  });
  return `${toTrainJobStatus(job, [])}${steps.length > 0 ? `: ${steps.join("; ")}` : ""}`;
}
