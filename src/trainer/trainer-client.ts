/**
 * TrainerClient: the Kubeflow Python SDK's TrainerClient abilities, typed, on the generic ResourceClient.
 */
import type { TrainerV1alpha1ClusterTrainingRuntime, TrainerV1alpha1TrainingRuntime, TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import type { paths as TrainerPaths } from "../../generated/trainer/v1alpha1/openapi.ts";
import { clusterTrainingRuntimeResource, trainingRuntimeResource, trainJobResource } from "../../generated/trainer/v1alpha1/resources.ts";
import type { Client } from "openapi-fetch";
import type { ClientOptions } from "../config/client-options.ts";
import { findCondition } from "../resource/conditions.ts";
import { openConnection, type Connection } from "../resource/connection.ts";
import { eventResource, podResource, type CoreEvent, type CorePod } from "../resource/core-resources.ts";
import { readPodLogs } from "../resource/pod-logs.ts";
import { ResourceClient, type CallOptions, type DeleteOptions } from "../resource/resource-client.ts";
import { waitFor } from "../resource/wait-for.ts";
import { isForbidden, isNotFound } from "../transport/error-predicates.ts";
import { mergeRuntimes, toRuntimeSummary, type RuntimeSummary } from "./runtime-summary.ts";
import type { TrainOptions } from "./train-options.ts";
import { controllerConventions, JOBSET_NAME_LABEL, toTrainJobSummary, type TrainJobStatus, type TrainJobSummary } from "./train-job-summary.ts";
import { TrainJobFailedError } from "./trainer-errors.ts";

/** Options of `waitForJobStatus`. */
export interface WaitForJobOptions extends CallOptions {
  /** Statuses that end the wait; default ["Complete"]. */
  status?: TrainJobStatus[];
  /** Longest wait; default no limit (a WaitTimeoutError after it). */
  timeoutMs?: number;
  /** Called with the job's summary each time it changes while waiting. */
  onProgress?: (job: TrainJobSummary) => void;
}

/** A client for Kubeflow Trainer (trainer.kubeflow.org/v1alpha1). The namespace is the client's unless a call names one. */
export class TrainerClient {
  readonly trainJobs: ResourceClient<TrainerV1alpha1TrainJob>;
  readonly trainingRuntimes: ResourceClient<TrainerV1alpha1TrainingRuntime>;
  readonly clusterTrainingRuntimes: ResourceClient<TrainerV1alpha1ClusterTrainingRuntime>;
  readonly connection: Connection;
  readonly #pods: ResourceClient<CorePod>;
  readonly #events: ResourceClient<CoreEvent>;

  /** A client from connection options (kubeconfig, in-cluster or explicit), or on a Connection shared with other clients. */
  constructor(options: ClientOptions | Connection = {}) {
    this.connection = openConnection(options);
    this.trainJobs = new ResourceClient(this.connection, trainJobResource);
    this.trainingRuntimes = new ResourceClient(this.connection, trainingRuntimeResource);
    this.clusterTrainingRuntimes = new ResourceClient(this.connection, clusterTrainingRuntimeResource);
    this.#pods = new ResourceClient(this.connection, podResource);
    this.#events = new ResourceClient(this.connection, eventResource);
  }

  /**
   * Namespaced TrainingRuntimes and ClusterTrainingRuntimes, merged by name (namespaced wins). When one scope is
   * forbidden or not installed, it is logged and the other still answers; when both fail, the first error is thrown.
   */
  async listRuntimes(options: CallOptions = {}): Promise<RuntimeSummary[]> {
    const [namespaced, cluster] = await Promise.allSettled([this.trainingRuntimes.list(options), this.clusterTrainingRuntimes.list(options)]);
    if (namespaced.status === "rejected" && cluster.status === "rejected") throw namespaced.reason;
    const logger = this.connection.logger();
    const scoped = (result: typeof namespaced | typeof cluster, scope: RuntimeSummary["scope"]): RuntimeSummary[] => {
      if (result.status === "fulfilled") return result.value.items.map((item) => toRuntimeSummary(item, scope));
      if (!isForbidden(result.reason) && !isNotFound(result.reason)) throw result.reason;
      logger.warn(`listRuntimes: ${scope === "Cluster" ? "ClusterTrainingRuntimes" : "TrainingRuntimes"} unavailable: ${(result.reason as Error).message.split("\n")[0]}`);
      return [];
    };
    return mergeRuntimes(scoped(namespaced, "Namespaced"), scoped(cluster, "Cluster"));
  }

  /** A runtime by name: the namespaced one, else (only when that is NotFound) the cluster one. */
  async getRuntime(name: string, options: CallOptions = {}): Promise<RuntimeSummary> {
    try {
      return toRuntimeSummary(await this.trainingRuntimes.get(name, options), "Namespaced");
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return toRuntimeSummary(await this.clusterTrainingRuntimes.get(name, options), "Cluster");
    }
  }

  /**
   * Creates a TrainJob from the arguments, as the Python SDK's `train()` builds it, and returns its name. The runtime
   * is torch-distributed unless named. A container trainer is sent as it is; a function or TorchTune trainer reads
   * the runtime first (as `getRuntime`), whose entrypoint its command uses. Bad arguments are a TypeError or
   * RangeError naming the field, thrown before any request; a trainer that does not fit the runtime (a function on a
   * TorchTune runtime, TorchTune on a custom one) is a TypeError after the runtime is read, before the TrainJob is sent.
   */
  async train(options: TrainOptions = {}, call: CallOptions = {}): Promise<string> {
    const { planTrainJob } = await import("./train-job-spec.ts");
    const plan = planTrainJob(options);
    const runtime = plan.needsRuntime ? await this.getRuntime(plan.runtime, call) : undefined;
    const created = await this.trainJobs.create(plan.build(runtime), call);
    return created.metadata?.name ?? "";
  }

  /**
   * The Python version, `pip list` and (with GPUs) `nvidia-smi` of a runtime's image, as the Python SDK's
   * `get_runtime_packages`: a one-node TrainJob of the runtime runs a function that prints them (one CPU unless the
   * runtime has GPUs), its node-0 logs are read once it completes, and it is deleted, whatever happens. Returns the
   * log lines (Python prints them). A runtime with the builtin TorchTune trainer is a TypeError, before anything is
   * created; a Failed job rejects with TrainJobFailedError (the job is deleted all the same).
   */
  async getRuntimePackages(runtime: string | RuntimeSummary, options: CallOptions & { timeoutMs?: number } = {}): Promise<string[]> {
    const summary = typeof runtime === "string" ? await this.getRuntime(runtime, options) : runtime;
    const { toRuntimePackagesOptions } = await import("./runtime-packages.ts");
    const { timeoutMs, ...call } = options;
    const name = await this.train(toRuntimePackagesOptions(summary), call);
    try {
      await this.waitForJobStatus(name, { ...call, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
      const lines: string[] = [];
      for await (const line of this.getJobLogs(name, call)) lines.push(line);
      return lines;
    } finally {
      // Without the call's signal: an aborted call still removes its job.
      const { signal: _signal, ...cleanup } = call;
      await this.deleteJob(name, cleanup).catch((error: unknown) => this.connection.logger().warn(`getRuntimePackages: could not delete the TrainJob ${name}: ${(error as Error).message.split("\n")[0]}`));
    }
  }

  /** TrainJobs of the namespace, optionally those of one runtime, as summaries. */
  async listJobs(options: CallOptions & { runtime?: string } = {}): Promise<TrainJobSummary[]> {
    const [jobs, pods] = await Promise.all([this.trainJobs.list(options), this.#pods.list({ ...options, labelSelector: JOBSET_NAME_LABEL })]);
    return jobs.items
      .filter((job) => !options.runtime || job.spec?.runtimeRef?.name === options.runtime)
      .map((job) => toTrainJobSummary(job, pods.items.filter((pod) => pod.metadata?.labels?.[JOBSET_NAME_LABEL] === job.metadata?.name)));
  }

  /** One TrainJob as a summary, with its steps. */
  async getJob(name: string, options: CallOptions = {}): Promise<TrainJobSummary> {
    const [job, pods] = await Promise.all([this.trainJobs.get(name, options), this.#pods.list({ ...options, labelSelector: `${JOBSET_NAME_LABEL}=${name}` })]);
    return toTrainJobSummary(job, pods.items);
  }

  /** Log lines of one step (default node-0). With `follow`, waits for the step's pod and streams until it ends. */
  async *getJobLogs(name: string, options: CallOptions & { step?: string; follow?: boolean; container?: string } = {}): AsyncGenerator<string> {
    const step = options.step ?? "node-0";
    let podName = (await this.getJob(name, options)).steps.find((s) => s.name === step)?.podName;
    if (!podName && options.follow) {
      for await (const event of this.#pods.watch({ ...options, labelSelector: `${JOBSET_NAME_LABEL}=${name}` })) {
        const summary = toTrainJobSummary({}, [event.object]).steps[0];
        if (summary?.name === step) {
          podName = summary.podName;
          break;
        }
      }
    }
    if (!podName) throw new Error(`TrainJob ${name} has no step ${step} yet; pass follow: true to wait for it`);
    yield* readPodLogs(this.connection, this.#pods, podName, { ...options, ...(options.container ? { container: options.container } : { container: step.endsWith("initializer") ? step : controllerConventions.trainerContainer }) });
  }

  /** Events of the TrainJob and of its pods and jobs, oldest first. */
  async getJobEvents(name: string, options: CallOptions = {}): Promise<CoreEvent[]> {
    const events = (await this.#events.list(options)).items.filter((event) => event.involvedObject?.name === name || event.involvedObject?.name?.startsWith(`${name}-`));
    const time = (event: CoreEvent): string => event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? "";
    return events.sort((a, b) => time(a).localeCompare(time(b)));
  }

  /**
   * Waits, by watch, for one of the statuses (Complete by default); a Failed job rejects with TrainJobFailedError.
   * Resolves with the job and its steps.
   */
  async waitForJobStatus(name: string, options: WaitForJobOptions = {}): Promise<TrainJobSummary> {
    const { status, onProgress, ...call } = options;
    const wanted = new Set<TrainJobStatus>(status ?? ["Complete"]);
    const summary = (job: TrainerV1alpha1TrainJob): TrainJobSummary => toTrainJobSummary(job, []);
    const job = await waitFor(this.trainJobs, name, {
      ...call,
      isDone: (object) => wanted.has(summary(object).status),
      goal: `status ${[...wanted].join(" or ")}`,
      failure: (object) => {
        if (wanted.has("Failed") || summary(object).status !== "Failed") return undefined;
        const failed = findCondition(object, controllerConventions.failedCondition);
        return new TrainJobFailedError(object, `TrainJob ${name} failed${failed?.reason ? ` (${failed.reason})` : ""}${failed?.message ? `: ${failed.message}` : ""}`);
      },
      onProgress: (object) => onProgress?.(summary(object)),
    });
    // The answer has the steps, as the Python SDK's does: the job as the wait last saw it, with its pods.
    const pods = await this.#pods.list({ ...call, labelSelector: `${JOBSET_NAME_LABEL}=${name}` });
    return toTrainJobSummary(job, pods.items);
  }

  /** Deletes a TrainJob. */
  async deleteJob(name: string, options: DeleteOptions = {}): Promise<void> {
    await this.trainJobs.delete(name, options);
  }

  /** The typed openapi-fetch client for every Trainer REST path (see Connection.openapi). */
  api(): Promise<Client<TrainerPaths>> {
    return this.connection.openapi<TrainerPaths>();
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
