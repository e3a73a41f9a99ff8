/** Errors of Trainer operations that carry the object they are about. */
import type { TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";

/** The TrainJob failed while being waited for. */
export class TrainJobFailedError extends Error {
  readonly code = "ERR_TRAINER_JOB_FAILED";
  readonly job: TrainerV1alpha1TrainJob;
  /** The failed TrainJob, and why. */
  constructor(job: TrainerV1alpha1TrainJob, message: string) {
    super(message);
    this.name = "TrainJobFailedError";
    this.job = job;
  }
}
