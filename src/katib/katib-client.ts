/**
 * KatibClient: the Katib Python SDK's abilities, typed. Experiments, Trials and Suggestions go through one generic
 * ResourceClient each; domain helpers (status, search space, logs) live in small modules beside this one.
 */
import type { V1beta1Experiment, V1beta1ExperimentCondition, V1beta1OptimalTrial, V1beta1ParameterAssignment, V1beta1Suggestion, V1beta1Trial } from "../../generated/katib/v1beta1/types.ts";
import type { paths as KatibPaths } from "../../generated/katib/v1beta1/openapi.ts";
import { experimentResource, suggestionResource, trialResource } from "../../generated/katib/v1beta1/resources.ts";
import type { Client } from "openapi-fetch";
import type { ClientOptions } from "../config/client-options.ts";
import { openConnection, type Connection } from "../resource/connection.ts";
import { persistentVolumeClaimResource, podResource } from "../resource/core-resources.ts";
import { readPodLogs } from "../resource/pod-logs.ts";
import { ResourceClient, type CallOptions, type DeleteOptions, type WriteOptions } from "../resource/resource-client.ts";
import { updateWithRetry } from "../resource/update-with-retry.ts";
import { waitFor } from "../resource/wait-for.ts";
import { isAlreadyExists } from "../transport/error-predicates.ts";
import type { DbManagerLocation } from "./db-manager-connection.ts";
import type { MetricLog } from "./db-manager.ts";
import { ExperimentFailedError } from "./katib-errors.ts";
import { experimentFailure, isExperimentIn, toOptimalTrial, type ExperimentConditionType } from "./experiment-status.ts";
import type { TuneLlmOptions, TuneOptions } from "./tune-experiment.ts";

/** The label Katib puts on a Trial's pods and on an Experiment's Trials. */
const TRIAL_LABEL = "katib.kubeflow.org/trial";
/** The sidecar Katib adds for a StdOut metrics collector; it echoes the training container's output. */
const METRICS_COLLECTOR_CONTAINER = "metrics-logger-and-collector";
const EXPERIMENT_LABEL = "katib.kubeflow.org/experiment";

/** Budget fields `editExperimentBudget` changes. */
export interface ExperimentBudget {
  maxTrialCount?: number;
  parallelTrialCount?: number;
  maxFailedTrialCount?: number;
}

/** A succeeded Trial with its parameters and metrics, as `getSuccessTrialDetails` returns it. */
export interface TrialDetails {
  name: string;
  parameterAssignments: V1beta1ParameterAssignment[];
  metrics: NonNullable<NonNullable<NonNullable<V1beta1Trial["status"]>["observation"]>["metrics"]>;
}

/** Options of `getTrialLogs` and `getJobLogs`. */
export interface TrialLogOptions extends CallOptions {
  /** Wait for the Trial's pod to start, then stream its log until it ends. */
  follow?: boolean;
  /** The container to read (default: the Trial's primary container, or the metrics collector for getJobLogs' StdOut). */
  container?: string;
}

/** Options of `waitForExperimentCondition`. */
export interface WaitForExperimentOptions extends CallOptions {
  /** Defaults to Succeeded. */
  condition?: ExperimentConditionType;
  /** Longest wait; default no limit (a WaitTimeoutError after it). */
  timeoutMs?: number;
  /** Called with the Experiment each time it changes while waiting. */
  onProgress?: (experiment: V1beta1Experiment) => void;
}

/** Options of {@link KatibClient.getTrialMetrics}. */
export interface TrialMetricsOptions extends CallOptions {
  /** Only this metric's values. */
  metricName?: string;
  /** Where Katib's DB manager is; default its Service `katib-db-manager` in `kubeflow`, port 6789. */
  dbManager?: DbManagerLocation;
}

/** Options of the call {@link KatibClient.tune} makes (its namespace is a tune() option, as in the Python SDK). */
export type TuneCallOptions = Omit<WriteOptions, "namespace">;

/** A client for Katib (kubeflow.org/v1beta1). Configuration is loaded once, on first use. */
export class KatibClient {
  readonly experiments: ResourceClient<V1beta1Experiment>;
  readonly trials: ResourceClient<V1beta1Trial>;
  readonly suggestions: ResourceClient<V1beta1Suggestion>;
  readonly connection: Connection;

