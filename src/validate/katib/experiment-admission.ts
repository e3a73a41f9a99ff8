/**
 * Katib's admission of an Experiment, offline: its validating webhook's rules on the defaulted Experiment, then the
 * trial template converted the way the webhook converts it. A batch/v1 Job template must decode into a Job with no
 * field left over (validateTrialJob); a template of a kind this package validates (a Trainer TrainJob) is checked
 * too, as warnings, since the webhook accepts it and only the Trial's creation would fail.
 */
import type { ValidatorModule } from "../../../generated/validator-runtime.ts";
import { error, type Finding, type Segment, warning } from "../finding.ts";
import { findEmbedded, loadValidator } from "../kinds.ts";
import { toSchemaFindings } from "../schema-issues.ts";
import { EXPERIMENT_RULES } from "./experiment-rules.ts";
import type { ExperimentContext, KatibRule } from "./katib-rule.ts";
import { METRICS_COLLECTOR_RULES } from "./metrics-collector-rules.ts";
import { toRunSpec, TRIAL_TEMPLATE_RULES } from "./trial-template-rules.ts";
import { field, isRecord, list, text } from "./values.ts";

/** Every Katib rule, in the webhook's order. */
export const KATIB_RULES: readonly KatibRule[] = [...EXPERIMENT_RULES, ...TRIAL_TEMPLATE_RULES, ...METRICS_COLLECTOR_RULES];

const TRIAL_SPEC: Segment[] = ["spec", "trialTemplate", "trialSpec"];

/** Validates another kind's object (used for a TrainJob template); returns its findings. */
export type ValidateEmbedded = (object: Record<string, unknown>) => Promise<Finding[] | undefined>;

/** The webhook's rules on a defaulted Experiment. */
export function checkExperimentRules(context: ExperimentContext): Finding[] {
  return KATIB_RULES.flatMap((rule) => rule.check(context));
}

function within(finding: Finding, rule: string, prefix: string): Finding {
  return { ...finding, rule, at: [...TRIAL_SPEC, ...finding.at], message: `${prefix}${finding.message}` };
}

async function checkJob(runSpec: Record<string, unknown>, primaryContainer: string): Promise<Finding[]> {
  const validator = findEmbedded("batch/v1/Job");
  if (!validator) return [];
  const module: ValidatorModule = await loadValidator(validator);
  module.validate(runSpec);
  // The webhook's conversion check fails on any field the Job type lacks, whatever --validate says.
  const findings = toSchemaFindings(module.validate.errors, { origin: "openapi", fieldValidation: "strict", statusSubresource: false, value: runSpec }).map((finding) =>
    within(finding, finding.severity === "error" ? "katib.trial-template.job" : `katib.trial-template.job.${finding.rule}`, finding.severity === "error" ? "not a valid batch/v1 Job: " : "the Trial's Job: "),
  );
  findings.push(...emptyLists(runSpec, []).map((at) => within(error("katib.trial-template.job", at, ""), "katib.trial-template.job", `not a valid batch/v1 Job: unable to convert: /${at.join("/")} - [] to Job (the Job type drops an empty list, and the webhook refuses a template that does not survive its conversion)`)));
  const containers = list(field(field(field(runSpec, "spec"), "template"), "spec")?.containers).filter(isRecord);
  if (primaryContainer !== "" && containers.length > 0 && !containers.some((container) => text(container.name) === primaryContainer)) {
    findings.push(warning("katib.trial-template.primary-container", ["spec", "trialTemplate", "primaryContainerName"], `no container named ${JSON.stringify(primaryContainer)} in the Job's pod template: metrics are collected from it`));
  }
  return findings;
}

/**
 * Where the Job holds an empty list. Go's JSON encoding leaves out empty lists of `omitempty` fields, which is every
 * list of a Job but a pod's containers, so the webhook's conversion check (validatePatchJob) finds them missing.
 */
function emptyLists(value: unknown, at: Segment[]): Segment[][] {
  if (Array.isArray(value)) {
    const isContainers = at.length === 4 && at.join("/") === "spec/template/spec/containers";
    if (value.length === 0) return isContainers ? [] : [at];
    return value.flatMap((item, index) => emptyLists(item, [...at, index]));
  }
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => emptyLists(item, [...at, key]));
}

/** A trial's resource as the Trial controller creates it: named after the trial, in the Experiment's namespace. */
function asTrialResource(runSpec: Record<string, unknown>, experiment: Record<string, unknown>, name: string | undefined): Record<string, unknown> {
  const metadata = isRecord(runSpec.metadata) ? runSpec.metadata : {};
  const namespace = text(field(experiment, "metadata")?.namespace);
  return { ...runSpec, metadata: { ...metadata, name: `${name ?? "experiment"}-x7k2q9m4`, ...(namespace ? { namespace } : {}) } };
}

/** Checks the substituted trial template of a defaulted Experiment (`context`: the rules' one, to reuse their work). */
export async function checkTrialResource(experiment: Record<string, unknown>, name: string | undefined, validateEmbedded: ValidateEmbedded, context?: ExperimentContext): Promise<Finding[]> {
  const spec = field(experiment, "spec");
  const runSpec = spec ? toRunSpec(spec, context) : undefined;
  if (!spec || !runSpec) return [];
  if (text(runSpec.apiVersion) === "batch/v1" && text(runSpec.kind) === "Job") {
    return checkJob(runSpec, text(field(spec, "trialTemplate")?.primaryContainerName));
  }
  const embedded = await validateEmbedded(asTrialResource(runSpec, experiment, name));
  return (embedded ?? []).map((finding) => ({ ...within(finding, `katib.trial-spec.${finding.rule}`, `the Trial's ${text(runSpec.kind)}: `), severity: "warning" }));
}
