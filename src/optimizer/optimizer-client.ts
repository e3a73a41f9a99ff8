/**
 * OptimizerClient: the Kubeflow SDK's OptimizerClient (`kubeflow.optimizer`), typed. An OptimizationJob is a Katib
 * Experiment whose trials are TrainJobs; this client builds it from a function trainer and a search space, and reads
 * it back as the SDK's summaries, on a Katib and a Trainer client sharing one connection.
 */
import type { V1beta1Experiment } from "../../generated/katib/v1beta1/types.ts";
import type { ClientOptions } from "../config/client-options.ts";
import { KatibClient } from "../katib/katib-client.ts";
import { openConnection, type Connection } from "../resource/connection.ts";
import { eventResource, podResource, type CoreEvent, type CorePod } from "../resource/core-resources.ts";
import { ResourceClient, type CallOptions, type DeleteOptions, type WriteOptions } from "../resource/resource-client.ts";
import { JOBSET_NAME_LABEL, toTrainJobSummary } from "../trainer/train-job-summary.ts";
import { TrainerClient } from "../trainer/trainer-client.ts";
import { isOptimizationJob, toBestResult, toOptimizationJob, toTrial } from "./optimization-job.ts";
import type { OptimizationJob, OptimizationJobStatus, OptimizeOptions, Result } from "./optimization-types.ts";
import { watchJobStatus } from "./watch-job-status.ts";

/** The sidecar Katib adds to a trial's pod to collect its metrics; its log is the training's output. */
const METRICS_COLLECTOR_CONTAINER = "metrics-logger-and-collector";
const STATUSES: readonly OptimizationJobStatus[] = ["Created", "Running", "Complete", "Failed"];

/** Options of `getJobLogs`. */
export interface OptimizationJobLogOptions extends CallOptions {
  /** The trial to read; default the best trial so far, else the first one. */
  trialName?: string;
  /** Stream the log as it is written, until the trial's pod ends. */
  follow?: boolean;
}

/** Options of `waitForJobStatus` (the SDK's `status`, `timeout` and `callbacks`; it watches where the SDK polls). */
export interface WaitForOptimizationJobOptions extends CallOptions {
  /** Statuses that end the wait; default ["Complete"]. */
  status?: readonly OptimizationJobStatus[];
  /** Longest wait; default 3,600,000 (an hour), then a WaitTimeoutError carrying the job as last seen. */
  timeoutMs?: number;
  /** Called with the job each time it changes (its Experiment, a Trial or a Trial's TrainJob). */
  onProgress?: (job: OptimizationJob) => void;
}

/** A client for the Kubeflow SDK's optimizer: hyperparameter optimization of TrainJobs by Katib. */
export class OptimizerClient {
  readonly connection: Connection;
  /** The Katib client on the same connection (the Experiments and Trials). */
  readonly katib: KatibClient;
  /** The Trainer client on the same connection (the trials' TrainJobs). */
  readonly trainer: TrainerClient;
  readonly #events: ResourceClient<CoreEvent>;
  readonly #pods: ResourceClient<CorePod>;

  /** A client from connection options (kubeconfig, in-cluster or explicit), or on a Connection shared with other clients. */
  constructor(options: ClientOptions | Connection = {}) {
    this.connection = openConnection(options);
    this.katib = new KatibClient(this.connection);
    this.trainer = new TrainerClient(this.connection);
    this.#events = new ResourceClient(this.connection, eventResource);
    this.#pods = new ResourceClient(this.connection, podResource);
  }

  /**
   * Creates an OptimizationJob: a Katib Experiment whose trials run the template's function as TrainJobs with the
   * search space's parameters as keyword arguments, as the SDK's `optimize()` builds it; returns its generated name.
   * Defaults: 10 trials one at a time, random search, minimize "loss". Bad arguments are a TypeError or RangeError
   * naming the field, thrown before any request; the runtime is read first (its entrypoint is the trials' command).
   */
  async optimize(options: OptimizeOptions, call: Omit<WriteOptions, "namespace"> = {}): Promise<string> {
    const { planOptimization } = await import("./optimize-experiment.ts");
    const plan = planOptimization(options);
    const runtime = plan.needsRuntime ? await this.trainer.getRuntime(plan.runtime, call) : undefined;
    const created = await this.katib.createExperiment(plan.build(runtime), call);
    return created.metadata?.name ?? plan.name;
  }

