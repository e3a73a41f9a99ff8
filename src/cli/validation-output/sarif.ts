/**
 * `kfts validate -o sarif`: a SARIF 2.1.0 log, the format code-scanning services (GitHub code scanning, Azure DevOps,
 * SonarQube …) import. Each rule is one of our check ids with its help text; each result points at the file, line and
 * column, and names the field.
 */
import type { Issue } from "../../validate/types.ts";
import type { FilesReport } from "../../validate/validate-files.ts";

/** What each family of checks (the rule id's first part) is, for the rules' help. */
const RULE_FAMILIES: Readonly<Record<string, { summary: string; help: string }>> = {
  schema: {
    summary: "The object does not match the API's OpenAPI schema",
    help: "The API server (or, for Katib, its webhook decoding into the Go types) rejects objects whose fields do not match the schema: wrong types, unknown fields, values out of range or not in the allowed set. Fix the field named in the message.",
  },
  cel: {
    summary: "A CEL validation rule of the CRD fails",
    help: "The CRD's x-kubernetes-validations rules are enforced by the API server on create and update. The message is the rule's own.",
  },
  metadata: {
    summary: "The object's metadata is invalid",
    help: "Names, namespaces, labels, annotations and finalizers must follow Kubernetes' rules (DNS labels and subdomains, qualified names); the API server rejects them otherwise.",
  },
  katib: {
    summary: "Katib's admission webhook would refuse (or change) the Experiment",
    help: "Katib's validating webhook checks the objective, algorithm, parameters, trial template and metrics collector after its defaulting webhook has run. The message is the webhook's.",
  },
  trainer: {
    summary: "The Trainer's admission webhook would refuse the object",
    help: "The Trainer's validating webhooks check TrainJobs against their runtime and the runtimes' own rules. Some checks depend on cluster state (a runtime that must exist) and are reported as warnings.",
  },
  yaml: {
    summary: "The YAML is malformed, or read differently than it looks",
    help: "Manifests are read as kubectl reads them: YAML 1.1 booleans (yes, on, y), merge keys, no duplicate keys, bounded aliases and nesting.",
  },
  json: {
    summary: "The JSON is malformed",
    help: "The JSON document cannot be read: a syntax error, a duplicate key, or nesting too deep.",
  },
  input: {
    summary: "The input is not a manifest that can be read",
    help: "Inputs must be UTF-8 text within the size limit; binary content, other encodings and oversized files are refused before parsing.",
  },
  internal: {
    summary: "The validator failed on this object",
    help: "An internal error of kfts validate; please report it with the manifest.",
  },
};

const OTHER = { summary: "A check of kfts validate", help: "See the message for what is wrong and where." };

/** A relative or absolute path as a URI reference (SARIF's artifactLocation.uri). Pure. */
function toUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
}

function toRule(id: string): SarifRule {
  const family = RULE_FAMILIES[id.split(".")[0] ?? ""] ?? OTHER;
  return { id, shortDescription: { text: family.summary }, fullDescription: { text: family.help }, help: { text: `${family.help} (check ${id})` } };
}

function toResult(issue: Issue, ruleIndex: number): Record<string, unknown> {
  const region = issue.line === undefined ? undefined : { startLine: issue.line, ...(issue.column === undefined ? {} : { startColumn: issue.column }) };
  return {
    ruleId: issue.rule,
    ruleIndex,
    level: issue.severity,
    message: { text: issue.path === "" ? issue.message : `${issue.path}: ${issue.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: toUri(issue.file ?? "-") }, ...(region ? { region } : {}) },
        ...(issue.path === "" ? {} : { logicalLocations: [{ fullyQualifiedName: issue.path, kind: "member" }] }),
      },
    ],
  };
}

/** The result as a SARIF 2.1.0 log object (JSON.stringify it). `version`: kfts's. Pure. */
export function toSarifLog({ reports, ioErrors }: FilesReport, version: string): Record<string, unknown> {
  const issues = reports.flatMap((report) => report.issues);
  const ruleIds = [...new Set(issues.map((issue) => issue.rule))].sort();
  const index = new Map(ruleIds.map((id, position) => [id, position]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "kfts validate", semanticVersion: version, rules: ruleIds.map(toRule) } },
        results: issues.map((issue) => toResult(issue, index.get(issue.rule) as number)),
        invocations: [
          {
            executionSuccessful: ioErrors.length === 0,
            toolExecutionNotifications: ioErrors.map((problem) => ({ level: "error", message: { text: problem } })),
          },
        ],
      },
    ],
  };
}
