/** Errors of OptimizerClient operations that carry the job they are about. */
import type { OptimizationJob } from "./optimization-types.ts";

/** The OptimizationJob became Failed while `waitForJobStatus` waited for another status. */
export class OptimizationJobFailedError extends Error {
  readonly code = "ERR_KFTS_OPTIMIZATION_JOB_FAILED";
  readonly job: OptimizationJob;
  /** The failed job, and why. */
  constructor(job: OptimizationJob, message: string) {
    super(message);
    this.name = "OptimizationJobFailedError";
    this.job = job;
  }
}
