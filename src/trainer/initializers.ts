/**
 * Typed dataset and model initializers, as the Python SDK's `HuggingFaceDatasetInitializer`, `S3DatasetInitializer`,
 * `DataCacheInitializer`, `HuggingFaceModelInitializer` and `S3ModelInitializer`: the storage URI checks they make,
 * and the TrainJob's `spec.initializer` they become (the URI, and each optional field as an upper-cased env var).
 */
import type { TrainerV1alpha1DatasetInitializer, TrainerV1alpha1Initializer, TrainerV1alpha1ModelInitializer } from "../../generated/trainer/v1alpha1/types.ts";

/**
 * A dataset from the HuggingFace Hub: `storageUri` is `hf://org/dataset[/path]`. (The Python SDK also takes a bare
 * `org/dataset`, which Trainer v2.3.0's API refuses: "must be a valid URI"; here it is refused before sending.)
 */
export interface HuggingFaceDatasetInitializer {
  /** Which initializer. */
  type: "HuggingFace";
  /** Where the dataset is. */
  storageUri: string;
  /** File patterns not to download (env IGNORE_PATTERNS, comma-separated). */
  ignorePatterns?: readonly string[];
  /** A HuggingFace token (env ACCESS_TOKEN). It is stored in the TrainJob as plain text, as the Python SDK does. */
  accessToken?: string;
}

/** Credentials and endpoint of an S3-compatible store; each becomes an env var of the initializer. */
export interface S3Options {
  /** A custom endpoint URL (env ENDPOINT). */
  endpoint?: string;
  /** env ACCESS_KEY_ID. */
  accessKeyId?: string;
  /** env SECRET_ACCESS_KEY, stored in the TrainJob as plain text, as the Python SDK does. */
  secretAccessKey?: string;
  /** env REGION. */
  region?: string;
  /** A role to assume (env ROLE_ARN). */
  roleArn?: string;
}

/** A dataset from S3-compatible storage: `storageUri` must start with `s3://`. */
export interface S3DatasetInitializer extends S3Options {
  /** Which initializer. */
  type: "S3";
  /** Where the dataset is. */
  storageUri: string;
  /** File patterns not to download (env IGNORE_PATTERNS). */
  ignorePatterns?: readonly string[];
}

/** A distributed data cache of an Iceberg table: `storageUri` is `cache://<SCHEMA_NAME>/<TABLE_NAME>`. */
export interface DataCacheInitializer {
  /** Which initializer. */
  type: "DataCache";
  /** The cached table: `cache://<SCHEMA_NAME>/<TABLE_NAME>`. */
  storageUri: string;
  /** The table's metadata file (env METADATA_LOC). */
  metadataLoc: string;
  /** Data nodes of the cache, more than 1 (env CLUSTER_SIZE is this plus the head). */
  numDataNodes: number;
  /** env HEAD_CPU. */
  headCpu?: string;
  /** env HEAD_MEM. */
  headMem?: string;
  /** env WORKER_CPU. */
  workerCpu?: string;
  /** env WORKER_MEM. */
  workerMem?: string;
  /** The IAM role that reads `metadataLoc` (env IAM_ROLE). */
  iamRole?: string;
}

/** The Python SDK's default model ignore patterns: weights in formats the trainers do not load. */
export const DEFAULT_MODEL_IGNORE_PATTERNS: readonly string[] = ["*.msgpack", "*.h5", "*.bin", "*.pt", "*.pth"];

/** A model from the HuggingFace Hub: `storageUri` is `hf://org/model` (a bare `org/model` is refused, as for datasets). */
export interface HuggingFaceModelInitializer {
  /** Which initializer. */
  type: "HuggingFace";
  /** Where the model is. */
  storageUri: string;
  /** File patterns not to download; default `DEFAULT_MODEL_IGNORE_PATTERNS`, `null` for none. */
  ignorePatterns?: readonly string[] | null;
  /** A HuggingFace token (env ACCESS_TOKEN), stored in the TrainJob as plain text, as the Python SDK does. */
  accessToken?: string;
}

/** A model from S3-compatible storage: `storageUri` must start with `s3://`. */
export interface S3ModelInitializer extends S3Options {
  /** Which initializer. */
  type: "S3";
  /** Where the model is. */
  storageUri: string;
  /** File patterns not to download; default `DEFAULT_MODEL_IGNORE_PATTERNS`, `null` for none. */
  ignorePatterns?: readonly string[] | null;
}

/** A typed dataset initializer, or the TrainJob's own `DatasetInitializer` as it is. */
export type DatasetInitializerSpec = HuggingFaceDatasetInitializer | S3DatasetInitializer | DataCacheInitializer | (TrainerV1alpha1DatasetInitializer & { type?: never });
/** A typed model initializer, or the TrainJob's own `ModelInitializer` as it is. */
export type ModelInitializerSpec = HuggingFaceModelInitializer | S3ModelInitializer | (TrainerV1alpha1ModelInitializer & { type?: never });

/** `train()`'s `initializer`: a dataset and a model to fetch before training, as the Python SDK's `Initializer`. */
export interface InitializerSpec {
  /** The dataset, fetched by the runtime's dataset-initializer job. */
  dataset?: DatasetInitializerSpec;
  /** The model, fetched by the runtime's model-initializer job. */
  model?: ModelInitializerSpec;
}

