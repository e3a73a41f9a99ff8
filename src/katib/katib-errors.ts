/** Errors of Katib operations that carry the object they are about. */
import type { V1beta1Experiment } from "../../generated/katib/v1beta1/types.ts";

/** The Experiment reached the Failed condition while being waited for. */
export class ExperimentFailedError extends Error {
  readonly code = "ERR_KATIB_EXPERIMENT_FAILED";
  readonly experiment: V1beta1Experiment;
  /** The failed Experiment, and why. */
  constructor(experiment: V1beta1Experiment, message: string) {
    super(message);
    this.name = "ExperimentFailedError";
    this.experiment = experiment;
  }
}

/** The gRPC status codes the DB manager client reports itself (the server's own come through as they are). */
export const GRPC_STATUS = { INVALID_ARGUMENT: 3, UNKNOWN: 2, DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 } as const;

/** Katib's DB manager answered with a gRPC error, or could not be reached (`KatibClient.getTrialMetrics`). */
export class DbManagerError extends Error {
  readonly code = "ERR_KATIB_DB_MANAGER";
  /** The gRPC status code (2 UNKNOWN when the answer was not gRPC). */
  readonly grpcStatus: number;
  /** What failed, with the call's gRPC status code (see GRPC_STATUS). */
  constructor(message: string, grpcStatus: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DbManagerError";
    this.grpcStatus = grpcStatus;
  }
}
