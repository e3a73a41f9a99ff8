/**
 * tune()'s `trainerParameters`: the Python SDK's `HuggingFaceTrainerParams(training_parameters=TrainingArguments(…),
 * lora_config=LoraConfig(…))` for the fields a user sets, written as the SDK writes them (its
 * `get_trial_substitutions_from_trainer`: `json.dumps(args.to_dict())`, each search space replaced by
 * `${trialParameters.<field>}` and made an Experiment parameter of that name).
 */
import { hostname } from "node:os";
import type { V1beta1ParameterSpec, V1beta1TrialParameterSpec } from "../../generated/katib/v1beta1/types.ts";
import { PythonFloat, toPythonJson, type PythonJsonValue } from "../python/python-json.ts";
import { SearchSpace } from "./search.ts";
import { TRAINING_ARGUMENTS_DEFAULTS, TRAINING_ARGUMENTS_FLOATS } from "./training-arguments-defaults.ts";

/** A number, or a search space tune() tunes (`search.double(…)`, `search.int(…)`). */
export type TunableNumber = number | SearchSpace;

/**
 * The fields of transformers' `TrainingArguments` (4.38.0) tune() writes, in camelCase; every other field keeps its
 * default. Fields Python holds as floats (`learningRate`, `numTrainEpochs`, …) are written as floats (`3.0`).
 */
export interface TrainingArguments {
  /** `output_dir`: where the trainer writes checkpoints and the model. Required. */
  outputDir: string;
  /** Default `<outputDir>/runs/<MonDD_HH-MM-SS>_<hostname>`, as transformers makes it (local time, this host). */
  loggingDir?: string;
  /** Default `outputDir`. */
  runName?: string;
  /** `learning_rate` (float; default 5e-05). */
  learningRate?: TunableNumber;
  /** `num_train_epochs` (float; default 3.0). */
  numTrainEpochs?: TunableNumber;
  /** `max_steps` (int; default -1: the epochs decide). */
  maxSteps?: TunableNumber;
  /** `per_device_train_batch_size` (int; default 8). */
  perDeviceTrainBatchSize?: TunableNumber;
  /** `per_device_eval_batch_size` (int; default 8). */
  perDeviceEvalBatchSize?: TunableNumber;
  /** `gradient_accumulation_steps` (int; default 1). */
  gradientAccumulationSteps?: TunableNumber;
  /** `weight_decay` (float; default 0.0). */
  weightDecay?: TunableNumber;
  /** `adam_beta1` (float; default 0.9). */
  adamBeta1?: TunableNumber;
  /** `adam_beta2` (float; default 0.999). */
  adamBeta2?: TunableNumber;
  /** `adam_epsilon` (float; default 1e-08). */
  adamEpsilon?: TunableNumber;
  /** `max_grad_norm` (float; default 1.0). */
  maxGradNorm?: TunableNumber;
  /** `warmup_ratio` (float; default 0.0). */
  warmupRatio?: TunableNumber;
  /** `warmup_steps` (int; default 0). */
  warmupSteps?: TunableNumber;
  /** `label_smoothing_factor` (float; default 0.0). */
  labelSmoothingFactor?: TunableNumber;
  /** `seed` (default 42). */
  seed?: number;
  /** `logging_steps` (default 500; below 1 a ratio of the steps). */
  loggingSteps?: number;
  /** `save_steps` (default 500; below 1 a ratio of the steps). */
  saveSteps?: number;
  /** `save_total_limit`: checkpoints kept (default all). */
  saveTotalLimit?: number;
  /** `lr_scheduler_type` (default `"linear"`; `reduce_lr_on_plateau` needs an evaluation strategy, which tune() does not write). */
  lrSchedulerType?: "linear" | "cosine" | "cosine_with_restarts" | "polynomial" | "constant" | "constant_with_warmup" | "inverse_sqrt";
  /** `do_train` (default false; the trainer image trains anyway). */
  doTrain?: boolean;
  /** `do_eval` (default false). */
  doEval?: boolean;
  /** `disable_tqdm` (default false). */
  disableTqdm?: boolean;
}

