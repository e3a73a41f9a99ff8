/**
 * The Experiment `KatibClient.tune()` creates for a custom objective function: the Python SDK's `tune()` (kubeflow-
 * katib 0.19.0, its `objective` + `parameters` path) as a pure function from options to a V1beta1Experiment, equal
 * field by field to what the Python SDK sends for the same inputs. Its checks throw before anything is sent.
 */
import type { V1EnvFromSource, V1EnvVar, V1ResourceRequirements } from "../../generated/katib/v1beta1/core.ts";
import type { V1beta1AlgorithmSetting, V1beta1AlgorithmSpec, V1beta1Experiment, V1beta1ObjectiveSpec, V1beta1ParameterSpec, V1beta1TrialParameterSpec, V1beta1TrialTemplate } from "../../generated/katib/v1beta1/types.ts";
import { prepareObjective, type ObjectiveFunction } from "./objective-function.ts";
import { DEFAULT_PIP_INDEX_URLS, PYTHON_ENTRYPOINT, TORCH_ENTRYPOINT, toObjectiveScript } from "./objective-script.ts";
import { toPythonLiteral, toPythonStr, type PythonValue } from "../python/python-literal.ts";
import { SearchSpace } from "./search.ts";
import { checkTrainerResources, isDistributed, isTrainerResources, PYTORCHJOB_CONTAINER_NAME, toPyTorchJobTrialTemplate, type TrainerResources } from "./tune-pytorchjob.ts";
import type { HuggingFaceDatasetParams, HuggingFaceModelParams, S3DatasetParams } from "./llm-providers.ts";
import type { HuggingFaceTrainerParams } from "./llm-trainer-params.ts";
import { toLlmExperimentParts, type StorageConfig } from "./tune-llm.ts";
import { DEFAULT_BASE_IMAGE, toObjectiveContainer, toTrialTemplate, type EnvPerTrial, type TrialResourceQuantities } from "./tune-trial-template.ts";

/**
 * A fixed argument of the objective: any Python literal value except a dict that looks like a parameter spec (a
 * named `search.double("lr", …)` is an Experiment parameter, not a tune() search space: use `search.double(…)`).
 */
export type FixedParameter = Exclude<PythonValue, { readonly [key: string]: PythonValue }> | ({ readonly [key: string]: PythonValue } & { readonly parameterType?: never });

/** tune()'s parameters by name: a SearchSpace is tuned (`${trialParameters.<name>}`), anything else passed as it is. */
export type TuneParameters = { readonly [name: string]: SearchSpace | FixedParameter };

/**
 * Search algorithms of Katib v0.19.0's default configuration for hyperparameter tuning; any other name the cluster's
 * katib-config serves is accepted too, so this only helps completion.
 */
export type KatibAlgorithmName = "random" | "tpe" | "grid" | "hyperband" | "bayesianoptimization" | "cmaes" | "sobol" | "multivariate-tpe" | "pbt" | (string & {});

/** Metrics collectors tune() supports (the Python SDK's StdOut and Push). */
export type TuneMetricsCollectorKind = "StdOut" | "Push";

