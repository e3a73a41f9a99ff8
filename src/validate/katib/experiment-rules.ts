/**
 * Katib v0.19's validating webhook for Experiments (webhook/v1beta1/experiment/validator/validator.go,
 * ValidateExperiment and the validate* functions it calls) re-expressed as rules: counts, objective, algorithm, early
 * stopping, resume policy and the search space. Trial template and metrics collector rules live beside this file.
 */
import type { Finding } from "../finding.ts";
import { DEFAULT_KATIB_CONFIG, RESUME_POLICIES } from "./katib-defaults-data.ts";
import { advise, type ExperimentContext, invalid, type KatibRule, required } from "./katib-rule.ts";
import { PARAMETER_RULES } from "./parameter-rules.ts";
import { field, integer, isRecord, list, text } from "./values.ts";

const NAMING = /^[a-z]([-a-z0-9]*[a-z0-9])?/;
/** Katib names trials and suggestion services after the Experiment: its webhook caps the name at 40 characters. */
const MAX_NAME_LENGTH = 40;

function counts({ spec, original }: ExperimentContext): Finding[] {
  const findings: Finding[] = [];
  const maxFailed = integer(spec.maxFailedTrialCount);
  const max = integer(spec.maxTrialCount);
  const parallel = integer(spec.parallelTrialCount);
  if (maxFailed !== undefined && maxFailed < 0) findings.push(invalid("max-failed-trial-count", ["spec", "maxFailedTrialCount"], maxFailed, "should not be less than 0"));
  if (max !== undefined && max <= 0) findings.push(invalid("max-trial-count", ["spec", "maxTrialCount"], max, "must be greater than 0"));
  if (parallel !== undefined && parallel <= 0) findings.push(invalid("parallel-trial-count", ["spec", "parallelTrialCount"], parallel, "must be greater than 0"));
  if (maxFailed !== undefined && max !== undefined && maxFailed > max) {
    findings.push(invalid("max-failed-trial-count", ["spec", "maxFailedTrialCount"], maxFailed, "should be less than or equal to spec.maxTrialCount"));
  }
  if (parallel !== undefined && max !== undefined && parallel > max) {
    const defaulted = original.parallelTrialCount === undefined || original.parallelTrialCount === null;
    const note = defaulted ? ` (spec.parallelTrialCount is unset and defaults to ${parallel})` : "";
    findings.push(invalid("parallel-trial-count", ["spec", "parallelTrialCount"], parallel, `should be less than or equal to spec.maxTrialCount${note}`));
  }
  return findings;
}

function objective({ spec }: ExperimentContext): Finding[] {
  const value = spec.objective;
  if (!isRecord(value)) return [required("objective", ["spec", "objective"], "must be specified")];
  const findings: Finding[] = [];
  const type = text(value.type);
  if (type !== "minimize" && type !== "maximize") findings.push(invalid("objective", ["spec", "objective", "type"], type, "must be minimize or maximize"));
  const metric = text(value.objectiveMetricName);
  if (metric === "") findings.push(required("objective", ["spec", "objective", "objectiveMetricName"], "must be specified"));
  if (list(value.additionalMetricNames).includes(metric)) {
    findings.push(invalid("objective", ["spec", "objective", "additionalMetricNames"], value.additionalMetricNames, "should not contain spec.objective.objectiveMetricName"));
  }
  return findings;
}

function configured(id: string, at: Array<string | number>, name: string, known: readonly string[], what: string): Finding[] {
  if (name === "" || known.includes(name)) return [];
  return [advise(id, at, `${JSON.stringify(name)} is not a ${what} of the default katib-config (v0.19: ${known.join(", ")}); the webhook rejects it unless your katib-config adds it`)];
}

function algorithm({ spec }: ExperimentContext): Finding[] {
  const value = spec.algorithm;
  if (!isRecord(value)) return [required("algorithm", ["spec", "algorithm"], "must be specified")];
  const name = text(value.algorithmName);
  if (name === "") return [required("algorithm", ["spec", "algorithm", "algorithmName"], "must be specified")];
  return configured("algorithm", ["spec", "algorithm", "algorithmName"], name, DEFAULT_KATIB_CONFIG.suggestions, "suggestion algorithm");
}

function earlyStopping({ spec }: ExperimentContext): Finding[] {
  const value = field(spec, "earlyStopping");
  if (!value) return [];
  const name = text(value.algorithmName);
  if (name === "") return [required("early-stopping", ["spec", "earlyStopping", "algorithmName"], "must be specified")];
  return configured("early-stopping", ["spec", "earlyStopping", "algorithmName"], name, DEFAULT_KATIB_CONFIG.earlyStoppings, "early stopping algorithm");
}

function searchSpace({ spec }: ExperimentContext): Finding[] {
  const hasParameters = list(spec.parameters).length > 0;
  const hasNas = spec.nasConfig !== undefined && spec.nasConfig !== null;
  if (!hasParameters && !hasNas) return [required("search-space", ["spec"], "spec.parameters or spec.nasConfig must be specified")];
  if (hasParameters && hasNas) return [invalid("search-space", ["spec"], "spec", "only one of spec.parameters and spec.nasConfig can be specified")];
  return [];
}

/** The rules of ValidateExperiment outside the trial template and the metrics collector. */
export const EXPERIMENT_RULES: readonly KatibRule[] = [
  {
    id: "name",
    // Upstream's regular expression has no `$`: only the start of the name is matched, and the length caps the rest.
    mirrors: "validator.go ValidateExperiment: metadata.name must start matching ^[a-z]([-a-z0-9]*[a-z0-9])? and be at most 40 characters",
    check: ({ name }) =>
      name !== undefined && (!NAMING.test(name) || name.length > MAX_NAME_LENGTH)
        ? [invalid("name", ["metadata", "name"], name, `name must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character, and may not be longer than ${MAX_NAME_LENGTH} characters`)]
        : [],
  },
  { id: "counts", mirrors: "validator.go ValidateExperiment: maxTrialCount > 0, parallelTrialCount > 0, maxFailedTrialCount >= 0, both <= maxTrialCount", check: counts },
  { id: "objective", mirrors: "validator.go validateObjective: objective, type minimize|maximize, objectiveMetricName, additionalMetricNames without it", check: objective },
  { id: "algorithm", mirrors: "validator.go validateAlgorithm: algorithm and algorithmName required, known to katib-config", check: algorithm },
  { id: "early-stopping", mirrors: "validator.go validateEarlyStopping: algorithmName required, known to katib-config", check: earlyStopping },
  {
    id: "resume-policy",
    mirrors: "validator.go validateResumePolicy: Never, LongRunning or FromVolume",
    check: ({ spec }) => (typeof spec.resumePolicy === "string" && !RESUME_POLICIES.includes(spec.resumePolicy) ? [invalid("resume-policy", ["spec", "resumePolicy"], spec.resumePolicy, "invalid ResumePolicyType")] : []),
  },
  { id: "search-space", mirrors: "validator.go ValidateExperiment: exactly one of spec.parameters and spec.nasConfig", check: searchSpace },
  ...PARAMETER_RULES,
];