  /** A client from connection options (kubeconfig, in-cluster or explicit), or on a Connection shared with other clients. */
  constructor(options: ClientOptions | Connection = {}) {
    this.connection = openConnection(options);
    this.experiments = new ResourceClient(this.connection, experimentResource);
    this.trials = new ResourceClient(this.connection, trialResource);
    this.suggestions = new ResourceClient(this.connection, suggestionResource);
  }

  /** Creates an Experiment and returns it as created. Rejects before sending when it has no name or generateName. */
  createExperiment(experiment: V1beta1Experiment, options: WriteOptions = {}): Promise<V1beta1Experiment> {
    return this.experiments.create(experiment, options);
  }

  /**
   * Hyperparameter tuning of a Python objective function, as the Python SDK's `tune()` does it (custom objective
   * path): creates an Experiment whose trials each run `objective` in `baseImage` with one suggestion of the search
   * spaces in `parameters`, and returns it as created. The Experiment is the Python SDK's for the same inputs, field by
   * field (`{ dryRun: true }` shows it without creating it). Rejects with a TypeError or RangeError, before sending,
   * when an option is wrong, and with the API's typed error when Katib's webhook or the apiserver refuses it.
   * With `resourcesPerTrial` a TrainerResources, trials are PyTorchJobs. With the LLM options (TuneLlmOptions:
   * `modelProviderParameters`, `datasetProviderParameters`, `trainerParameters`) it first creates the PVC the storage
   * initializer fills (named after the Experiment; an existing one is used), then the Experiment.
   */
  async tune(options: TuneOptions | TuneLlmOptions, call: TuneCallOptions = {}): Promise<V1beta1Experiment> {
    // Loaded on first use, as the DB manager's client is: the script and template builders serve tune() alone.
    const { isLlmTune, toTuneExperiment } = await import("./tune-experiment.ts");
    const experiment = toTuneExperiment(options);
    const write = { ...call, ...(options.namespace ? { namespace: options.namespace } : {}) };
    if (isLlmTune(options)) await this.#createStoragePvc(options, write);
    return this.createExperiment(experiment, write);
  }

  /** The LLM path's PVC, named after the Experiment; one that exists already is used, as the Python SDK does. */
  async #createStoragePvc(options: TuneLlmOptions, write: WriteOptions): Promise<void> {
    const { toStoragePvc } = await import("./tune-llm.ts");
    const namespace = options.namespace ?? (await this.connection.defaultNamespace());
    const pvcs = new ResourceClient(this.connection, persistentVolumeClaimResource);
    try {
      await pvcs.create(toStoragePvc(options.name, namespace, options.storageConfig), { ...write, namespace });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }

  /** Reads an Experiment. */
  getExperiment(name: string, options: CallOptions = {}): Promise<V1beta1Experiment> {
    return this.experiments.get(name, options);
  }

  /** Lists the Experiments of a namespace (every page). */
  async listExperiments(options: CallOptions & { labelSelector?: string } = {}): Promise<V1beta1Experiment[]> {
    return (await this.experiments.list(options)).items;
  }

  /** Deletes an Experiment (its Trials go with it). */
  async deleteExperiment(name: string, options: DeleteOptions = {}): Promise<void> {
    await this.experiments.delete(name, options);
  }

  /** The Experiment's status conditions (empty until the controller sets them). */
  async getExperimentConditions(name: string, options: CallOptions = {}): Promise<V1beta1ExperimentCondition[]> {
    return (await this.getExperiment(name, options)).status?.conditions ?? [];
  }

  /** Whether the Experiment has a condition: the one helper behind isExperimentCreated/Running/…. */
  async isExperiment(name: string, condition: ExperimentConditionType, options: CallOptions = {}): Promise<boolean> {
    return isExperimentIn(await this.getExperiment(name, options), condition);
  }

