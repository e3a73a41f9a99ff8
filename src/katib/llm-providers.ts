/**
 * The model and dataset providers of tune()'s LLM path: the Python SDK's `HuggingFaceModelParams`,
 * `HuggingFaceDatasetParams` and `S3DatasetParams` (kubeflow-training 1.9.0's storage initializer, which kubeflow-katib
 * 0.19.0 uses), and the storage initializer's arguments made from them, as `json.dumps(params.__dict__)` writes them.
 */
import { toPythonJson } from "../python/python-json.ts";

/** The transformers classes the storage initializer and the trainer image load a model with. */
export type TransformerType =
  "AutoModelForSequenceClassification" | "AutoModelForTokenClassification" | "AutoModelForQuestionAnswering" | "AutoModelForCausalLM" | "AutoModelForMaskedLM" | "AutoModelForImageClassification";

const TRANSFORMER_TYPES: readonly string[] = [
  "AutoModelForSequenceClassification",
  "AutoModelForTokenClassification",
  "AutoModelForQuestionAnswering",
  "AutoModelForCausalLM",
  "AutoModelForMaskedLM",
  "AutoModelForImageClassification",
];

/** `HuggingFaceModelParams(model_uri, transformer_type, access_token=None, num_labels=None)`. */
export interface HuggingFaceModelParams {
  /** `hf://<repo>` (the storage initializer reads the host and path). */
  modelUri: string;
  /** The transformers class, by name (Python passes the class itself). */
  transformerType: TransformerType;
  /** A HuggingFace token, for gated models; sent in the init container's arguments as Python sends it. */
  accessToken?: string;
  /** The model's labels (classification). */
  numLabels?: number;
}

/** `HuggingFaceDatasetParams(repo_id, access_token=None, split=None)`. */
export interface HuggingFaceDatasetParams {
  /** `repo_id`: the HuggingFace dataset, e.g. `"yelp_review_full"`. */
  repoId: string;
  /** `access_token`, for gated datasets; sent in the init container's arguments as Python sends it. */
  accessToken?: string;
  /** A datasets split, e.g. `"train[:3000]"`. */
  split?: string;
  /** Never: a field of S3DatasetParams, here to keep the two providers apart for the compiler. */
  bucketName?: never;
}

/** `S3DatasetParams(endpoint_url, bucket_name, file_key, region_name=None, access_key=None, secret_key=None)`. */
export interface S3DatasetParams {
  /** `endpoint_url`: the S3 endpoint, e.g. `"http://minio.kubeflow:9000"`. */
  endpointUrl: string;
  /** `bucket_name`. */
  bucketName: string;
  /** `file_key`: the object (or prefix) to download. */
  fileKey: string;
  /** `region_name`. */
  regionName?: string;
  /** `access_key`: sent in the init container's arguments, as the SDK sends it. */
  accessKey?: string;
  /** `secret_key`: sent in the init container's arguments, as the SDK sends it. */
  secretKey?: string;
  /** Never: a field of HuggingFaceDatasetParams (see `HuggingFaceDatasetParams.bucketName`). */
  repoId?: never;
}

/** The storage initializer's arguments: which providers, and their parameters as JSON. */
export function toStorageInitializerArgs(model: HuggingFaceModelParams, dataset: HuggingFaceDatasetParams | S3DatasetParams): string[] {
  checkModel(model);
  return ["--model_provider", "hf", "--model_provider_parameters", modelJson(model), "--dataset_provider", isS3(dataset) ? "s3" : "hf", "--dataset_provider_parameters", datasetJson(dataset)];
}

/** The dataclass's fields in their order, unset ones `null`, as `params.__dict__` holds them. */
function modelJson(model: HuggingFaceModelParams): string {
  return toPythonJson(
    {
      model_uri: model.modelUri,
      transformer_type: model.transformerType,
      access_token: model.accessToken ?? null,
      num_labels: model.numLabels ?? null,
    },
    "modelProviderParameters",
  );
}

function datasetJson(dataset: HuggingFaceDatasetParams | S3DatasetParams): string {
  if (isS3(dataset)) {
    for (const field of ["endpointUrl", "bucketName", "fileKey"] as const) {
      if (typeof dataset[field] !== "string")
        throw new TypeError(`tune: datasetProviderParameters.${field} is required for an S3 dataset (the SDK: "bucket_name or endpoint_url or file_key is None")`);
    }
    const { endpointUrl, bucketName, fileKey, regionName, accessKey, secretKey } = dataset;
    return toPythonJson(
      {
        endpoint_url: endpointUrl,
        bucket_name: bucketName,
        file_key: fileKey,
        region_name: regionName ?? null,
        access_key: accessKey ?? null,
        secret_key: secretKey ?? null,
      },
      "datasetProviderParameters",
    );
  }
  if (typeof dataset.repoId !== "string" || dataset.repoId === "")
    throw new TypeError("tune: datasetProviderParameters.repoId is required: the HuggingFace dataset (or give an S3DatasetParams: endpointUrl, bucketName, fileKey)");
  return toPythonJson(
    {
      repo_id: dataset.repoId,
      access_token: dataset.accessToken ?? null,
      split: dataset.split ?? null,
    },
    "datasetProviderParameters",
  );
}

/** An S3 dataset names its bucket; a HuggingFace one its repository. */
export function isS3(dataset: HuggingFaceDatasetParams | S3DatasetParams): dataset is S3DatasetParams {
  return "bucketName" in dataset || "endpointUrl" in dataset || "fileKey" in dataset;
}

/** The SDK's checks of HuggingFaceModelParams, and a transformer type the images know. */
export function checkModel(model: HuggingFaceModelParams): void {
  if (typeof model !== "object" || model === null) throw new TypeError("tune: modelProviderParameters must be a HuggingFaceModelParams ({ modelUri, transformerType, … })");
  if (typeof model.modelUri !== "string" || model.modelUri === "") throw new TypeError('tune: modelProviderParameters.modelUri cannot be empty (the SDK: "model_uri cannot be empty.")');
  if (!TRANSFORMER_TYPES.includes(model.transformerType)) {
    throw new RangeError(`tune: modelProviderParameters.transformerType must be one of ${TRANSFORMER_TYPES.join(", ")}, not ${JSON.stringify(model.transformerType)}`);
  }
  if (model.numLabels !== undefined && !Number.isInteger(model.numLabels)) throw new RangeError("tune: modelProviderParameters.numLabels must be an integer");
}
