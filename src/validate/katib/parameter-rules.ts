/**
 * The search space (validator.go validateParameters): supported parameter types and distributions, a feasible space,
 * min/max for numbers and no list, a list and no min/max/step for categories. Numeric sanity (min ≤ max, positive
 * bounds for log distributions) is beyond the webhook: warnings.
 */
import type { Finding, Segment } from "../finding.ts";
import { DISTRIBUTIONS, PARAMETER_TYPES } from "./katib-defaults-data.ts";
import { advise, type ExperimentContext, invalid, type KatibRule, required } from "./katib-rule.ts";
import { field, isRecord, list, text } from "./values.ts";

const NUMERIC = new Set(["int", "double"]);
const LISTED = new Set(["categorical", "discrete"]);

function isEmptySpace(space: Record<string, unknown> | undefined): boolean {
  if (!space) return true;
  return Object.values(space).every((value) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0));
}

function typeAndDistribution(parameter: Record<string, unknown>, at: Segment[]): Finding[] {
  const findings: Finding[] = [];
  const type = text(parameter.parameterType);
  if (!PARAMETER_TYPES.includes(type)) findings.push(invalid("parameters", [...at, "parameterType"], type, `parameterType: ${type} is not supported`));
  const distribution = text(field(parameter, "feasibleSpace")?.distribution);
  if (distribution !== "" && !DISTRIBUTIONS.includes(distribution)) {
    findings.push(invalid("parameters", [...at, "feasibleSpace", "distribution"], distribution, `distribution: ${distribution} is not supported`));
  }
  return findings;
}

function feasibleSpace(parameter: Record<string, unknown>, at: Segment[]): Finding[] {
  const space = field(parameter, "feasibleSpace");
  const type = text(parameter.parameterType);
  if (isEmptySpace(space)) return [required("parameters", [...at, "feasibleSpace"], "feasibleSpace must be specified")];
  const findings: Finding[] = [];
  if (NUMERIC.has(type)) {
    if (list(space?.list).length > 0) findings.push(invalid("parameters", [...at, "feasibleSpace", "list"], space?.list, `feasibleSpace.list is not supported for parameterType: ${type}`));
    if (text(space?.max) === "" || text(space?.min) === "") {
      findings.push(required("parameters", [...at, "feasibleSpace", "max"], `feasibleSpace.max or feasibleSpace.min must be specified for parameterType: ${type}`));
    }
  } else if (LISTED.has(type) && (text(space?.max) !== "" || text(space?.min) !== "" || text(space?.step) !== "")) {
    findings.push(invalid("parameters", [...at, "feasibleSpace"], space, `feasibleSpace .max, .min and .step is not supported for parameterType: ${type}`));
  }
  return findings;
}

function numericAdvice(type: string, space: Record<string, unknown>, at: Segment[]): Finding[] {
  const findings: Finding[] = [];
  const bounds: Array<["min" | "max" | "step", number]> = [];
  for (const name of ["min", "max", "step"] as const) {
    const raw = text(space[name]);
    if (raw === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) findings.push(advise("parameters.range", [...at, "feasibleSpace", name], `${JSON.stringify(raw)} is not a number`));
    else if (type === "int" && !Number.isInteger(value)) findings.push(advise("parameters.range", [...at, "feasibleSpace", name], `${JSON.stringify(raw)} is not an integer (parameterType: int)`));
    else bounds.push([name, value]);
  }
  const get = (name: string): number | undefined => bounds.find(([key]) => key === name)?.[1];
  const min = get("min");
  const max = get("max");
  const step = get("step");
  if (min !== undefined && max !== undefined && min > max) findings.push(advise("parameters.range", [...at, "feasibleSpace"], `min (${min}) is greater than max (${max})`));
  if (step !== undefined && step <= 0) findings.push(advise("parameters.range", [...at, "feasibleSpace", "step"], `step must be positive (is ${step})`));
  const distribution = text(space.distribution);
  if ((distribution === "logUniform" || distribution === "logNormal") && min !== undefined && min <= 0) {
    findings.push(advise("parameters.range", [...at, "feasibleSpace", "min"], `a ${distribution} distribution needs min > 0 (is ${min})`));
  }
  return findings;
}

function advice({ spec, original }: ExperimentContext): Finding[] {
  const written = list(original.parameters);
  return list(spec.parameters).flatMap((parameter, index): Finding[] => {
    if (!isRecord(parameter)) return [];
    const at: Segment[] = ["spec", "parameters", index];
    const type = text(parameter.parameterType);
    const space = field(parameter, "feasibleSpace") ?? {};
    const writtenSpace = field(written[index], "feasibleSpace");
    if (isEmptySpace(writtenSpace)) return [advise("parameters.feasible-space", [...at, "feasibleSpace"], "feasibleSpace is empty: the webhook accepts it once its defaulting has set a distribution, but there is nothing to search")];
    if (LISTED.has(type) && list(space.list).length === 0) return [advise("parameters.feasible-space", [...at, "feasibleSpace", "list"], `feasibleSpace.list is empty: a ${type} parameter needs values to choose from`)];
    return NUMERIC.has(type) ? numericAdvice(type, space, at) : [];
  });
}

function eachParameter(check: (parameter: Record<string, unknown>, at: Segment[]) => Finding[]): (context: ExperimentContext) => Finding[] {
  return ({ spec }) => list(spec.parameters).flatMap((parameter, index) => (isRecord(parameter) ? check(parameter, ["spec", "parameters", index]) : []));
}

/** Rules of validateParameters, and the warnings beyond it. */
export const PARAMETER_RULES: readonly KatibRule[] = [
  { id: "parameters", mirrors: "validator.go validateParameters: parameterType and feasibleSpace.distribution supported", check: eachParameter(typeAndDistribution) },
  { id: "parameters", mirrors: "validator.go validateParameters: feasibleSpace required; int/double need min and max, no list; categorical/discrete no min/max/step", check: eachParameter(feasibleSpace) },
  { id: "parameters.range", mirrors: "beyond the webhook: numeric bounds parse, min <= max, step > 0, log distributions need min > 0", check: advice },
];