  /** Whether the Experiment's Created condition is true (as the Python SDK's is_experiment_created). */
  isExperimentCreated(name: string, options?: CallOptions): Promise<boolean> {
    return this.isExperiment(name, "Created", options);
  }
  /** Whether the Experiment is running. */
  isExperimentRunning(name: string, options?: CallOptions): Promise<boolean> {
    return this.isExperiment(name, "Running", options);
  }
  /** Whether the Experiment is restarting. */
  isExperimentRestarting(name: string, options?: CallOptions): Promise<boolean> {
    return this.isExperiment(name, "Restarting", options);
  }
  /** Whether the Experiment succeeded. */
  isExperimentSucceeded(name: string, options?: CallOptions): Promise<boolean> {
    return this.isExperiment(name, "Succeeded", options);
  }
  /** Whether the Experiment failed. */
  isExperimentFailed(name: string, options?: CallOptions): Promise<boolean> {
    return this.isExperiment(name, "Failed", options);
  }

  /**
   * Waits, by watch, until the Experiment has the condition (Succeeded by default). Rejects with
   * ExperimentFailedError (the Experiment attached) when it fails first, and WaitTimeoutError on timeout.
   */
  waitForExperimentCondition(name: string, options: WaitForExperimentOptions = {}): Promise<V1beta1Experiment> {
    const condition = options.condition ?? "Succeeded";
    return waitFor(this.experiments, name, {
      ...options,
      isDone: (experiment) => isExperimentIn(experiment, condition),
      goal: `condition ${condition}`,
      failure: (experiment) => {
        const message = condition === "Failed" ? undefined : experimentFailure(experiment);
        return message ? new ExperimentFailedError(experiment, message) : undefined;
      },
    });
  }

  /** Changes the trial budget; concurrent writers are handled by re-reading on conflict. */
  editExperimentBudget(name: string, budget: ExperimentBudget, options: CallOptions = {}): Promise<V1beta1Experiment> {
    const fields = Object.entries(budget).filter(([, value]) => value !== undefined);
    if (fields.length === 0) throw new TypeError("editExperimentBudget: give maxTrialCount, parallelTrialCount or maxFailedTrialCount");
    for (const [field, value] of fields) {
      if (!Number.isInteger(value) || (value as number) < 0) throw new RangeError(`editExperimentBudget: ${field} must be a non-negative integer`);
    }
    return updateWithRetry(this.experiments, name, (experiment) => ({ ...experiment, spec: { ...experiment.spec, ...Object.fromEntries(fields) } }), options);
  }

  /** The best Trial so far, or null until it has metrics. */
  async getOptimalHyperparameters(name: string, options: CallOptions = {}): Promise<V1beta1OptimalTrial | null> {
    return toOptimalTrial(await this.getExperiment(name, options));
  }

  /** Reads a Trial. */
  getTrial(name: string, options: CallOptions = {}): Promise<V1beta1Trial> {
    return this.trials.get(name, options);
  }

  /** Lists Trials, optionally those of one Experiment. */
  async listTrials(options: CallOptions & { experimentName?: string } = {}): Promise<V1beta1Trial[]> {
    const { experimentName, ...rest } = options;
    return (await this.trials.list({ ...rest, ...(experimentName ? { labelSelector: `${EXPERIMENT_LABEL}=${experimentName}` } : {}) })).items;
  }

  /** Name, parameter assignments and metrics of every succeeded Trial of an Experiment. */
  async getSuccessTrialDetails(experimentName: string, options: CallOptions = {}): Promise<TrialDetails[]> {
    const trials = await this.listTrials({ ...options, experimentName });
    return trials
      .filter((trial) => trial.status?.conditions?.some((c) => c.type === "Succeeded" && c.status === "True"))
      .map((trial) => ({
        name: trial.metadata?.name ?? "",
        parameterAssignments: trial.spec?.parameterAssignments ?? [],
        metrics: trial.status?.observation?.metrics ?? [],
      }));
  }