type EnvVar = NonNullable<TrainerV1alpha1DatasetInitializer["env"]>[number];

/**
 * The TrainJob's `spec.initializer`, or undefined when there is neither dataset nor model. Throws a RangeError, naming
 * the field, for a storage URI the initializer does not take (`hf://` for HuggingFace, `s3://` for S3,
 * `cache://<schema>/<table>` for DataCache), `numDataNodes` not above 1, and a TypeError for an unknown `type`.
 */
export function toInitializer(initializer: InitializerSpec): TrainerV1alpha1Initializer | undefined {
  const dataset = initializer.dataset ? toDatasetInitializer(initializer.dataset, "initializer.dataset") : undefined;
  const model = initializer.model ? toModelInitializer(initializer.model, "initializer.model") : undefined;
  if (!dataset && !model) return undefined;
  return { ...(dataset ? { dataset } : {}), ...(model ? { model } : {}) };
}

function toDatasetInitializer(spec: DatasetInitializerSpec, field: string): TrainerV1alpha1DatasetInitializer {
  switch (spec.type) {
    case undefined:
      return spec;
    case "HuggingFace":
      return { storageUri: checkPrefix(spec.storageUri, "hf://", field), env: toEnv([["IGNORE_PATTERNS", spec.ignorePatterns], ["ACCESS_TOKEN", spec.accessToken]]) };
    case "S3":
      return { storageUri: checkPrefix(spec.storageUri, "s3://", field), env: toEnv([["IGNORE_PATTERNS", spec.ignorePatterns], ...s3Env(spec)]) };
    case "DataCache": {
      checkCacheUri(spec.storageUri, field);
      if (!Number.isInteger(spec.numDataNodes) || spec.numDataNodes <= 1) throw new RangeError(`${field}.numDataNodes must be an integer greater than 1, got ${String(spec.numDataNodes)}`);
      if (typeof spec.metadataLoc !== "string" || spec.metadataLoc === "") throw new TypeError(`${field}.metadataLoc is empty: give the Iceberg table's metadata file`);
      const env = toEnv([
        ["CLUSTER_SIZE", String(spec.numDataNodes + 1)],
        ["METADATA_LOC", spec.metadataLoc],
        ["HEAD_CPU", spec.headCpu],
        ["HEAD_MEM", spec.headMem],
        ["WORKER_CPU", spec.workerCpu],
        ["WORKER_MEM", spec.workerMem],
        ["IAM_ROLE", spec.iamRole],
      ]);
      return { storageUri: spec.storageUri, env };
    }
    default:
      throw new TypeError(`${field}.type ${JSON.stringify((spec as { type: unknown }).type)} is not a dataset initializer: HuggingFace, S3 or DataCache`);
  }
}

function toModelInitializer(spec: ModelInitializerSpec, field: string): TrainerV1alpha1ModelInitializer {
  const ignorePatterns = (patterns: readonly string[] | null | undefined): readonly string[] | undefined => (patterns === undefined ? DEFAULT_MODEL_IGNORE_PATTERNS : (patterns ?? undefined));
  switch (spec.type) {
    case undefined:
      return spec;
    case "HuggingFace":
      return { storageUri: checkPrefix(spec.storageUri, "hf://", field), env: toEnv([["IGNORE_PATTERNS", ignorePatterns(spec.ignorePatterns)], ["ACCESS_TOKEN", spec.accessToken]]) };
    case "S3":
      return { storageUri: checkPrefix(spec.storageUri, "s3://", field), env: toEnv([["IGNORE_PATTERNS", ignorePatterns(spec.ignorePatterns)], ...s3Env(spec)]) };
    default:
      throw new TypeError(`${field}.type ${JSON.stringify((spec as { type: unknown }).type)} is not a model initializer: HuggingFace or S3`);
  }
}

function s3Env(spec: S3Options): [string, string | undefined][] {
  return [
    ["ENDPOINT", spec.endpoint],
    ["ACCESS_KEY_ID", spec.accessKeyId],
    ["SECRET_ACCESS_KEY", spec.secretAccessKey],
    ["REGION", spec.region],
    ["ROLE_ARN", spec.roleArn],
  ];
}

/** The set fields as env vars, in order; lists joined with commas. */
function toEnv(fields: [string, string | readonly string[] | undefined][]): EnvVar[] {
  return fields.filter((entry): entry is [string, string | readonly string[]] => entry[1] !== undefined).map(([name, value]) => ({ name, value: typeof value === "string" ? value : value.join(",") }));
}

function checkUri(uri: string, field: string): string {
  if (typeof uri !== "string" || uri === "") throw new TypeError(`${field}.storageUri is empty`);
  return uri;
}

function checkPrefix(uri: string, prefix: string, field: string): string {
  if (!checkUri(uri, field).startsWith(prefix)) throw new RangeError(`${field}.storageUri must start with '${prefix}', got ${uri}`);
  return uri;
}

function checkCacheUri(uri: string, field: string): void {
  checkPrefix(uri, "cache://", field);
  if (uri.slice("cache://".length).split("/").length !== 2) throw new RangeError(`${field}.storageUri must be in format 'cache://<SCHEMA_NAME>/<TABLE_NAME>', got ${uri}`);
}
