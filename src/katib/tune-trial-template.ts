/**
 * The trial template of a tune() Experiment: a batch Job whose one container runs the objective script with
 * `bash -c`, with the resources and environment tune() was given, in the shapes the Python SDK gives them (its
 * training utils' `get_container_spec` and `get_pod_template_spec`, and `get_trial_template_with_job`).
 */
import type { Quantity, V1Container, V1EnvFromSource, V1EnvVar, V1PodSpec, V1PodTemplateSpec, V1ResourceRequirements } from "../../generated/katib/v1beta1/core.ts";
import type { V1beta1TrialParameterSpec, V1beta1TrialTemplate } from "../../generated/katib/v1beta1/types.ts";

/** The container name the trial's Job runs the objective in (Katib reads its metrics from it). */
export const PRIMARY_CONTAINER_NAME = "training-container";

/** The image tune() runs the objective in when no `baseImage` is given: the Python SDK's BASE_IMAGE_PYTORCH. */
export const DEFAULT_BASE_IMAGE = "docker.io/pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime";

/** What the trial's container runs the script with. */
const COMMAND = ["bash", "-c"];

/** Istio's annotation: no sidecar in trial pods, which would keep a finished Job's pod running. */
const ISTIO_SIDECAR_INJECTION = "sidecar.istio.io/inject";

/**
 * Resources of each trial's container by name: `{ cpu: "1", memory: "2Gi", gpu: 1 }`. Used as both requests and
 * limits. Names are lower-cased, `gpu` means `nvidia.com/gpu`, and any other resource name is passed as it is, as the
 * Python SDK does; the values as given (a number stays a number, as in the Python SDK's JSON).
 */
export interface TrialResourceQuantities {
  /** CPUs: `"500m"`, `2`. */
  cpu?: Quantity;
  /** Memory: `"2Gi"`. */
  memory?: Quantity;
  /** NVIDIA GPUs (`nvidia.com/gpu`); give a V1ResourceRequirements for another kind of GPU. */
  gpu?: Quantity;
  /** Another resource name, e.g. `ephemeral-storage`. */
  [resource: string]: Quantity | undefined;
  /** Never: a field of V1ResourceRequirements, here to keep the two forms of resourcesPerTrial apart for the compiler. */
  requests?: never;
  /** Never: a field of V1ResourceRequirements (see `requests`). */
  limits?: never;
  /** Never: a field of V1ResourceRequirements (see `requests`). */
  claims?: never;
  /** Never: a field of TrainerResources, here to keep it apart from this form for the compiler. */
  numWorkers?: never;
  /** Never: a field of TrainerResources (see `numWorkers`). */
  numProcsPerWorker?: never;
  /** Never: a field of TrainerResources (see `numWorkers`). */
  resourcesPerWorker?: never;
}

/** Environment of each trial's container: a map of names to values, or EnvVar and EnvFromSource entries. */
export type EnvPerTrial = Readonly<Record<string, string>> | readonly (V1EnvVar | V1EnvFromSource)[];

/** What the trial's container is made of. */
export interface ObjectiveContainerInput {
  script: string;
  baseImage: string;
  resources?: TrialResourceQuantities | V1ResourceRequirements | undefined;
  env?: EnvPerTrial | undefined;
}

/** What the trial template is made of. */
export interface TrialTemplateInput extends ObjectiveContainerInput {
  trialParameters: V1beta1TrialParameterSpec[];
  retain: boolean;
  activeDeadlineSeconds?: number | undefined;
}

/**
 * The container that runs the objective script with `bash -c` (upstream's `get_container_spec` and the env of tune()),
 * named `name`: `training-container` in a Job trial, `pytorch` in a PyTorchJob trial.
 */
