/**
 * tune()'s LLM path (the Python SDK's `model_provider_parameters` + `dataset_provider_parameters` +
 * `trainer_parameters`): the Experiment's metrics collector, parameters and PyTorchJob trial template, where the
 * Master's init container (the storage initializer) downloads the model and the dataset into a PVC named after the
 * Experiment and every replica runs the HuggingFace trainer image on it; and that PVC.
 */
import type { V1Container, V1PersistentVolumeClaim, V1PersistentVolumeClaimSpec, V1ResourceRequirements, V1Volume, V1VolumeMount } from "../../generated/katib/v1beta1/core.ts";
import type { V1beta1MetricsCollectorSpec, V1beta1ParameterSpec, V1beta1TrialTemplate } from "../../generated/katib/v1beta1/types.ts";
import { toStorageInitializerArgs, type HuggingFaceDatasetParams, type HuggingFaceModelParams, type S3DatasetParams } from "./llm-providers.ts";
import { toTrainerSubstitutions, type HuggingFaceTrainerParams } from "./llm-trainer-params.ts";
import { PYTORCHJOB_CONTAINER_NAME, toPyTorchJobTrialTemplate, type TrainerResources } from "./tune-pytorchjob.ts";
import { toResourceRequirements, type TrialResourceQuantities } from "./tune-trial-template.ts";

/** The storage initializer's image (the SDK's default; it reads `STORAGE_INITIALIZER_IMAGE` from its environment). */
export const STORAGE_INITIALIZER_IMAGE = "docker.io/kubeflow/storage-initializer";
/** The HuggingFace trainer's image (the SDK's default; it reads `TRAINER_TRANSFORMER_IMAGE` from its environment). */
export const TRAINER_TRANSFORMER_IMAGE = "docker.io/kubeflow/trainer-huggingface";
const STORAGE_INITIALIZER = "storage-initializer";
const MOUNT_PATH = "/workspace";

/** The lines the collector reads: the trainer prints `{'train_loss': 0.846, …}`. */
export const LLM_METRICS_FORMAT = String.raw`'([\w|-]+)'\s*:\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)`;

/** The PVC of an LLM tune(): the SDK's `storage_config`. */
export interface StorageConfig {
  /** Default `"10Gi"`. */
  size?: string;
  /** Default none (the cluster's default StorageClass). */
  storageClass?: string | null;
  /** Default `["ReadWriteOnce", "ReadOnlyMany"]`; the API checks the names. */
  accessModes?: readonly (NonNullable<V1PersistentVolumeClaimSpec["accessModes"]>[number] | (string & {}))[];
}

/** What the LLM part of the Experiment is made of. */
export interface LlmTrialInput {
  name: string;
  modelProviderParameters: HuggingFaceModelParams;
  datasetProviderParameters: HuggingFaceDatasetParams | S3DatasetParams;
  trainerParameters: HuggingFaceTrainerParams;
  resources: TrainerResources;
  retain: boolean;
  activeDeadlineSeconds?: number | undefined;
}

/** The Experiment's metrics collector, parameters and trial template for the LLM path. */
export function toLlmExperimentParts(input: LlmTrialInput): {
  metricsCollectorSpec: V1beta1MetricsCollectorSpec;
  parameters: V1beta1ParameterSpec[];
  trialTemplate: V1beta1TrialTemplate;
} {
  const model = input.modelProviderParameters;
  const initArgs = toStorageInitializerArgs(model, input.datasetProviderParameters);
  const { trainingArguments, loraConfig, parameters, trialParameters } = toTrainerSubstitutions(input.trainerParameters);
  const mount = (): V1VolumeMount => ({
    name: STORAGE_INITIALIZER,
    mountPath: MOUNT_PATH,
  });
  const init: V1Container = {
    name: STORAGE_INITIALIZER,
    image: STORAGE_INITIALIZER_IMAGE,
    args: initArgs,
    volumeMounts: [mount()],
  };
  const resources =
    input.resources.resourcesPerWorker === undefined
      ? undefined
      : toResourceRequirements(input.resources.resourcesPerWorker as TrialResourceQuantities | V1ResourceRequirements, "resourcesPerTrial.resourcesPerWorker");
  const trainer = (): V1Container => ({
    name: PYTORCHJOB_CONTAINER_NAME,
    image: TRAINER_TRANSFORMER_IMAGE,
    args: [
      "--model_uri",
      model.modelUri,
      "--transformer_type",
      model.transformerType,
      "--num_labels",
      model.numLabels === undefined ? "None" : String(model.numLabels),
      "--model_dir",
      `${MOUNT_PATH}/model`,
      "--dataset_dir",
      `${MOUNT_PATH}/dataset`,
      "--lora_config",
      `'${loraConfig}'`,
      "--training_parameters",
      `'${trainingArguments}'`,
    ],
    volumeMounts: [mount()],
    ...(resources ? { resources: structuredClone(resources) } : {}),
  });
  const volume = (): V1Volume => ({
    name: STORAGE_INITIALIZER,
    persistentVolumeClaim: { claimName: input.name },
  });
  return {
    metricsCollectorSpec: {
      source: { filter: { metricsFormat: [LLM_METRICS_FORMAT] } },
    },
    parameters,
    trialTemplate: toPyTorchJobTrialTemplate({
      resources: input.resources,
      master: {
        initContainers: [init],
        containers: [trainer()],
        volumes: [volume()],
      },
      worker: { containers: [trainer()], volumes: [volume()] },
      trialParameters,
      retain: input.retain,
      activeDeadlineSeconds: input.activeDeadlineSeconds,
    }),
  };
}

/** The PVC the storage initializer writes to, named after the Experiment (the SDK's `get_pvc_spec`). */
export function toStoragePvc(name: string, namespace: string, config: StorageConfig = {}): V1PersistentVolumeClaim {
  if (typeof config !== "object" || config === null) throw new TypeError("tune: storageConfig must be { size?, storageClass?, accessModes? } (the PVC the storage initializer fills)");
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace },
    spec: {
      accessModes: [...(config.accessModes ?? ["ReadWriteOnce", "ReadOnlyMany"])] as NonNullable<V1PersistentVolumeClaimSpec["accessModes"]>,
      resources: { requests: { storage: config.size ?? "10Gi" } },
      ...(config.storageClass ? { storageClassName: config.storageClass } : {}),
    },
  };
}