/** The fields of peft's `LoraConfig` (0.3.0) tune() writes, in camelCase; the others keep their defaults. */
export interface HuggingFaceLoraConfig {
  /** Default 8. */
  r?: TunableNumber;
  /** `lora_alpha` (int; default none). */
  loraAlpha?: TunableNumber;
  /** `lora_dropout` (float; default none). */
  loraDropout?: TunableNumber;
  /** `target_modules`: the modules LoRA adapts (default the model's). */
  targetModules?: string | readonly string[];
  /** `modules_to_save`: modules trained and saved besides the adapters. */
  modulesToSave?: readonly string[];
  /** Default `"none"`. */
  bias?: "none" | "all" | "lora_only";
  /** `fan_in_fan_out` (default false). */
  fanInFanOut?: boolean;
  /** `init_lora_weights` (default true). */
  initLoraWeights?: boolean;
  /** `inference_mode` (default false). */
  inferenceMode?: boolean;
  /** `task_type` (default none). */
  taskType?: "SEQ_CLS" | "SEQ_2_SEQ_LM" | "CAUSAL_LM" | "TOKEN_CLS" | "QUESTION_ANS" | "FEATURE_EXTRACTION";
  /** `base_model_name_or_path` (default none). */
  baseModelNameOrPath?: string;
}

/** `HuggingFaceTrainerParams(training_parameters, lora_config)`: `loraConfig` defaults to `LoraConfig()`. */
export interface HuggingFaceTrainerParams {
  /** `training_parameters`: the TrainingArguments. */
  trainingParameters: TrainingArguments;
  /** `lora_config`: the LoraConfig; default `LoraConfig()`. */
  loraConfig?: HuggingFaceLoraConfig;
}

/**
 * The TrainingArguments fields tune() takes: each, given alone, reaches `to_dict()` as given (transformers'
 * `__post_init__` derives nothing from it), so the text is the SDK's; the differential tests hold this.
 */
const TRAINING_FIELDS: ReadonlySet<string> = new Set([
  "learning_rate",
  "num_train_epochs",
  "max_steps",
  "per_device_train_batch_size",
  "per_device_eval_batch_size",
  "gradient_accumulation_steps",
  "weight_decay",
  "adam_beta1",
  "adam_beta2",
  "adam_epsilon",
  "max_grad_norm",
  "warmup_ratio",
  "warmup_steps",
  "label_smoothing_factor",
  "seed",
  "logging_steps",
  "save_steps",
  "save_total_limit",
  "lr_scheduler_type",
  "do_train",
  "do_eval",
  "disable_tqdm",
]);

const LR_SCHEDULERS: readonly string[] = ["linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt"];

/** peft 0.3.0's `LoraConfig().to_dict()`. */
const LORA_DEFAULTS: readonly (readonly [string, PythonJsonValue])[] = [
  ["peft_type", "LORA"],
  ["base_model_name_or_path", null],
  ["task_type", null],
  ["inference_mode", false],
  ["r", 8],
  ["target_modules", null],
  ["lora_alpha", null],
  ["lora_dropout", null],
  ["fan_in_fan_out", false],
  ["bias", "none"],
  ["modules_to_save", null],
  ["init_lora_weights", true],
];

const LORA_FLOATS: ReadonlySet<string> = new Set(["lora_dropout"]);

/** The two JSON texts and the Experiment and trial parameters the search spaces in them make, in the SDK's order. */
export interface TrainerSubstitutions {
  trainingArguments: string;
  loraConfig: string;
  parameters: V1beta1ParameterSpec[];
  trialParameters: V1beta1TrialParameterSpec[];
}

