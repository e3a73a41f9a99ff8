/**
 * The trial template (validator.go validateTrialTemplate), after defaulting: primary container, success and failure
 * conditions, exactly one source, trial parameters (names and references present, unique, referring to a parameter
 * or to trial metadata), every `${trialParameters.<name>}` used and none left unresolved, and a template that names
 * its apiVersion and kind but not its name or namespace. As upstream, substitution works on the template's JSON text.
 */
import type { Finding, Segment } from "../finding.ts";
import {
  DEFAULT_KATIB_CONFIG,
  TRIAL_META_INDEXED,
  TRIAL_META_KEYS,
  TRIAL_META_REFERENCE,
  trialParameterPlaceholder,
  UNRESOLVED_TRIAL_PARAMETER,
} from "./katib-defaults-data.ts";
import { advise, type ExperimentContext, invalid, type KatibRule, required } from "./katib-rule.ts";
import { field, isRecord, list, text } from "./values.ts";

const TEMPLATE: Segment[] = ["spec", "trialTemplate"];
const PARAMETERS: Segment[] = [...TEMPLATE, "trialParameters"];
const TRIAL_SPEC: Segment[] = [...TEMPLATE, "trialSpec"];

/** Whether a reference names trial metadata: `${trialSpec.Name}`, `${trialSpec.Labels[key]}` (isMetaKey). */
export function isMetaKey(reference: string): boolean {
  const key = TRIAL_META_REFERENCE.exec(reference)?.[1];
  if (key === undefined) return false;
  if (TRIAL_META_KEYS.includes(key)) return true;
  const indexed = TRIAL_META_INDEXED.exec(key);
  return indexed !== null && TRIAL_META_KEYS.includes(indexed[1] ?? "");
}

