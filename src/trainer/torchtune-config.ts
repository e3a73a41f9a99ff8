/**
 * The builtin TorchTune trainer's configuration, as the Python SDK's `TorchTuneConfig`, `LoraConfig` and
 * `TorchTuneInstructDataset`, and the `key=value` overrides of the runtime's TorchTune recipe it becomes
 * (`get_args_using_torchtune_config`): the trainer's `args`, after the runtime's `tune run` command.
 */
import { toPythonLiteral, toPythonStr } from "../python/python-literal.ts";
import type { InitializerSpec } from "./initializers.ts";

/** The LoRA, QLoRA (`quantizeBase`) or DoRA (`useDora`) fine-tuning of a TorchTune recipe; each set field overrides `model.<field>`. */
export interface LoraConfig {
  /** Apply LoRA to each transformer layer's MLP. */
  applyLoraToMlp?: boolean;
  /** Apply LoRA to the final output projection. */
  applyLoraToOutput?: boolean;
  /** Layers to apply LoRA to; default `["q_proj", "v_proj", "output_proj"]`. */
  loraAttnModules?: readonly string[];
  /** The rank of the low-rank decomposition. */
  loraRank?: number;
  /** The scaling of the low-rank matrices' output. */
  loraAlpha?: number;
  /** Written as Python writes it: `0.1`, but a whole number as an int (`0`, not `0.0`). */
  loraDropout?: number;
  /** QLoRA: quantize the base model. */
  quantizeBase?: boolean;
  /** DoRA instead of LoRA. */
  useDora?: boolean;
}

/** Data file formats of a TorchTune instruct dataset. */
export type DataFormat = "json" | "csv" | "parquet" | "arrow" | "text" | "xml";

/** A custom instruct dataset (`torchtune.datasets.instruct_dataset`) and how to read it. */
export interface TorchTuneInstructDataset {
  /** The data files' format. */
  source?: DataFormat;
  /** The split to use, e.g. `"train[:10%]"`. */
  split?: string;
  /** Train on the prompt too, not only on the response. */
  trainOnInput?: boolean;
  /** A system message prepended to every sample. */
  newSystemPrompt?: string;
  /** Maps `input` and `output` to the dataset's column names. */
  columnMap?: Readonly<Record<string, string>>;
}

/** TorchTune's loss functions the SDK knows. */
export type TorchTuneLoss = "torchtune.modules.loss.CEWithChunkedOutputLoss";

/** The builtin TorchTune trainer: the recipe's overrides, nodes and resources. */
export interface TorchTuneConfig {
  /** The data type of the model's and optimizer's parameters. */
  dtype?: "bf16" | "fp32";
  /** Samples per step; a positive integer. */
  batchSize?: number;
  /** Passes over the dataset; a positive integer. */
  epochs?: number;
  /** The loss function. */
  loss?: TorchTuneLoss;
  /** Training nodes; at least 1. */
  numNodes?: number;
  /** Parameter-efficient fine-tuning: LoRA, QLoRA or DoRA. */
  peftConfig?: LoraConfig;
  /** A custom instruct dataset and how to read it. */
  datasetPreprocessConfig?: TorchTuneInstructDataset;
  /** As a custom trainer's: `{ gpu: 2, memory: "64Gi" }`. */
  resourcesPerNode?: Readonly<Record<string, string | number>>;
}

/** Where the dataset initializer puts the dataset in the trainer's pod. */
export const DATASET_PATH = "/workspace/dataset";
const DEFAULT_LORA_ATTN_MODULES = ["q_proj", "v_proj", "output_proj"];
const DTYPES = new Set(["bf16", "fp32"]);
const LOSSES = new Set<string>(["torchtune.modules.loss.CEWithChunkedOutputLoss"]);
const FORMATS = new Set<string>(["json", "csv", "parquet", "arrow", "text", "xml"]);

/**
 * The recipe overrides, in the SDK's order. A HuggingFace dataset initializer sets `dataset.data_files` (a path with
 * a file name) or `dataset.data_dir` under /workspace/dataset. Throws a RangeError, naming the field, for an unknown
 * dtype, loss or data format, and a batch size or epoch count that is not a positive integer.
 */