export function toObjectiveContainer(name: string, input: ObjectiveContainerInput, field = "resourcesPerTrial"): V1Container {
  const resources = input.resources === undefined ? undefined : toResourceRequirements(input.resources, field);
  const { env, envFrom } = toEnv(input.env);
  return {
    name,
    image: input.baseImage,
    command: [...COMMAND],
    args: [input.script],
    ...(resources ? { resources } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(envFrom.length > 0 ? { envFrom } : {}),
  };
}

/** The pod template of a trial (upstream's `get_pod_template_spec`): no Istio sidecar. */
export function toTrialPodTemplate(spec: V1PodSpec): V1PodTemplateSpec {
  return { metadata: { annotations: { [ISTIO_SIDECAR_INJECTION]: "false" } }, spec };
}

/** The trial template: a Job (`restartPolicy: Never`) with the objective's container. */
export function toTrialTemplate(input: TrialTemplateInput): V1beta1TrialTemplate {
  const container = toObjectiveContainer(PRIMARY_CONTAINER_NAME, input);
  return {
    primaryContainerName: PRIMARY_CONTAINER_NAME,
    retain: input.retain,
    trialParameters: input.trialParameters,
    trialSpec: {
      apiVersion: "batch/v1",
      kind: "Job",
      spec: {
        template: toTrialPodTemplate({ containers: [container], restartPolicy: "Never" }),
        ...(input.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: input.activeDeadlineSeconds } : {}),
      },
    },
  };
}

/** A V1ResourceRequirements is used as it is; a map of quantities becomes its requests and its limits. */
export function toResourceRequirements(resources: TrialResourceQuantities | V1ResourceRequirements, field = "resourcesPerTrial"): V1ResourceRequirements {
  if (isResourceRequirements(resources)) return resources;
  const quantities: Record<string, Quantity> = {};
  for (const [name, value] of Object.entries(resources)) {
    if (value === undefined) continue;
    if (typeof value !== "string" && typeof value !== "number") throw new TypeError(`tune: ${field}.${name} must be a quantity (a string or a number)`);
    quantities[name.toLowerCase()] = value;
  }
  // Set under its own name last, as upstream's pop-and-set does; it wins over an explicit nvidia.com/gpu.
  if ("gpu" in quantities) {
    const { gpu, ...rest } = quantities;
    return { requests: { ...rest, "nvidia.com/gpu": gpu as Quantity }, limits: { ...rest, "nvidia.com/gpu": gpu as Quantity } };
  }
  return { requests: { ...quantities }, limits: { ...quantities } };
}

function isResourceRequirements(resources: TrialResourceQuantities | V1ResourceRequirements): resources is V1ResourceRequirements {
  return ["requests", "limits", "claims"].some((field) => field in resources);
}

/** A map becomes EnvVars; a list is split into its EnvVars and its EnvFromSources. */
function toEnv(env: EnvPerTrial | undefined): { env: V1EnvVar[]; envFrom: V1EnvFromSource[] } {
  if (env === undefined) return { env: [], envFrom: [] };
  if (!Array.isArray(env)) {
    return {
      env: Object.entries(env as Readonly<Record<string, string>>).map(([name, value]) => {
        if (typeof value !== "string") throw new TypeError(`tune: envPerTrial.${name} must be a string (got ${typeof value})`);
        return { name, value };
      }),
      envFrom: [],
    };
  }
  const vars: V1EnvVar[] = [];
  const sources: V1EnvFromSource[] = [];
  for (const [index, entry] of (env as readonly (V1EnvVar | V1EnvFromSource)[]).entries()) {
    if (isEnvVar(entry)) vars.push(entry);
    else if (isEnvFromSource(entry)) sources.push(entry);
    else throw new TypeError(`tune: envPerTrial[${index}] is neither an EnvVar (with a name) nor an EnvFromSource (configMapRef, secretRef, prefix)`);
  }
  return { env: vars, envFrom: sources };
}

function isEnvVar(entry: V1EnvVar | V1EnvFromSource): entry is V1EnvVar {
  return typeof entry === "object" && entry !== null && typeof (entry as V1EnvVar).name === "string";
}

function isEnvFromSource(entry: V1EnvVar | V1EnvFromSource): entry is V1EnvFromSource {
  return typeof entry === "object" && entry !== null && ["configMapRef", "secretRef", "prefix"].some((field) => field in entry);
}
