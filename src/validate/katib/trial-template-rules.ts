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
    return stop(advise("trial-template.config-map", [...TEMPLATE, "configMap"], `the trial template is read from ConfigMap ${where} by the webhook: not checked offline`));
  }
  return { findings, proceed: isRecord(template.trialSpec) };
}

interface Substitution {
  findings: Finding[];
  /** The template's JSON text with every valid parameter replaced by "test-value". */
  text: string;
}

function substituteParameters(template: Record<string, unknown>, spec: Record<string, unknown>): Substitution {
  const names = new Set(list(spec.parameters).filter(isRecord).map((parameter) => text(parameter.name)));
  const seenNames = new Set<string>();
  const seenReferences = new Set<string>();
  const findings: Finding[] = [];
  let json = JSON.stringify(template.trialSpec) ?? "";
  list(template.trialParameters).forEach((parameter, index) => {
    const at: Segment[] = [...PARAMETERS, index];
    const record = isRecord(parameter) ? parameter : {};
    const name = text(record.name);
    const reference = text(record.reference);
    if (name === "" || reference === "" || name.includes("{") || name.includes("}")) {
      findings.push(invalid("trial-parameters", at, "", "name and reference must be specified and name must not contain '{' or '}'"));
      return;
    }
    if (seenNames.has(name)) return void findings.push(invalid("trial-parameters", [...at, "name"], name, `parameter name ${name} can't be duplicated in spec.trialTemplate.trialParameters`));
    if (seenReferences.has(reference)) return void findings.push(invalid("trial-parameters", [...at, "reference"], reference, `parameter reference ${reference} can't be duplicated in spec.trialTemplate.trialParameters`));
    seenNames.add(name);
    seenReferences.add(reference);
    if (names.size > 0 && !isMetaKey(reference) && !names.has(reference)) {
      findings.push(invalid("trial-parameters", [...at, "reference"], reference, `parameter reference ${reference} does not exist in spec.parameters`));
    }
    const placeholder = trialParameterPlaceholder(name);
    if (!json.includes(placeholder)) return void findings.push(invalid("trial-parameters", [...at, "name"], name, `parameter name: ${name} in spec.trialParameters not found in spec.trialTemplate (expected ${placeholder})`));
    json = json.replaceAll(placeholder, "test-value");
  });
  return { findings, text: json };
}

function unresolved(substituted: string, trialSpec: unknown): Finding[] {
  const leftovers = [...new Set(substituted.match(UNRESOLVED_TRIAL_PARAMETER) ?? [])];
  return leftovers.map((leftover) =>
    invalid("trial-parameters", findText(trialSpec, leftover, TRIAL_SPEC) ?? TEMPLATE, leftover, `parameter ${leftover} in spec.trialTemplate not found in spec.trialTemplate.trialParameters`),
  );
}

function parseRunSpec(substituted: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(substituted);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A substitution and the resource it parses into (read-only: checks only read it). */
interface Substituted {
  substitution: Substitution;
  runSpec: Record<string, unknown> | undefined;
}

/**
 * Substitutions by rule context: the template rule and the trial resource check (checkTrialResource) both need the
 * one of the same defaulted Experiment. A context lives for one validation, during which nothing changes the spec.
 */
const substitutions = new WeakMap<ExperimentContext, Substituted>();

function substitutedOf(template: Record<string, unknown>, context: ExperimentContext): Substituted {
  let substituted = substitutions.get(context);
  if (!substituted) {
    const substitution = substituteParameters(template, context.spec);
    substituted = { substitution, runSpec: parseRunSpec(substitution.text) };
    substitutions.set(context, substituted);
  }
  return substituted;
}

/**
 * The trial template with its parameters substituted (what the webhook converts into the trial's resource); with the
 * rules' context, the substitution they made is reused.
 */
export function toRunSpec(spec: Record<string, unknown>, context?: ExperimentContext): Record<string, unknown> | undefined {
  const template = field(spec, "trialTemplate");
  if (!template || !isRecord(template.trialSpec)) return undefined;
  return context?.spec === spec ? substitutedOf(template, context).runSpec : parseRunSpec(substituteParameters(template, spec).text);
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
  const { substitution, runSpec } = substitutedOf(template, context);
  const findings = [...shape.findings, ...substitution.findings, ...unresolved(substitution.text, template.trialSpec)];
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