  /**
   * The observation log of a Trial: every metric value Katib's metrics collector recorded, as the Python SDK's
   * `get_trial_metrics` returns it, read from Katib's DB manager. From outside the cluster the DB manager is reached
   * through the API server (see {@link DbManagerLocation}); nothing is opened locally. Rejects with the API's typed
   * error when the Trial does not exist, and with a DbManagerError when the DB manager fails.
   */
  async getTrialMetrics(trialName: string, options: TrialMetricsOptions = {}): Promise<MetricLog[]> {
    const { metricName, dbManager, ...call } = options;
    // Katib keys observation logs by Trial name only: reading the Trial first makes a typo a NotFoundError
    // instead of an empty list.
    await this.getTrial(trialName, call);
    // Loaded on first use: node:http2 alone is about 20 ms, as much as the rest of this entry's import.
    const [{ connectDbManager }, { getObservationLog }] = await Promise.all([import("./db-manager-connection.ts"), import("./db-manager.ts")]);
    const stream = await connectDbManager(this.connection, dbManager, call.signal);
    return getObservationLog(stream, { trialName, ...(metricName ? { metricName } : {}) }, { ...(call.signal ? { signal: call.signal } : {}), ...(call.timeoutMs ? { timeoutMs: call.timeoutMs } : {}) });
  }

  /** Reads a Suggestion. */
  getSuggestion(name: string, options: CallOptions = {}): Promise<V1beta1Suggestion> {
    return this.suggestions.get(name, options);
  }

  /** Lists Suggestions. */
  async listSuggestions(options: CallOptions = {}): Promise<V1beta1Suggestion[]> {
    return (await this.suggestions.list(options)).items;
  }

  /**
   * The log lines of a Trial's primary container (or `container`), read from its primary pod. With `follow`, waits
   * for the pod to start and streams until it ends.
   */
  async *getTrialLogs(trialName: string, options: TrialLogOptions = {}): AsyncGenerator<string> {
    const trial = await this.getTrial(trialName, options);
    yield* this.#trialPodLogs(trial, trialName, options.container ?? trial.spec?.primaryContainerName, options);
  }

  /**
   * The Python SDK's `get_job_logs`: the log lines of Trial `trialName` of Experiment `name`, from its primary pod,
   * and from the container Python reads: the metrics collector's (`metrics-logger-and-collector`, which echoes the
   * training output) for a StdOut collector, else the primary container; `container` overrides it. With `follow`,
   * waits for the pod to start (where Python fails) and streams until it ends. An empty name is a TypeError before
   * anything is sent (Python: ValueError).
   */
  async *getJobLogs(name: string, trialName: string, options: TrialLogOptions = {}): AsyncGenerator<string> {
    if (typeof name !== "string" || name === "") throw new TypeError("getJobLogs: name is required: the Experiment's name");
    if (typeof trialName !== "string" || trialName === "") throw new TypeError("getJobLogs: trialName is required: the Trial's name");
    const trial = await this.getTrial(trialName, options);
    const stdout = trial.spec?.metricsCollector?.collector?.kind === "StdOut";
    yield* this.#trialPodLogs(trial, trialName, options.container ?? (stdout ? METRICS_COLLECTOR_CONTAINER : trial.spec?.primaryContainerName), options);
  }

  /** The logs of a Trial's primary pod: its label, narrowed by the Trial's primaryPodLabels (a PyTorchJob's master). */
  async *#trialPodLogs(trial: V1beta1Trial, trialName: string, container: string | undefined, options: TrialLogOptions): AsyncGenerator<string> {
    const pods = new ResourceClient(this.connection, podResource);
    const primary = Object.entries(trial.spec?.primaryPodLabels ?? {}).map(([key, value]) => `${key}=${value}`);
    const labelSelector = [`${TRIAL_LABEL}=${trialName}`, ...primary].join(",");
    const selector = { ...options, labelSelector };
    let [pod] = (await pods.list(selector)).items;
    if (!pod && options.follow) {
      for await (const event of pods.watch(selector)) {
        if (event.type === "ADDED") {
          pod = event.object;
          break;
        }
      }
    }
    const podName = pod?.metadata?.name;
    if (!podName) throw new Error(`Trial ${trialName} has no pod yet (label ${labelSelector}); pass follow: true to wait for it`);
    yield* readPodLogs(this.connection, pods, podName, { ...options, ...(container ? { container } : {}) });
  }

  /** The typed openapi-fetch client for every Katib REST path (see Connection.openapi). */
  api(): Promise<Client<KatibPaths>> {
    return this.connection.openapi<KatibPaths>();
  }

  /** Closes the connection (sockets and timers). */
  close(): Promise<void> {
    return this.connection.close();
  }
}