export function toTorchTuneArgs(config: TorchTuneConfig, initializer: InitializerSpec | undefined, field: string): string[] {
  const args: string[] = [];
  if (config.dtype !== undefined) args.push(`dtype=${oneOf(config.dtype, DTYPES, `${field}.dtype`)}`);
  if (config.batchSize !== undefined) args.push(`batch_size=${positiveInteger(config.batchSize, `${field}.batchSize`)}`);
  if (config.epochs !== undefined) args.push(`epochs=${positiveInteger(config.epochs, `${field}.epochs`)}`);
  if (config.loss !== undefined) args.push(`loss=${oneOf(config.loss, LOSSES, `${field}.loss`)}`);
  const dataset = initializer?.dataset;
  if (dataset?.type === "HuggingFace") args.push(huggingFaceDataArg(dataset.storageUri));
  if (config.peftConfig) args.push(...loraArgs(config.peftConfig));
  if (config.datasetPreprocessConfig) args.push(...instructDatasetArgs(config.datasetPreprocessConfig, `${field}.datasetPreprocessConfig`));
  return args;
}

/** `dataset.data_files=…` when the path after the repository names a file (has a dot), else `dataset.data_dir=…`. */
function huggingFaceDataArg(storageUri: string): string {
  const uri = storageUri.startsWith("hf://") ? storageUri : `hf://${storageUri}`;
  // urlparse: the netloc runs to the first "/", "?" or "#"; the path to the first "?" or "#"; ";params" leave its last segment.
  const rest = uri.slice("hf://".length);
  const pathStart = rest.search(/[/?#]/);
  let path = pathStart < 0 || rest[pathStart] !== "/" ? "" : rest.slice(pathStart).split(/[?#]/, 1)[0]!;
  const lastSlash = path.lastIndexOf("/");
  const params = path.indexOf(";", lastSlash);
  if (params >= 0) path = path.slice(0, params);
  const parts = path.replace(/^\/+|\/+$/g, "").split("/");
  const relative = parts.length > 1 ? parts.slice(1).join("/") : ".";
  return relative !== "." && relative.includes(".") ? `dataset.data_files=${DATASET_PATH}/${relative}` : `dataset.data_dir=${DATASET_PATH}/${relative}`;
}

function loraArgs(lora: LoraConfig): string[] {
  const fields: [string, boolean | number | undefined][] = [
    ["apply_lora_to_mlp", lora.applyLoraToMlp],
    ["apply_lora_to_output", lora.applyLoraToOutput],
    ["lora_rank", lora.loraRank],
    ["lora_alpha", lora.loraAlpha],
    ["lora_dropout", lora.loraDropout],
    ["quantize_base", lora.quantizeBase],
    ["use_dora", lora.useDora],
  ];
  const args = fields.filter((entry): entry is [string, boolean | number] => entry[1] !== undefined && entry[1] !== null).map(([name, value]) => `model.${name}=${toPythonStr(value, `peftConfig.${name}`)}`);
  const modules = lora.loraAttnModules ?? DEFAULT_LORA_ATTN_MODULES;
  if (modules.length > 0) args.push(`model.lora_attn_modules=[${modules.join(",")}]`);
  return args;
}

function instructDatasetArgs(dataset: TorchTuneInstructDataset, field: string): string[] {
  const args = ["dataset=torchtune.datasets.instruct_dataset"];
  if (dataset.source) args.push(`dataset.source=${oneOf(dataset.source, FORMATS, `${field}.source`)}`);
  if (dataset.split) args.push(`dataset.split=${dataset.split}`);
  if (dataset.trainOnInput !== undefined) args.push(`dataset.train_on_input=${toPythonStr(dataset.trainOnInput)}`);
  if (dataset.newSystemPrompt) args.push(`dataset.new_system_prompt=${dataset.newSystemPrompt}`);
  if (dataset.columnMap && Object.keys(dataset.columnMap).length > 0) args.push(`dataset.column_map=${toPythonLiteral(dataset.columnMap, `${field}.columnMap`)}`);
  return args;
}

function oneOf(value: string, allowed: ReadonlySet<string>, field: string): string {
  if (!allowed.has(value)) throw new RangeError(`${field} ${JSON.stringify(value)} is not one of ${[...allowed].join(", ")}`);
  return value;
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${field} must be a positive integer, got ${String(value)}`);
  return value;
}