/** Arguments of `KatibClient.tune()`, the Python SDK's `tune()` arguments in camelCase. */
export interface TuneOptions {
  /** The Experiment's name. */
  name: string;
  /** Where it is created; default the client's namespace. */
  namespace?: string;
  /** The Python function each trial runs, called with the dict of parameters; it prints the metrics. */
  objective: ObjectiveFunction;
  /** The function's arguments: `search.*(…)` values are tuned, others passed as they are. At least one. */
  parameters: TuneParameters;
  /** The metric Katib optimizes. */
  objectiveMetricName: string;
  /** Metrics collected besides the objective; default none. */
  additionalMetricNames?: readonly string[];
  /** Default maximize. */
  objectiveType?: NonNullable<V1beta1ObjectiveSpec["type"]>;
  /** The value at which the Experiment succeeds. */
  objectiveGoal?: number;
  /** Default random. */
  algorithmName?: KatibAlgorithmName;
  /** The algorithm's settings: a map (values written as Python's str() writes them) or the API's list. */
  algorithmSettings?: Readonly<Record<string, string | number | boolean>> | readonly V1beta1AlgorithmSetting[];
  /** Trials to run at most; no limit by default. */
  maxTrialCount?: number;
  /** Trials running at once; default Katib's (3). */
  parallelTrialCount?: number;
  /** Failed trials after which the Experiment fails; no limit by default. */
  maxFailedTrialCount?: number;
  /**
   * Resources of each trial's container: `{ cpu, memory, gpu }` as requests and limits, or a V1ResourceRequirements;
   * or a TrainerResources (`{ numWorkers, numProcsPerWorker, resourcesPerWorker }`), which makes each trial a
   * PyTorchJob (run by `torchrun` when it has more than one process).
   */
  resourcesPerTrial?: TrialResourceQuantities | V1ResourceRequirements | TrainerResources;
  /** Keep each trial's Job (and pods) after it succeeds; default false. */
  retainTrials?: boolean;
  /** Python packages pip installs before the objective runs. */
  packagesToInstall?: readonly string[];
  /** Package indexes for those; default PyPI (`https://pypi.org/simple`). */
  pipIndexUrls?: readonly string[];
  /** The image the objective runs in; default the Python SDK's, `docker.io/pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime`. */
  baseImage?: string;
  /** Environment of each trial's container. */
  envPerTrial?: EnvPerTrial;
  /** Default `{ kind: "StdOut" }`: Katib parses the metrics from what the objective prints (`accuracy=0.9`). */
  metricsCollectorConfig?: { kind: TuneMetricsCollectorKind };
  /** Seconds after which a trial's Job is stopped (its activeDeadlineSeconds); default none. */
  trialActiveDeadlineSeconds?: number;
  /** Never: the LLM path's (see TuneLlmOptions); an objective and a model provider do not mix. */
  modelProviderParameters?: never;
  /** Never: the LLM path's (see `modelProviderParameters`). */
  datasetProviderParameters?: never;
  /** Never: the LLM path's (see `modelProviderParameters`). */
  trainerParameters?: never;
  /** Never: the LLM path's (see `modelProviderParameters`). */
  storageConfig?: never;
}

/** The options both paths of tune() take. */
export type TuneCommonOption = "name" | "namespace" | "objectiveMetricName" | "additionalMetricNames" | "objectiveType" | "objectiveGoal" | "algorithmName" | "algorithmSettings" | "maxTrialCount" | "parallelTrialCount" | "maxFailedTrialCount" | "retainTrials" | "trialActiveDeadlineSeconds";

/**
 * Arguments of `KatibClient.tune()` for the Python SDK's LLM path: a HuggingFace model and a HuggingFace or S3 dataset
 * downloaded by the storage initializer into a PVC named after the Experiment, each trial a PyTorchJob running the
 * HuggingFace trainer with `trainerParameters` (their search spaces tuned). tune() creates the PVC first.
 */
export interface TuneLlmOptions extends Pick<TuneOptions, TuneCommonOption> {
  /** The model the storage initializer downloads. */
  modelProviderParameters: HuggingFaceModelParams;
  /** The dataset it downloads: HuggingFace (`repoId`) or S3 (`endpointUrl`, `bucketName`, `fileKey`). */
  datasetProviderParameters: HuggingFaceDatasetParams | S3DatasetParams;
  /** The trainer's TrainingArguments and LoraConfig; search spaces in them are tuned. */
  trainerParameters: HuggingFaceTrainerParams;
  /** Required on this path: the PyTorchJob's workers, processes and resources. */
  resourcesPerTrial: TrainerResources;
  /** The PVC; default 10Gi, ReadWriteOnce and ReadOnlyMany, the default StorageClass. */
  storageConfig?: StorageConfig;
  /** Never: the custom-objective path's. */
  objective?: never;
  /** Never: the custom-objective path's. */
  parameters?: never;
  /** Never: the trainer image is the SDK's. */
  baseImage?: never;
  /** Never: the SDK does not use it on this path. */
  envPerTrial?: never;
  /** Never: the SDK does not use it on this path. */
  packagesToInstall?: never;
  /** Never: the SDK does not use it on this path. */
  pipIndexUrls?: never;
  /** Never: this path's collector parses the trainer's `{'train_loss': …}` lines. */
  metricsCollectorConfig?: never;
}

/** True for the LLM path's options (a model, dataset or trainer provider given). */
export function isLlmTune(options: TuneOptions | TuneLlmOptions): options is TuneLlmOptions {
  return ["modelProviderParameters", "datasetProviderParameters", "trainerParameters"].some((field) => (options as unknown as Record<string, unknown>)[field] != null);
}