  /**
   * The OptimizationJobs of the namespace, with their trials. Experiments the SDK's optimizer cannot read (another
   * algorithm, no budget) are left out, where the Python SDK's `list_jobs` fails on them.
   */
  async listJobs(options: CallOptions = {}): Promise<OptimizationJob[]> {
    const experiments = (await this.katib.listExperiments(options)).filter(isOptimizationJob);
    if (experiments.length === 0) return [];
    const [trials, trainJobs] = await Promise.all([this.katib.listTrials(options), this.#trainJobs(options)]);
    return experiments.map((experiment) =>
      toOptimizationJob(
        experiment,
        trials.filter((trial) => trial.metadata?.labels?.["katib.kubeflow.org/experiment"] === experiment.metadata?.name).map((trial) => toTrial(trial, trainJobs.get(trial.metadata?.name ?? ""))),
      ),
    );
  }

  /** One OptimizationJob with its trials; a TypeError for an Experiment the SDK's optimizer cannot read. */
  async getJob(name: string, options: CallOptions = {}): Promise<OptimizationJob> {
    checkName(name, "getJob");
    return this.#job(await this.katib.getExperiment(name, options), options);
  }

  /** The best trial's hyperparameters and metrics so far, or null until Katib has a best trial. */
  async getBestResults(name: string, options: CallOptions = {}): Promise<Result | null> {
    checkName(name, "getBestResults");
    return toBestResult(await this.katib.getExperiment(name, options));
  }

  /**
   * Log lines of a trial's training (its node-0 pod, read from the metrics collector's container, as the SDK reads
   * them): the named trial's, else the best trial's so far, else the first trial's. Nothing when there is no trial or
   * its pod has not started yet (unless `follow`, which waits for it).
   */
  async *getJobLogs(name: string, options: OptimizationJobLogOptions = {}): AsyncGenerator<string> {
    checkName(name, "getJobLogs");
    const { trialName, follow, ...call } = options;
    let trial = trialName;
    if (trial === undefined) {
      const experiment = await this.katib.getExperiment(name, call);
      trial = experiment.status?.currentOptimalTrial?.bestTrialName || (await this.katib.listTrials({ ...call, experimentName: name }))[0]?.metadata?.name;
      if (!trial) return;
    }
    const job = await this.trainer.getJob(trial, call).catch((error: unknown) => {
      if (follow) return undefined;
      throw error;
    });
    const started = job?.steps.some((step) => step.name === "node-0" && step.status !== "Pending");
    if (!started && !follow) return;
    yield* this.trainer.getJobLogs(trial, { ...call, step: "node-0", container: METRICS_COLLECTOR_CONTAINER, ...(follow ? { follow } : {}) });
  }

  /**
   * Waits, by watch, until the job has one of the statuses (Complete by default), as the SDK's `wait_for_job_status`
   * without its polling: the Experiment, its Trials and their TrainJobs (its Running status comes from them) are
   * followed on the connection's shared informers and the job is recomputed on each change. Rejects with
   * OptimizationJobFailedError when it fails first (unless Failed is awaited), WaitTimeoutError after `timeoutMs`.
   * Resolves with the job as the wait last saw it, its TrainJobs with their steps.
   */
  async waitForJobStatus(name: string, options: WaitForOptimizationJobOptions = {}): Promise<OptimizationJob> {
    checkName(name, "waitForJobStatus");
    const { status = ["Complete"], timeoutMs = 3_600_000, onProgress, ...call } = options;
    const unknown = status.filter((value) => !STATUSES.includes(value));
    if (unknown.length > 0) throw new RangeError(`waitForJobStatus: status ${unknown.join(", ")} is not one of ${STATUSES.join(", ")}`);
    if (!(timeoutMs > 0)) throw new RangeError(`waitForJobStatus: timeoutMs must be a positive number, got ${timeoutMs}`);
    const clients = { experiments: this.katib.experiments, trials: this.katib.trials, trainJobs: this.trainer.trainJobs };
    const job = await watchJobStatus(clients, name, { status, timeoutMs, onProgress, namespace: call.namespace, signal: call.signal });
    // The TrainJobs' steps, as getJob has them: their pods, read once the wait is over.
    const pods = await this.#pods.list({ ...call, labelSelector: JOBSET_NAME_LABEL });
    const podsOf = (jobName: string): CorePod[] => pods.items.filter((pod) => pod.metadata?.labels?.[JOBSET_NAME_LABEL] === jobName);
    return { ...job, trials: job.trials.map((trial) => ({ ...trial, trainJob: trial.trainJob && toTrainJobSummary(trial.trainJob.object, podsOf(trial.trainJob.name)) })) };
  }

  /** Deletes the OptimizationJob (its Experiment; Katib removes the trials and their TrainJobs). */
  async deleteJob(name: string, options: DeleteOptions = {}): Promise<void> {
    checkName(name, "deleteJob");
    await this.katib.deleteExperiment(name, options);
  }

  /**
   * Events of the OptimizationJob's Experiment and of its Trials, oldest first (by first occurrence), as the SDK
   * selects them (events without a first timestamp are left out). NotFoundError when there is no such job.
   */
  async getJobEvents(name: string, options: CallOptions = {}): Promise<CoreEvent[]> {
    checkName(name, "getJobEvents");
    const [, trials, events] = await Promise.all([this.katib.getExperiment(name, options), this.katib.listTrials({ ...options, experimentName: name }), this.#events.list(options)]);
    const names = new Set([name, ...trials.map((trial) => trial.metadata?.name)]);
    return events.items
      .filter((event) => event.firstTimestamp && (event.involvedObject?.kind === "Experiment" || event.involvedObject?.kind === "Trial") && names.has(event.involvedObject.name))
      .sort((a, b) => Date.parse(a.firstTimestamp ?? "") - Date.parse(b.firstTimestamp ?? ""));
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.connection.close();
  }

  async #job(experiment: V1beta1Experiment, options: CallOptions): Promise<OptimizationJob> {
    const name = experiment.metadata?.name ?? "";
    const [trials, trainJobs] = await Promise.all([this.katib.listTrials({ ...options, experimentName: name }), this.#trainJobs(options)]);
    return toOptimizationJob(experiment, trials.map((trial) => toTrial(trial, trainJobs.get(trial.metadata?.name ?? ""))));
  }

  async #trainJobs(options: CallOptions): Promise<Map<string, Awaited<ReturnType<TrainerClient["getJob"]>>>> {
    return new Map((await this.trainer.listJobs(options)).map((job) => [job.name, job]));
  }
}

function checkName(name: string, method: string): void {
  if (typeof name !== "string" || name === "") throw new TypeError(`${method}: name is empty: give the OptimizationJob's name`);
}

