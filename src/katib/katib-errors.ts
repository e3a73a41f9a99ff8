/** Errors of Katib operations that carry the object they are about. */
import type { V1beta1Experiment } from "../../generated/katib/v1beta1/types.ts";

/** The Experiment reached the Failed condition while being waited for. */
export class ExperimentFailedError extends Error {
  readonly code = "ERR_KATIB_EXPERIMENT_FAILED";
  readonly experiment: V1beta1Experiment;
  constructor(experiment: V1beta1Experiment, message: string) {
    super(message);
    this.name = "ExperimentFailedError";
    this.experiment = experiment;
  }
}