/** The Experiment tune() creates. Throws a TypeError or RangeError, naming the option, when an option is wrong. */
export function toTuneExperiment(options: TuneOptions | TuneLlmOptions): V1beta1Experiment {
  checkPath(options);
  if (isLlmTune(options)) return toLlmExperiment(options);
  checkOptions(options);
  const objective = prepareObjective(options.objective);
  const { parameters, trialParameters, argument } = toParameters(options.parameters);
  const trainer = isTrainerResources(options.resourcesPerTrial) ? options.resourcesPerTrial : undefined;
  const script = toObjectiveScript({
    objective,
    argument,
    packagesToInstall: options.packagesToInstall,
    pipIndexUrls: options.pipIndexUrls ?? DEFAULT_PIP_INDEX_URLS,
    entrypoint: trainer && isDistributed(trainer) ? TORCH_ENTRYPOINT : PYTHON_ENTRYPOINT,
  });
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name: options.name, ...(options.namespace ? { namespace: options.namespace } : {}) },
    spec: {
      objective: toObjective(options),
      algorithm: toAlgorithm(options),
      ...budget(options),
      metricsCollectorSpec: { collector: { kind: options.metricsCollectorConfig?.kind ?? "StdOut" } },
      parameters,
      trialTemplate: trainer ? toPyTorchJobTemplate(options, trainer, script, trialParameters) : toTrialTemplate({
        script,
        baseImage: options.baseImage ?? DEFAULT_BASE_IMAGE,
        trialParameters,
        resources: options.resourcesPerTrial as TrialResourceQuantities | V1ResourceRequirements | undefined,
        env: options.envPerTrial,
        retain: options.retainTrials ?? false,
        activeDeadlineSeconds: options.trialActiveDeadlineSeconds,
      }),
    },
  };
}

/** The LLM path's Experiment: the common fields, then the storage initializer's PyTorchJob trials. */
function toLlmExperiment(options: TuneLlmOptions): V1beta1Experiment {
  checkCommon(options);
  for (const field of ["modelProviderParameters", "datasetProviderParameters", "trainerParameters"] as const) {
    if (options[field] == null) throw new TypeError(`tune: ${field} is required with the other LLM options (modelProviderParameters, datasetProviderParameters, trainerParameters)`);
  }
  if (!isTrainerResources(options.resourcesPerTrial)) throw new TypeError("tune: resourcesPerTrial must be a TrainerResources ({ numWorkers, numProcsPerWorker, resourcesPerWorker }) with the LLM options");
  checkTrainerResources(options.resourcesPerTrial);
  const parts = toLlmExperimentParts({
    name: options.name,
    modelProviderParameters: options.modelProviderParameters,
    datasetProviderParameters: options.datasetProviderParameters,
    trainerParameters: options.trainerParameters,
    resources: options.resourcesPerTrial,
    retain: options.retainTrials ?? false,
    activeDeadlineSeconds: options.trialActiveDeadlineSeconds,
  });
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name: options.name, ...(options.namespace ? { namespace: options.namespace } : {}) },
    spec: { objective: toObjective(options), algorithm: toAlgorithm(options), ...budget(options), ...parts },
  };
}

/** The SDK's first check: exactly one of the two paths. */
function checkPath(options: TuneOptions | TuneLlmOptions): void {
  if (typeof options !== "object" || options === null) throw new TypeError("tune: give the options ({ name, objective, parameters, objectiveMetricName, … })");
  const objective = options.objective != null || options.parameters != null;
  if (isLlmTune(options) && objective) {
    throw new TypeError("tune: give either the LLM options (modelProviderParameters, datasetProviderParameters, trainerParameters) or a custom objective (objective, parameters), not both");
  }
  if (!isLlmTune(options) && options.storageConfig != null) throw new TypeError("tune: storageConfig is for the LLM options (modelProviderParameters, datasetProviderParameters, trainerParameters)");
}

/** A PyTorchJob trial: the Master and the Workers run the same container, named `pytorch`. */
function toPyTorchJobTemplate(options: TuneOptions, trainer: TrainerResources, script: string, trialParameters: V1beta1TrialParameterSpec[]): V1beta1TrialTemplate {
  const container = toObjectiveContainer(PYTORCHJOB_CONTAINER_NAME, { script, baseImage: options.baseImage ?? DEFAULT_BASE_IMAGE, resources: trainer.resourcesPerWorker, env: options.envPerTrial }, "resourcesPerTrial.resourcesPerWorker");
  return toPyTorchJobTrialTemplate({
    resources: trainer,
    master: { containers: [container] },
    worker: { containers: [structuredClone(container)] },
    trialParameters,
    retain: options.retainTrials ?? false,
    activeDeadlineSeconds: options.trialActiveDeadlineSeconds,
  });
}

/**
 * Splits tune()'s parameters as upstream's `get_trial_substitutions_from_dict` does: each SearchSpace becomes an
 * Experiment parameter and a trial parameter of the same name, and its argument the placeholder Katib fills in; the
 * argument dict keeps the caller's order (JavaScript lists integer-like keys first, Python would not).
 */
