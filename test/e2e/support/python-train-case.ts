/**
 * train() options of kubeflow-ts as a case for test/e2e/python/trainer_train.py: the same arguments for the Python
 * SDK's train(), as its classes (CustomTrainer, CustomTrainerContainer, BuiltinTrainer, the initializers, the
 * options) with their snake_case arguments, so both SDKs are given the same inputs from one description.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrainerV1alpha1ClusterTrainingRuntime, TrainerV1alpha1TrainingRuntime, TrainOptions } from "../../../src/index.ts";

/** One case of trainer_train.py. */
export interface PythonTrainCase {
  runtime?: string | { object: TrainerV1alpha1TrainingRuntime | TrainerV1alpha1ClusterTrainingRuntime };
  namespace?: string;
  trainer?: { class: string; args: Record<string, unknown> };
  initializer?: Record<string, { class: string; args: Record<string, unknown> }>;
  options?: { class: string; args: Record<string, unknown> }[];
}

/** Writes a case (or a list of them) to a JSON file, the argument trainer_train.py takes. */
export function writeTrainCaseFile(cases: PythonTrainCase | PythonTrainCase[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "kfts-train-case-")), "case.json");
  writeFileSync(file, JSON.stringify(cases));
  return file;
}

/** Writes a function's source to `<fileName>` in a fresh directory, which the Python side imports. */
export function writeFunctionFile(source: string, fileName = "train.py"): string {
  const file = join(mkdtempSync(join(tmpdir(), "kfts-train-func-")), fileName);
  writeFileSync(file, source);
  return file;
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const snakeKeys = (value: object): Record<string, unknown> => Object.fromEntries(Object.entries(value).map(([key, item]) => [snake(key), item]));

const INITIALIZER_CLASSES: Record<string, Record<string, string>> = {
  dataset: { HuggingFace: "HuggingFaceDatasetInitializer", S3: "S3DatasetInitializer", DataCache: "DataCacheInitializer" },
  model: { HuggingFace: "HuggingFaceModelInitializer", S3: "S3ModelInitializer" },
};

function toPythonTrainer(trainer: NonNullable<TrainOptions["trainer"]>): PythonTrainCase["trainer"] {
  if (trainer.torchTune) {
    const { peftConfig, datasetPreprocessConfig, ...config } = trainer.torchTune;
    return {
      class: "BuiltinTrainer",
      args: { config: { ...snakeKeys(config), ...(peftConfig ? { peft_config: snakeKeys(peftConfig) } : {}), ...(datasetPreprocessConfig ? { dataset_preprocess_config: snakeKeys(datasetPreprocessConfig) } : {}) } },
    };
  }
  if (trainer.func) {
    const { func, ...rest } = trainer;
    const file = writeFunctionFile(func.source, func.fileName);
    return { class: "CustomTrainer", args: { ...snakeKeys(rest), func: { func_file: file, func_name: func.name ?? /def\s+(\w+)/.exec(func.source)?.[1] } } };
  }
  // The container trainer's command and args are the TrainerCommand and TrainerArgs options in Python.
  const { command: _command, args: _args, ...rest } = trainer;
  return { class: "CustomTrainerContainer", args: snakeKeys(rest) };
}

/** The Python SDK's train() arguments for `options`; `runtime` as a name (on the box) or a runtime object (offline). */
export function toPythonTrainCase(options: TrainOptions, runtime: PythonTrainCase["runtime"]): PythonTrainCase {
  const container = options.trainer && !options.trainer.func && !options.trainer.torchTune ? options.trainer : undefined;
  const pythonOptions: NonNullable<PythonTrainCase["options"]> = [
    ...(options.name ? [{ class: "Name", args: { name: options.name } }] : []),
    ...(options.labels ? [{ class: "Labels", args: { labels: options.labels } }] : []),
    ...(options.annotations ? [{ class: "Annotations", args: { annotations: options.annotations } }] : []),
    ...(options.activeDeadlineSeconds !== undefined ? [{ class: "ActiveDeadlineSeconds", args: { seconds: options.activeDeadlineSeconds } }] : []),
    ...(container?.command ? [{ class: "TrainerCommand", args: { command: container.command } }] : []),
    ...(container?.args ? [{ class: "TrainerArgs", args: { args: container.args } }] : []),
    ...(options.runtimePatches ?? []).map((patch) => ({ class: "RuntimePatch", args: patch as Record<string, unknown> })),
  ];
  const initializer = options.initializer
    ? Object.fromEntries(
        Object.entries(options.initializer).map(([key, spec]) => {
          const { type, ...args } = spec as { type: string };
          return [key, { class: INITIALIZER_CLASSES[key]?.[type] ?? type, args: snakeKeys(args) }];
        }),
      )
    : undefined;
  return {
    ...(runtime !== undefined ? { runtime } : {}),
    ...(options.trainer ? { trainer: toPythonTrainer(options.trainer) } : {}),
    ...(initializer ? { initializer } : {}),
    options: pythonOptions,
  };
}
