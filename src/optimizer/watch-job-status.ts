/**
 * OptimizerClient.waitForJobStatus, by watch rather than polling. An OptimizationJob's status comes from its
 * Experiment, its Trials and their TrainJobs (optimization-job.ts), so the wait follows the three on the connection's
 * shared informers — the namespace's Experiments (the Experiment by name), the Experiment's Trials by Katib's label,
 * the namespace's TrainJobs (a Trial's TrainJob has its name) — and recomputes the job on every event. Other waits of
 * the connection share these watches. Without the right to list Experiments, the Experiment is read and watched alone
 * by name, as resource/wait-for.ts does for every wait.
 */
import type { TrainerV1alpha1TrainJob } from "../../generated/trainer/v1alpha1/types.ts";
import type { V1beta1Experiment, V1beta1Trial } from "../../generated/katib/v1beta1/types.ts";
import type { Informer } from "../resource/informer.ts";
import type { KubeObject } from "../resource/kube-object.ts";
import type { ResourceClient } from "../resource/resource-client.ts";
import { isNewerState, startDeadline, WaitDeletedError, WaitTimeoutError } from "../resource/wait-for.ts";
import { isForbidden } from "../transport/error-predicates.ts";
import { toTrainJobSummary } from "../trainer/train-job-summary.ts";
import { EXPERIMENT_LABEL, toOptimizationJob, toTrial } from "./optimization-job.ts";
import type { OptimizationJob, OptimizationJobStatus } from "./optimization-types.ts";
import { OptimizationJobFailedError } from "./optimizer-errors.ts";

/** The resource clients the wait reads through (one connection's, so that their informers are shared). */
export interface JobWatchClients {
  experiments: ResourceClient<V1beta1Experiment>;
  trials: ResourceClient<V1beta1Trial>;
  trainJobs: ResourceClient<TrainerV1alpha1TrainJob>;
}

/** What the wait awaits, for how long, and whom it tells. */
export interface JobWatchOptions {
  /** Statuses that end the wait. */
  status: readonly OptimizationJobStatus[];
  timeoutMs: number;
  onProgress?: ((job: OptimizationJob) => void) | undefined;
  namespace?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Resolves with the job as it was when it reached one of the statuses (its TrainJobs summarized without their pods:
 * steps empty). Rejects with OptimizationJobFailedError when it fails first (unless Failed is awaited),
 * WaitTimeoutError with the last job after `timeoutMs`, WaitDeletedError when the Experiment is deleted, NotFoundError
 * when there is none, the signal's reason when it aborts. The informers are released whatever the outcome.
 */
export async function watchJobStatus(clients: JobWatchClients, name: string, options: JobWatchOptions): Promise<OptimizationJob> {
  const deadline = startDeadline(options.timeoutMs, options.signal);
  const handles: Informer<KubeObject>[] = [];
  const watch = new JobWatch(name, options);
  try {
    const scope = options.namespace ? { namespace: options.namespace } : {};
    const experiments = await clients.experiments.informer(scope);
    handles.push(experiments);
    const trials = await clients.trials.informer({ ...scope, labelSelector: `${EXPERIMENT_LABEL}=${name}` });
    handles.push(trials);
    const trainJobs = await clients.trainJobs.informer(scope);
    handles.push(trainJobs);
    return await watch.run({ client: clients.experiments, informer: experiments }, trials, trainJobs, deadline.signal);
  } catch (error) {
    if (deadline.timedOut() && !(error instanceof WaitDeletedError)) {
      const last = watch.last;
      throw new WaitTimeoutError(`OptimizationJob ${name} did not reach ${options.status.join(" or ")} within ${options.timeoutMs} ms (last status ${last?.status ?? "unknown: not read yet"})`, last);
    }
    throw error;
  } finally {
    deadline.clear();
    for (const handle of handles) handle.stop();
  }
}

/** One wait's state: the Experiment as last seen, the job last reported, and how the wait ends. */
class JobWatch {
  /** The job as last computed (for WaitTimeoutError). */
  last: OptimizationJob | undefined;
  readonly #name: string;
  readonly #options: JobWatchOptions;
  #experiment: V1beta1Experiment | undefined;
  #signature = "";
  #ready = false;
  #trials: Informer<V1beta1Trial> | undefined;
  #trainJobs: Informer<TrainerV1alpha1TrainJob> | undefined;
  #resolve!: (job: OptimizationJob) => void;
  #reject!: (error: unknown) => void;
  #settled = false;

  constructor(name: string, options: JobWatchOptions) {
    this.#name = name;
    this.#options = options;
  }