/** The first string (key or value) in a value that contains `needle`, as a path. */
function findText(value: unknown, needle: string, at: Segment[]): Segment[] | undefined {
  if (typeof value === "string") return value.includes(needle) ? at : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findText(item, needle, [...at, index]);
      if (found) return found;
    }
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(needle)) return [...at, key];
      const found = findText(item, needle, [...at, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Checks of the template's presence and source; `proceed` when the parameter checks can run (a trialSpec is there). */
function templateShape(template: Record<string, unknown> | undefined): { findings: Finding[]; proceed: boolean } {
  if (!template) return { findings: [required("trial-template", TEMPLATE, "must be specified")], proceed: false };
  const findings: Finding[] = [];
  const stop = (finding: Finding): { findings: Finding[]; proceed: boolean } => ({ findings: [...findings, finding], proceed: false });
  if (text(template.primaryContainerName) === "") findings.push(required("trial-template", [...TEMPLATE, "primaryContainerName"], "must be specified"));
  if (text(template.successCondition) === "" || text(template.failureCondition) === "") {
    findings.push(required("trial-template", TEMPLATE, "successCondition and failureCondition must be specified"));
  }
  if (template.trialParameters === undefined || template.trialParameters === null) return stop(required("trial-template", PARAMETERS, "must be specified"));
  const hasSpec = template.trialSpec !== undefined && template.trialSpec !== null;
  const configMap = field(template, "configMap");
  if (!hasSpec && !configMap) return stop(required("trial-template", TEMPLATE, "spec.trialTemplate.trialSpec or spec.trialTemplate.configMap must be specified"));
  if (hasSpec && configMap) return stop(required("trial-template", TEMPLATE, "only one of spec.trialTemplate.trialSpec or spec.trialTemplate.configMap can be specified"));
  if (configMap) {
    if (text(configMap.configMapName) === "" || text(configMap.configMapNamespace) === "" || text(configMap.templatePath) === "") {
      return stop(required("trial-template", [...TEMPLATE, "configMap"], "configMapName, configMapNamespace and templatePath must be specified"));
    }
    const where = `${text(configMap.configMapNamespace)}/${text(configMap.configMapName)}[${text(configMap.templatePath)}]`;
    return stop(advise("trial-template.config-map", [...TEMPLATE, "configMap"], `depends on cluster state: the webhook reads the trial template from ConfigMap ${where} and refuses the Experiment when it does not exist; the template is not checked offline`));
  }
  return { findings, proceed: isRecord(template.trialSpec) };
}

interface Substitution {
  findings: Finding[];
  /** The template's JSON text with every valid parameter replaced by "test-value". */
  text: string;
  /** The substituted trial resource. */
  runSpec: Record<string, unknown> | undefined;
}

/** A well-formed trial parameter's placeholder, to look for and substitute. */
interface Placeholder {
  name: string;
  at: Segment[];
  placeholder: string;
}

/**
 * The trial parameters' checks (names and references present and unique, references naming a parameter or trial
 * metadata), in order with the placeholders of the well-formed ones: whether each is found is said in its place.
 */
function checkTrialParameters(template: Record<string, unknown>, spec: Record<string, unknown>): Array<Finding | Placeholder> {
  const names = new Set(list(spec.parameters).filter(isRecord).map((parameter) => text(parameter.name)));
  const seenNames = new Set<string>();
  const seenReferences = new Set<string>();
  const steps: Array<Finding | Placeholder> = [];
  list(template.trialParameters).forEach((parameter, index) => {
    const at: Segment[] = [...PARAMETERS, index];
    const record = isRecord(parameter) ? parameter : {};
    const name = text(record.name);
    const reference = text(record.reference);
    if (name === "" || reference === "" || name.includes("{") || name.includes("}")) {
      steps.push(invalid("trial-parameters", at, "", "name and reference must be specified and name must not contain '{' or '}'"));
      return;
    }
    if (seenNames.has(name)) return void steps.push(invalid("trial-parameters", [...at, "name"], name, `parameter name ${name} can't be duplicated in spec.trialTemplate.trialParameters`));
    if (seenReferences.has(reference)) return void steps.push(invalid("trial-parameters", [...at, "reference"], reference, `parameter reference ${reference} can't be duplicated in spec.trialTemplate.trialParameters`));
    seenNames.add(name);
    seenReferences.add(reference);
    if (names.size > 0 && !isMetaKey(reference) && !names.has(reference)) {
      steps.push(invalid("trial-parameters", [...at, "reference"], reference, `parameter reference ${reference} does not exist in spec.parameters`));
    }
    steps.push({ name, at, placeholder: trialParameterPlaceholder(name) });
  });
  return steps;
}

function isPlaceholder(step: Finding | Placeholder): step is Placeholder {
  return "placeholder" in step;
}

function notFound({ name, at, placeholder }: Placeholder): Finding {
  return invalid("trial-parameters", [...at, "name"], name, `parameter name: ${name} in spec.trialParameters not found in spec.trialTemplate (expected ${placeholder})`);
}

/** Upstream's way, on the template's JSON text: each placeholder looked for, replaced, then the text parsed back. */
function substituteInText(trialSpec: unknown, steps: ReadonlyArray<Finding | Placeholder>): Substitution {
  const findings: Finding[] = [];
  let json = JSON.stringify(trialSpec) ?? "";
  for (const step of steps) {
    if (!isPlaceholder(step)) findings.push(step);
    else if (!json.includes(step.placeholder)) findings.push(notFound(step));
    else json = json.replaceAll(step.placeholder, "test-value");
  }
  return { findings, text: json, runSpec: parseRunSpec(json) };
}

function substituteParameters(template: Record<string, unknown>, spec: Record<string, unknown>): Substitution {
  return substituteInText(template.trialSpec, checkTrialParameters(template, spec));
}

function unresolved(substitution: Substitution, trialSpec: unknown): Finding[] {
  const leftovers = [...new Set(substitution.text.match(UNRESOLVED_TRIAL_PARAMETER) ?? [])];
  return leftovers.map((leftover) =>
    invalid("trial-parameters", findText(trialSpec, leftover, TRIAL_SPEC) ?? TEMPLATE, leftover, `parameter ${leftover} in spec.trialTemplate not found in spec.trialTemplate.trialParameters`),
  );
}

/** The trial parameters' findings (substitution and unresolved placeholders) and the substituted trial resource. */
export function substituteTrialParameters(template: Record<string, unknown>, spec: Record<string, unknown>): { findings: Finding[]; runSpec: Record<string, unknown> | undefined } {
  const substitution = substituteParameters(template, spec);
  return { findings: [...substitution.findings, ...unresolved(substitution, template.trialSpec)], runSpec: substitution.runSpec };
}

function parseRunSpec(substituted: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(substituted);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Substitutions by rule context: the template rule and the trial resource check (checkTrialResource) both need the
 * one of the same defaulted Experiment. A context lives for one validation, during which nothing changes the spec.
 */
const substitutions = new WeakMap<ExperimentContext, Substitution>();

function substitutedOf(template: Record<string, unknown>, context: ExperimentContext): Substitution {
  let substitution = substitutions.get(context);
  if (!substitution) {
    substitution = substituteParameters(template, context.spec);
    substitutions.set(context, substitution);
  }
  return substitution;
}

/**
 * The trial template with its parameters substituted (what the webhook converts into the trial's resource); with the
 * rules' context, the substitution they made is reused.
 */
export function toRunSpec(spec: Record<string, unknown>, context?: ExperimentContext): Record<string, unknown> | undefined {
  const template = field(spec, "trialTemplate");
  if (!template || !isRecord(template.trialSpec)) return undefined;
  return (context?.spec === spec ? substitutedOf(template, context) : substituteParameters(template, spec)).runSpec;
}

function runSpecChecks(runSpec: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const metadata = field(runSpec, "metadata");
  if (text(metadata?.name) !== "" || text(metadata?.namespace) !== "") {
    findings.push(invalid("trial-template", [...TRIAL_SPEC, "metadata"], "", "metadata.name and metadata.namespace in spec.trialTemplate must be omitted"));
  }
  const apiVersion = text(runSpec.apiVersion);
  const kind = text(runSpec.kind);
  if (apiVersion === "" || kind === "") return [...findings, required("trial-template", TRIAL_SPEC, "APIVersion and Kind in spec.trialTemplate must be specified")];
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const resource = `${kind}.${version}${group ? `.${group}` : ""}`;
  if (!(DEFAULT_KATIB_CONFIG.trialResources as readonly string[]).includes(resource)) {
    findings.push(advise("trial-template.trial-resources", TRIAL_SPEC, `${resource} is not in the default katib-config trialResources (v0.19: ${DEFAULT_KATIB_CONFIG.trialResources.join(", ")}): add it to your katib-config`));
  }
  return findings;
}

function trialTemplate(context: ExperimentContext): Finding[] {
  const template = field(context.spec, "trialTemplate");
  const shape = templateShape(template);
  if (!template || !shape.proceed) return shape.findings;
  const substitution = substitutedOf(template, context);
  const { runSpec } = substitution;
  const findings = [...shape.findings, ...substitution.findings, ...unresolved(substitution, template.trialSpec)];
  return runSpec ? [...findings, ...runSpecChecks(runSpec)] : findings;
}

/** Rules of validateTrialTemplate (the batch Job conversion is checked by the embedded Job validator). */
export const TRIAL_TEMPLATE_RULES: readonly KatibRule[] = [
  {
    id: "trial-template",
    mirrors: "validator.go validateTrialTemplate: primaryContainerName, success/failure conditions, trialParameters, one source, parameter substitution, apiVersion/kind set, no metadata.name/namespace",
    check: trialTemplate,
  },
];