/** The SDK's substitution of trainer parameters: training arguments first, then the LoRA config, each in field order. */
export function toTrainerSubstitutions(trainer: HuggingFaceTrainerParams, now: Date = new Date()): TrainerSubstitutions {
  if (typeof trainer !== "object" || trainer === null || typeof trainer.trainingParameters !== "object" || trainer.trainingParameters === null) {
    throw new TypeError("tune: trainerParameters must be a HuggingFaceTrainerParams ({ trainingParameters: { outputDir, … }, loraConfig? })");
  }
  const args = trainer.trainingParameters;
  if (args.lrSchedulerType !== undefined && !LR_SCHEDULERS.includes(args.lrSchedulerType)) {
    throw new RangeError(`tune: trainerParameters.trainingParameters.lrSchedulerType must be one of ${LR_SCHEDULERS.join(", ")}, not ${JSON.stringify(args.lrSchedulerType)}`);
  }
  if (typeof args.outputDir !== "string" || args.outputDir === "") throw new TypeError("tune: trainerParameters.trainingParameters.outputDir is required (TrainingArguments' output_dir)");
  const parameters: V1beta1ParameterSpec[] = [];
  const trialParameters: V1beta1TrialParameterSpec[] = [];
  const fixed = {
    output_dir: args.outputDir,
    logging_dir: args.loggingDir ?? defaultLoggingDir(args.outputDir, now),
    run_name: args.runName ?? args.outputDir,
  };
  const training = substitute(
    TRAINING_ARGUMENTS_DEFAULTS,
    TRAINING_ARGUMENTS_FLOATS,
    TRAINING_FIELDS,
    {
      ...args,
      outputDir: undefined,
      loggingDir: undefined,
      runName: undefined,
    },
    "trainingParameters",
    parameters,
    trialParameters,
  );
  Object.assign(training, fixed);
  const lora = substitute(
    LORA_DEFAULTS,
    LORA_FLOATS,
    new Set(LORA_DEFAULTS.map(([name]) => name).filter((name) => name !== "peft_type")),
    trainer.loraConfig ?? {},
    "loraConfig",
    parameters,
    trialParameters,
  );
  return {
    trainingArguments: toPythonJson(training, "trainingParameters"),
    loraConfig: toPythonJson(lora, "loraConfig"),
    parameters,
    trialParameters,
  };
}

/** Fills the defaults with the given fields (camelCase to snake_case), a search space becoming its placeholder. */
function substitute(
  defaults: readonly (readonly [string, PythonJsonValue])[],
  floats: ReadonlySet<string>,
  known: ReadonlySet<string>,
  given: object,
  option: string,
  parameters: V1beta1ParameterSpec[],
  trialParameters: V1beta1TrialParameterSpec[],
): Record<string, PythonJsonValue> {
  const values = new Map<string, unknown>();
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const name = key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
    if (!known.has(name)) throw new TypeError(`tune: trainerParameters.${option}.${key} is not a field tune() writes (see the TrainingArguments and LoraConfig types)`);
    values.set(name, value);
  }
  const out: Record<string, PythonJsonValue> = {};
  for (const [name, fallback] of defaults) {
    const value = values.get(name);
    if (value instanceof SearchSpace) {
      parameters.push(value.toParameterSpec(name));
      trialParameters.push({ name, reference: name });
      out[name] = `\${trialParameters.${name}}`;
    } else if (value === undefined) {
      out[name] = fallback;
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new RangeError(`tune: trainerParameters.${option}.${name} must be a finite number`);
      out[name] = floats.has(name) ? new PythonFloat(value) : value;
    } else {
      out[name] = Array.isArray(value) ? [...(value as PythonJsonValue[])] : (value as PythonJsonValue);
    }
  }
  return out;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** transformers' `default_logdir()` under the output directory: `runs/<%b%d_%H-%M-%S>_<hostname>`. */
function defaultLoggingDir(outputDir: string, now: Date): string {
  const two = (n: number): string => String(n).padStart(2, "0");
  const stamp = `${MONTHS[now.getMonth()]}${two(now.getDate())}_${two(now.getHours())}-${two(now.getMinutes())}-${two(now.getSeconds())}`;
  return `${outputDir.endsWith("/") ? outputDir : `${outputDir}/`}runs/${stamp}_${hostname()}`;
}
