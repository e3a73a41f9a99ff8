/**
 * Katib v0.19.0's constants, as data: the defaulting webhook's values (experiments/v1beta1 constants.go and
 * common/v1beta1 common_types.go), the trial template substitution syntax (controller.v1beta1/consts), the values the
 * validating webhook accepts, and the default katib-config (manifests/v1beta1/installs/katib-standalone). The
 * katib-config is the installation's: what it lists decides warnings here, never errors.
 */

/** spec.parallelTrialCount when unset (DefaultTrialParallelCount). */
export const DEFAULT_PARALLEL_TRIAL_COUNT = 3;

/** spec.resumePolicy when unset (DefaultResumePolicy). */
export const DEFAULT_RESUME_POLICY = "Never";

/** Values validateResumePolicy accepts. */
export const RESUME_POLICIES: readonly string[] = ["", "Never", "LongRunning", "FromVolume"];

/** Success/failure conditions and primary pod labels set per trial kind (setDefaultTrialTemplate). */
export interface TrialKindDefaults {
  successCondition: string;
  failureCondition: string;
  primaryPodLabels?: Readonly<Record<string, string>>;
}

const JOB_DEFAULTS: TrialKindDefaults = {
  successCondition: 'status.conditions.#(type=="Complete")#|#(status=="True")#',
  failureCondition: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
};

const KUBEFLOW_JOB_DEFAULTS: TrialKindDefaults = {
  successCondition: 'status.conditions.#(type=="Succeeded")#|#(status=="True")#',
  failureCondition: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
  primaryPodLabels: { "training.kubeflow.org/job-role": "master" },
};

const TRAIN_JOB_DEFAULTS: TrialKindDefaults = {
  successCondition: 'status.conditions.#(type=="Complete")#|#(status=="True")#',
  failureCondition: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
  primaryPodLabels: { "jobset.sigs.k8s.io/replicatedjob-name": "node" },
};

/** Defaults by trialSpec kind (the webhook matches the kind only, whatever the group). */
export const TRIAL_KIND_DEFAULTS: Readonly<Record<string, TrialKindDefaults>> = {
  Job: JOB_DEFAULTS,
  TFJob: KUBEFLOW_JOB_DEFAULTS,
  PyTorchJob: KUBEFLOW_JOB_DEFAULTS,
  XGBoostJob: KUBEFLOW_JOB_DEFAULTS,
  MPIJob: KUBEFLOW_JOB_DEFAULTS,
  TrainJob: TRAIN_JOB_DEFAULTS,
};

/** Metrics collector kinds (CollectorKind), and what setDefaultMetricsCollector fills in. */
export const COLLECTOR = {
  stdOut: "StdOut",
  file: "File",
  tfEvent: "TensorFlowEvent",
  prometheus: "PrometheusMetric",
  custom: "Custom",
  push: "Push",
} as const;

/** File collector: the metrics file when unset (DefaultFilePath). */
export const DEFAULT_FILE_PATH = "/var/log/katib/metrics.log";
/** TensorFlowEvent collector: the event directory when unset (DefaultTensorflowEventDirPath). */
export const DEFAULT_TF_EVENT_DIR = "/var/log/katib/tfevent/";
/** PrometheusMetric collector: path and port when unset (DefaultPrometheusPath, DefaultPrometheusPort). */
export const DEFAULT_PROMETHEUS_PATH = "/metrics";
/** See DEFAULT_PROMETHEUS_PATH. */
export const DEFAULT_PROMETHEUS_PORT = 8080;

/** Collector kinds whose sidecar image comes from katib-config (AutoInjectMetricsCollectorList). */
export const AUTO_INJECTED_COLLECTORS: readonly string[] = [COLLECTOR.stdOut, COLLECTOR.file, COLLECTOR.tfEvent, COLLECTOR.prometheus];

/** ParameterType values validateParameters accepts. */
export const PARAMETER_TYPES: readonly string[] = ["int", "double", "categorical", "discrete", "unknown"];
/** Distribution values validateParameters accepts ("" is unset). */
export const DISTRIBUTIONS: readonly string[] = ["uniform", "logUniform", "normal", "logNormal", "unknown"];
/** feasibleSpace.distribution when unset (setDefaultParameterDistribution). */
export const DEFAULT_DISTRIBUTION = "uniform";

/** `${trialParameters.<name>}` (TrialTemplateParamReplaceFormat) and its leftover finder. */
export const trialParameterPlaceholder = (name: string): string => `\${trialParameters.${name}}`;
/** What is left of `${trialParameters.…}` after substitution (TrialTemplateParamReplaceFormatRegex). */
export const UNRESOLVED_TRIAL_PARAMETER = /\$\{trialParameters\..+?\}/g;

/** `${trialSpec.<Key>}` references to trial metadata (TrialTemplateMetaReplaceFormatRegex, TrialTemplateMetaKeys). */
export const TRIAL_META_REFERENCE = /\$\{trialSpec\.(.+?)\}/;
/** `Labels[key]` / `Annotations[key]` (TrialTemplateMetaParseFormatRegex). */
export const TRIAL_META_INDEXED = /(.+)\[(.+)]/;
/** Trial metadata a reference may name (TrialTemplateMetaKeys). */
export const TRIAL_META_KEYS: readonly string[] = ["Name", "Namespace", "Kind", "APIVersion", "Annotations", "Labels"];

/** The default katib-config of v0.19.0 (katib-standalone). */
export const DEFAULT_KATIB_CONFIG = {
  suggestions: ["random", "tpe", "grid", "hyperband", "bayesianoptimization", "cmaes", "sobol", "multivariate-tpe", "enas", "darts", "pbt"],
  earlyStoppings: ["medianstop"],
  metricsCollectors: [COLLECTOR.stdOut, COLLECTOR.file, COLLECTOR.tfEvent],
  trialResources: ["TrainJob.v1alpha1.trainer.kubeflow.org", "Job.v1.batch", "TFJob.v1.kubeflow.org", "PyTorchJob.v1.kubeflow.org", "MPIJob.v1.kubeflow.org", "XGBoostJob.v1.kubeflow.org"],
} as const;
