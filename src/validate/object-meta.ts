/**
 * `metadata` as the apiserver checks it on create (apimachinery's ValidateObjectMeta with NameIsDNSSubdomain, used
 * for every custom resource): name or generateName, DNS-1123 names, label and annotation syntax and sizes,
 * finalizers and owner references. Types are the schema's business; values of the wrong type are skipped here.
 */
import { error, type Finding, type Segment, warning } from "./finding.ts";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOTAL_ANNOTATION_BYTES = 256 * 1024;

const SUBDOMAIN_HELP =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";

function subdomainProblem(value: string): string | undefined {
  if (value.length > 253) return "must be no more than 253 characters";
  return DNS1123_SUBDOMAIN.test(value) ? undefined : SUBDOMAIN_HELP;
}

/** Problems of a qualified name (label and annotation keys): `[prefix/]name`. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  const name = parts.at(-1) ?? "";
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    if (prefix === "") return "prefix part must be non-empty";
    const problem = subdomainProblem(prefix);
    if (problem) return `prefix part ${problem}`;
  }
  if (name === "") return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!QUALIFIED_NAME.test(name)) return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name', or '123-abc')";
  return undefined;
}

/** Problems of a label value (63 characters at most, may be empty). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return "must be no more than 63 characters";
  return LABEL_VALUE.test(value) ? undefined : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function names(meta: Record<string, unknown>): Finding[] {
  const name = typeof meta.name === "string" ? meta.name : "";
  const generateName = typeof meta.generateName === "string" ? meta.generateName : "";
  if (name === "" && generateName === "") return [error("metadata.name", ["metadata", "name"], "Required value: name or generateName is required")];
  const findings: Finding[] = [];
  const nameProblem = name === "" ? undefined : subdomainProblem(name);
  if (nameProblem) findings.push(error("metadata.name", ["metadata", "name"], `Invalid value: ${JSON.stringify(name)}: ${nameProblem}`));
  // A prefix may end with '-': the generated suffix follows it.
  const prefixProblem = generateName === "" ? undefined : subdomainProblem(generateName.replace(/-$/, "a"));
  if (prefixProblem) findings.push(error("metadata.generate-name", ["metadata", "generateName"], `Invalid value: ${JSON.stringify(generateName)}: ${prefixProblem}`));
  return findings;
}

function namespace(meta: Record<string, unknown>, namespaced: boolean, kind: string): Finding[] {
  if (typeof meta.namespace !== "string" || meta.namespace === "") return [];
  if (!namespaced) return [warning("metadata.namespace", ["metadata", "namespace"], `${kind} is cluster-scoped: the apiserver ignores metadata.namespace`)];
  if (meta.namespace.length <= 63 && DNS1123_LABEL.test(meta.namespace)) return [];
  return [error("metadata.namespace", ["metadata", "namespace"], `Invalid value: ${JSON.stringify(meta.namespace)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', start and end with an alphanumeric character, and be at most 63 characters`)];
}

function labels(meta: Record<string, unknown>): Finding[] {
  if (!isRecord(meta.labels)) return [];
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(meta.labels)) {
    const at: Segment[] = ["metadata", "labels", key];
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) findings.push(error("metadata.labels", at, `Invalid value: ${JSON.stringify(key)}: ${keyProblem}`, true));
    const valueProblem = typeof value === "string" ? labelValueProblem(value) : undefined;
    if (valueProblem) findings.push(error("metadata.labels", at, `Invalid value: ${JSON.stringify(value)}: ${valueProblem}`));
  }
  return findings;
}

function annotations(meta: Record<string, unknown>): Finding[] {
  if (!isRecord(meta.annotations)) return [];
  const findings: Finding[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(meta.annotations)) {
    total += Buffer.byteLength(key) + (typeof value === "string" ? Buffer.byteLength(value) : 0);
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) findings.push(error("metadata.annotations", ["metadata", "annotations", key], `Invalid value: ${JSON.stringify(key)}: ${problem}`, true));
  }
  if (total > TOTAL_ANNOTATION_BYTES) findings.push(error("metadata.annotations", ["metadata", "annotations"], `Too long: must have at most ${TOTAL_ANNOTATION_BYTES} bytes (has ${total})`));
  return findings;
}

function finalizers(meta: Record<string, unknown>): Finding[] {
  if (!Array.isArray(meta.finalizers)) return [];
  return meta.finalizers.flatMap((finalizer: unknown, index): Finding[] => {
    if (typeof finalizer !== "string") return [];
    const at: Segment[] = ["metadata", "finalizers", index];
    const problem = qualifiedNameProblem(finalizer);
    if (problem) return [error("metadata.finalizers", at, `Invalid value: ${JSON.stringify(finalizer)}: ${problem}`)];
    if (!finalizer.includes("/")) return [warning("metadata.finalizers", at, `${JSON.stringify(finalizer)}: prefer a domain-qualified finalizer name (e.g. example.com/${finalizer})`)];
    return [];
  });
}

function ownerReferences(meta: Record<string, unknown>): Finding[] {
  if (!Array.isArray(meta.ownerReferences)) return [];
  return meta.ownerReferences.flatMap((reference: unknown, index): Finding[] => {
    if (!isRecord(reference)) return [];
    return ["apiVersion", "kind", "name", "uid"]
      .filter((field) => reference[field] === "" )
      .map((field) => error("metadata.owner-references", ["metadata", "ownerReferences", index, field], "Required value"));
  });
}

/** Checks an object's metadata; `namespaced` and `kind` describe the resource. */
export function validateObjectMeta(object: Record<string, unknown>, namespaced: boolean, kind: string): Finding[] {
  const meta = object.metadata;
  if (meta === undefined) return [error("metadata.name", ["metadata"], "Required value: name or generateName is required")];
  if (!isRecord(meta)) return [];
  return [...names(meta), ...namespace(meta, namespaced, kind), ...labels(meta), ...annotations(meta), ...finalizers(meta), ...ownerReferences(meta)];
}

/**
 * The name the apiserver would give the object: its name, or generateName plus five characters (the prefix cut to
 * 58), which is what CEL rules on `metadata.name` see.
 */
export function effectiveName(object: Record<string, unknown>): string | undefined {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  if (typeof meta.name === "string" && meta.name !== "") return meta.name;
  if (typeof meta.generateName === "string" && meta.generateName !== "") return `${meta.generateName.slice(0, 58)}x7k2q`;
  return undefined;
}