  /** Follows the three sources until the job settles; every handler it adds is removed when it does. */
  async run(experiments: ExperimentSource, trials: Informer<V1beta1Trial>, trainJobs: Informer<TrainerV1alpha1TrainJob>, signal: AbortSignal): Promise<OptimizationJob> {
    this.#trials = trials;
    this.#trainJobs = trainJobs;
    const outcome = new Promise<OptimizationJob>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const stop = new AbortController(); // ends the fallback's watch and the handlers once the wait settles
    const removals: (() => void)[] = [];
    const onAbort = (): void => this.#fail(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const changed = (): void => this.#consider();
    for (const informer of [trials, trainJobs] as Informer<KubeObject>[]) {
      removals.push(informer.on("error", (error) => this.#fail(error)));
      for (const event of ["add", "update", "delete"] as const) removals.push(informer.on(event, changed));
    }
    const until = AbortSignal.any([signal, stop.signal]);
    const setup = Promise.all([this.#followExperiment(experiments, until, removals), trials.synced({ signal: until }), trainJobs.synced({ signal: until })]).then(() => {
      this.#ready = true;
      this.#consider();
    });
    try {
      await Promise.race([setup, outcome]);
      return await outcome;
    } finally {
      this.#settled = true;
      stop.abort();
      signal.removeEventListener("abort", onAbort);
      for (const removal of removals) removal();
      setup.catch(() => undefined); // settled by the outcome; its own rejection then says nothing new
    }
  }

  /**
   * The Experiment from the namespace's informer (its cached state, or a read when the cache has none yet: created
   * since the list, or missing, NotFoundError), then each change. Without `list` on Experiments: a read, then a watch
   * of it alone, by name, in the background until the wait settles.
   */
  async #followExperiment(source: ExperimentSource, signal: AbortSignal, removals: (() => void)[]): Promise<void> {
    const { client, informer } = source;
    const scope = informer.namespace === undefined ? {} : { namespace: informer.namespace };
    try {
      await informer.synced({ signal });
    } catch (error) {
      if (!isForbidden(error)) throw error;
      informer.stop();
      const current = await client.get(this.#name, { ...scope, signal });
      this.#seeExperiment(current);
      void this.#watchByName(client, scope, current.metadata?.resourceVersion ?? "0", signal);
      return;
    }
    const filter = { name: this.#name };
    removals.push(informer.on("error", (error) => this.#fail(error)));
    removals.push(informer.on("delete", () => this.#fail(new WaitDeletedError(`OptimizationJob ${this.#name} (its Experiment) was deleted while waiting`)), filter));
    removals.push(informer.on("add", (experiment) => this.#seeExperiment(experiment), filter));
    removals.push(informer.on("update", (experiment) => this.#seeExperiment(experiment), filter));
    if (this.#experiment === undefined) this.#seeExperiment(await client.get(this.#name, { ...scope, signal }));
  }

  async #watchByName(client: ResourceClient<V1beta1Experiment>, scope: { namespace?: string }, resourceVersion: string, signal: AbortSignal): Promise<void> {
    try {
      for await (const event of client.watch({ ...scope, signal, fieldSelector: `metadata.name=${this.#name}`, resourceVersion })) {
        if (event.type === "DELETED") throw new WaitDeletedError(`OptimizationJob ${this.#name} (its Experiment) was deleted while waiting`);
        if (event.type !== "BOOKMARK") this.#seeExperiment(event.object);
      }
    } catch (error) {
      if (!signal.aborted) this.#fail(error);
    }
  }

  /** Takes a state of the Experiment unless a newer one was seen (a read answered after the watch moved on). */
  #seeExperiment(experiment: V1beta1Experiment): void {
    if (!isNewerState(experiment, this.#experiment)) return;
    this.#experiment = experiment;
    this.#consider();
  }

  /** Recomputes the job; a changed one is reported, then judged. */
  #consider(): void {
    const experiment = this.#experiment;
    if (this.#settled || !this.#ready || experiment === undefined) return;
    try {
      const trials = (this.#trials?.list() ?? []).sort((a, b) => byName(a.metadata?.name, b.metadata?.name));
      const trainJobs = trials.map((trial) => this.#trainJobs?.get(trial.metadata?.name ?? ""));
      const signature = [experiment, ...trials, ...trainJobs].map((object) => `${object?.metadata?.name}@${object?.metadata?.resourceVersion}`).join(" ");
      if (signature === this.#signature) return;
      this.#signature = signature;
      const job = toOptimizationJob(experiment, trials.map((trial, index) => toTrial(trial, trainJobs[index] && toTrainJobSummary(trainJobs[index], []))));
      this.last = job;
      this.#options.onProgress?.(job);
      const wanted = this.#options.status;
      if (job.status === "Failed" && !wanted.includes("Failed")) this.#fail(new OptimizationJobFailedError(job, `OptimizationJob ${this.#name} is Failed`));
      else if (wanted.includes(job.status)) this.#settle(() => this.#resolve(job));
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.#settle(() => this.#reject(error));
  }

  #settle(settle: () => void): void {
    if (this.#settled) return;
    this.#settled = true;
    settle();
  }
}

/** Where the Experiment comes from: the namespace's informer, with its client for the read and the fallback. */
interface ExperimentSource {
  client: ResourceClient<V1beta1Experiment>;
  informer: Informer<V1beta1Experiment>;
}

/** Trials in the apiserver's order, as a list returns them (names are ASCII: code-unit order is byte order). */
function byName(a: string | undefined = "", b: string | undefined = ""): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
