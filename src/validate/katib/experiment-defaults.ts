/**
 * Katib's defaulting webhook for Experiments (experiments/v1beta1 experiment_defaults.go, Experiment.SetDefault), as
 * a list of steps each naming the Go function it mirrors. Admission runs it before validation, so the official
 * examples (which omit parallelTrialCount, metric strategies, trial conditions…) only validate once it has run.
 * Steps skip values of the wrong type: Go's decoder would have refused them, and the schema check reports them.
 */
import {
  COLLECTOR,
  DEFAULT_DISTRIBUTION,
  DEFAULT_FILE_PATH,
  DEFAULT_PARALLEL_TRIAL_COUNT,
  DEFAULT_PROMETHEUS_PATH,
  DEFAULT_PROMETHEUS_PORT,
  DEFAULT_RESUME_POLICY,
  DEFAULT_TF_EVENT_DIR,
  TRIAL_KIND_DEFAULTS,
} from "./katib-defaults-data.ts";
import { child, isRecord, list, text } from "./values.ts";

/** One step of the defaulting webhook. */
export interface DefaultingStep {
  /** The Go function of experiment_defaults.go this step mirrors. */
  mirrors: string;
  apply: (spec: Record<string, unknown>) => void;
}

function strategyFor(objectiveType: string): string {
  if (objectiveType === "minimize") return "min";
  if (objectiveType === "maximize") return "max";
  return "latest";
}

function defaultObjective(spec: Record<string, unknown>): void {
  const objective = spec.objective;
  if (!isRecord(objective)) return;
  if (objective.metricStrategies === undefined || objective.metricStrategies === null) objective.metricStrategies = [];
  if (!Array.isArray(objective.metricStrategies)) return;
  const strategies = objective.metricStrategies as unknown[];
  const objectiveName = text(objective.objectiveMetricName);
  const value = strategyFor(text(objective.type));
  const named = strategies.filter(isRecord).map((strategy) => text(strategy.name));
  // As upstream: the objective metric's strategy does not count among the additional metrics' ones.
  const others = new Set(named.filter((name) => name !== objectiveName));
  if (!named.includes(objectiveName)) strategies.push({ name: objectiveName, value });
  for (const metric of list(objective.additionalMetricNames)) {
    if (typeof metric === "string" && !others.has(metric)) strategies.push({ name: metric, value });
  }
}

function defaultTrialTemplate(spec: Record<string, unknown>): void {
  const template = spec.trialTemplate;
  if (!isRecord(template) || !isRecord(template.trialSpec)) return;
  const defaults = TRIAL_KIND_DEFAULTS[text(template.trialSpec.kind)];
  if (!defaults) return;
  if (text(template.successCondition) === "") template.successCondition = defaults.successCondition;
  if (text(template.failureCondition) === "") template.failureCondition = defaults.failureCondition;
  const labels = template.primaryPodLabels;
  const empty = labels === undefined || labels === null || (isRecord(labels) && Object.keys(labels).length === 0);
  if (defaults.primaryPodLabels && empty) template.primaryPodLabels = { ...defaults.primaryPodLabels };
}

function defaultMetricsSource(collector: string, mc: Record<string, unknown>): void {
  const source = child(mc, "source");
  if (!source) return;
  if (collector === COLLECTOR.prometheus) {
    const httpGet = child(source, "httpGet");
    if (!httpGet) return;
    if (text(httpGet.path) === "") httpGet.path = DEFAULT_PROMETHEUS_PATH;
    // IntOrString's zero value prints "0": unset, 0 and "0" all get the default port.
    if (httpGet.port === undefined || httpGet.port === null || String(httpGet.port) === "0") httpGet.port = DEFAULT_PROMETHEUS_PORT;
    return;
  }
  const path = child(source, "fileSystemPath");
  if (!path) return;
  const file = collector === COLLECTOR.file;
  if (text(path.kind) === "") path.kind = file ? "File" : "Directory";
  if (text(path.path) === "") path.path = file ? DEFAULT_FILE_PATH : DEFAULT_TF_EVENT_DIR;
  if (file && text(path.format) === "") path.format = "TEXT";
}

function defaultMetricsCollector(spec: Record<string, unknown>): void {
  const mc = child(spec, "metricsCollectorSpec");
  if (!mc) return;
  if (mc.collector === undefined || mc.collector === null) mc.collector = { kind: COLLECTOR.stdOut };
  if (!isRecord(mc.collector)) return;
  const kind = text(mc.collector.kind);
  if (kind === COLLECTOR.prometheus || kind === COLLECTOR.file || kind === COLLECTOR.tfEvent) defaultMetricsSource(kind, mc);
}

function defaultParameterDistribution(spec: Record<string, unknown>): void {
  for (const parameter of list(spec.parameters)) {
    if (!isRecord(parameter)) continue;
    const space = child(parameter, "feasibleSpace");
    if (space && text(space.distribution) === "") space.distribution = DEFAULT_DISTRIBUTION;
  }
}

/** The steps of Experiment.SetDefault, in its order. */
export const EXPERIMENT_DEFAULTING: readonly DefaultingStep[] = [
  {
    mirrors: "setDefaultParallelTrialCount",
    apply: (spec) => {
      if (spec.parallelTrialCount === undefined || spec.parallelTrialCount === null) spec.parallelTrialCount = DEFAULT_PARALLEL_TRIAL_COUNT;
    },
  },
  {
    mirrors: "setDefaultResumePolicy",
    apply: (spec) => {
      if (text(spec.resumePolicy) === "" && (spec.resumePolicy === undefined || typeof spec.resumePolicy === "string")) spec.resumePolicy = DEFAULT_RESUME_POLICY;
    },
  },
  { mirrors: "setDefaultObjective", apply: defaultObjective },
  { mirrors: "setDefaultTrialTemplate", apply: defaultTrialTemplate },
  { mirrors: "setDefaultMetricsCollector", apply: defaultMetricsCollector },
  { mirrors: "setDefaultParameterDistribution", apply: defaultParameterDistribution },
];

/** Applies Katib's Experiment defaults in place (the object must be a copy the caller owns). */
export function applyExperimentDefaults(experiment: Record<string, unknown>): void {
  if (experiment.spec === undefined || experiment.spec === null) experiment.spec = {};
  if (!isRecord(experiment.spec)) return;
  for (const step of EXPERIMENT_DEFAULTING) step.apply(experiment.spec);
}
