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
  /** The template's JSON text with every valid parameter replaced by "test-value", when it had to be made. */
  text?: string;
  /** The substituted trial resource (read-only: it shares unchanged parts with the template). */
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

const TRIAL_PARAMETER_START = "${trialParameters.";
/** Characters JSON.stringify escapes: a placeholder holding one is looked for in escaped text, as upstream does. */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
/** The tree holds something its JSON text would not say as it is (NaN, -0, undefined, a `__proto__` key…). */
const NOT_JSON: unique symbol = Symbol("not JSON as it is");

/**
 * The same substitution on the values themselves, sparing the JSON text and its parse: a placeholder (no quote,
 * backslash or control character in it, and no brace in its name) is in the JSON text exactly when it is in one of
 * its strings, keys included, and replacing it there changes the same characters. Only the parts holding a
 * placeholder are copied. Throws NOT_JSON where the text would say something else.
 */
function substituteInTree(value: unknown, placeholders: readonly string[], found: Set<string>, leftover: { seen: boolean }): unknown {
  switch (typeof value) {
    case "string": {
      if (!value.includes(TRIAL_PARAMETER_START)) return value;
      let replaced = value;
      for (const placeholder of placeholders) {
        if (!replaced.includes(placeholder)) continue;
        found.add(placeholder);
        replaced = replaced.replaceAll(placeholder, "test-value");
      }
      if (replaced.includes(TRIAL_PARAMETER_START)) leftover.seen = true;
      return replaced;
    }
    case "number":
      if (!Number.isFinite(value) || Object.is(value, -0)) throw NOT_JSON;
      return value;
    case "boolean":
      return value;
    case "object":
      break;
    default:
      throw NOT_JSON;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) throw NOT_JSON;
      const item = substituteInTree(value[index], placeholders, found, leftover);
      if (item !== value[index]) (copy ??= value.slice())[index] = item;
    }
    return copy ?? value;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw NOT_JSON;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let copy: Record<string, unknown> | undefined;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (key === "__proto__") throw NOT_JSON;
    const item = record[key];
    const substituted = substituteInTree(item, placeholders, found, leftover);
    const name = key.includes(TRIAL_PARAMETER_START) ? (substituteInTree(key, placeholders, found, leftover) as string) : key;
    if (copy === undefined && (substituted !== item || name !== key)) {
      copy = {};
      for (const earlier of keys.slice(0, index)) copy[earlier] = record[earlier];
    }
    // As JSON.parse does: a key that substitution makes repeat keeps its first place and its last value. (No key
    // becomes `__proto__`: a substituted one ends in "test-value".)
    if (copy) copy[name] = substituted;
  }
  return copy ?? record;
}

/** How parameters are substituted: on the values where that says the same as the text ("auto"), or on the text. */
export type SubstitutionMethod = "auto" | "text";

function substituteParameters(template: Record<string, unknown>, spec: Record<string, unknown>, method: SubstitutionMethod = "auto"): Substitution {
  const steps = checkTrialParameters(template, spec);
  const placeholders = steps.filter(isPlaceholder).map(({ placeholder }) => placeholder);
  if (method === "text" || placeholders.some((placeholder) => JSON_ESCAPED.test(placeholder))) return substituteInText(template.trialSpec, steps);
  const found = new Set<string>();
  const leftover = { seen: false };
  let runSpec: unknown;
  try {
    runSpec = substituteInTree(template.trialSpec, placeholders, found, leftover);
  } catch (cause) {
    if (cause !== NOT_JSON) throw cause;
    return substituteInText(template.trialSpec, steps);
  }
  // A placeholder left unresolved is looked for in the text, with upstream's pattern.
  if (leftover.seen) return substituteInText(template.trialSpec, steps);
  const findings = steps.flatMap((step) => (!isPlaceholder(step) ? [step] : found.has(step.placeholder) ? [] : [notFound(step)]));
  return { findings, runSpec: isRecord(runSpec) ? runSpec : undefined };
}

function unresolved(substitution: Substitution, trialSpec: unknown): Finding[] {
  if (substitution.text === undefined) return [];
  const leftovers = [...new Set(substitution.text.match(UNRESOLVED_TRIAL_PARAMETER) ?? [])];
  return leftovers.map((leftover) =>
    invalid("trial-parameters", findText(trialSpec, leftover, TRIAL_SPEC) ?? TEMPLATE, leftover, `parameter ${leftover} in spec.trialTemplate not found in spec.trialTemplate.trialParameters`),
  );
}

/**
 * The trial parameters' findings (substitution and unresolved placeholders) and the substituted trial resource, by
 * either method: both must say the same (the tests hold them to it).
 */
export function substituteTrialParameters(template: Record<string, unknown>, spec: Record<string, unknown>, method: SubstitutionMethod): { findings: Finding[]; runSpec: Record<string, unknown> | undefined } {
  const substitution = substituteParameters(template, spec, method);
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