function toParameters(input: TuneParameters): { parameters: V1beta1ParameterSpec[]; trialParameters: V1beta1TrialParameterSpec[]; argument: string } {
  const parameters: V1beta1ParameterSpec[] = [];
  const trialParameters: V1beta1TrialParameterSpec[] = [];
  const argument: Record<string, PythonValue> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value instanceof SearchSpace) {
      parameters.push(value.toParameterSpec(name));
      trialParameters.push({ name, reference: name });
      argument[name] = `\${trialParameters.${name}}`;
    } else {
      if (looksLikeParameterSpec(value)) throw new TypeError(`tune: parameters.${name} is a named parameter spec: write search.${value.parameterType}(…) without the name, the key names it`);
      argument[name] = value;
    }
  }
  return { parameters, trialParameters, argument: toPythonLiteral(argument, "parameters") };
}

function looksLikeParameterSpec(value: unknown): value is V1beta1ParameterSpec {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "parameterType" in value && "feasibleSpace" in value;
}

type CommonOptions = Pick<TuneOptions, TuneCommonOption>;

function toObjective(options: CommonOptions): V1beta1ObjectiveSpec {
  return {
    type: options.objectiveType ?? "maximize",
    objectiveMetricName: options.objectiveMetricName,
    additionalMetricNames: [...(options.additionalMetricNames ?? [])],
    ...(options.objectiveGoal !== undefined ? { goal: options.objectiveGoal } : {}),
  };
}

function toAlgorithm(options: CommonOptions): V1beta1AlgorithmSpec {
  return { algorithmName: options.algorithmName ?? "random", ...(options.algorithmSettings ? { algorithmSettings: toAlgorithmSettings(options.algorithmSettings) } : {}) };
}

function toAlgorithmSettings(settings: NonNullable<TuneOptions["algorithmSettings"]>): V1beta1AlgorithmSetting[] {
  if (Array.isArray(settings)) return settings.map((setting: V1beta1AlgorithmSetting) => ({ ...setting }));
  return Object.entries(settings).map(([name, value]) => ({ name, value: toPythonStr(value, `algorithmSettings.${name}`) }));
}

function budget(options: CommonOptions): { maxTrialCount?: number; parallelTrialCount?: number; maxFailedTrialCount?: number } {
  const fields = { maxTrialCount: options.maxTrialCount, parallelTrialCount: options.parallelTrialCount, maxFailedTrialCount: options.maxFailedTrialCount };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The Python SDK's ValueErrors, and what the API would refuse anyway, as errors before anything is sent. */
function checkOptions(options: TuneOptions): void {
  if (options.objective === undefined || options.objective === null) throw new TypeError("tune: objective is required: give the Python source of the objective function");
  if (typeof options.parameters !== "object" || options.parameters === null || Object.keys(options.parameters).length === 0) {
    throw new TypeError("tune: parameters is required: give at least one parameter (search.double(…), search.int(…), … or a fixed value)");
  }
  checkCommon(options);
  const kind = options.metricsCollectorConfig?.kind;
  if (kind !== undefined && kind !== "StdOut" && kind !== "Push") throw new RangeError(`tune: metricsCollectorConfig.kind must be "StdOut" or "Push", not ${JSON.stringify(kind)}`);
  if (isTrainerResources(options.resourcesPerTrial)) checkTrainerResources(options.resourcesPerTrial);
}

/** Checks of the options both paths share. */
function checkCommon(options: CommonOptions): void {
  if (typeof options.name !== "string" || options.name === "") throw new TypeError("tune: name is required: give the Experiment a name");
  if (typeof options.objectiveMetricName !== "string" || options.objectiveMetricName === "") throw new TypeError("tune: objectiveMetricName is required: the metric the objective prints and Katib optimizes");
  if (options.objectiveType !== undefined && options.objectiveType !== "maximize" && options.objectiveType !== "minimize") {
    throw new RangeError(`tune: objectiveType must be "maximize" or "minimize", not ${JSON.stringify(options.objectiveType)}`);
  }
  for (const field of ["maxTrialCount", "parallelTrialCount", "maxFailedTrialCount"] as const) {
    const value = options[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new RangeError(`tune: ${field} must be a non-negative integer`);
  }
  const deadline = options.trialActiveDeadlineSeconds;
  if (deadline !== undefined && (!Number.isInteger(deadline) || deadline <= 0)) throw new RangeError("tune: trialActiveDeadlineSeconds must be a positive integer (a Job's activeDeadlineSeconds)");
}
