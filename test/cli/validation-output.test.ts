/**
 * `kfts validate -o junit|sarif|github`: each format read back by what reads it — JUnit XML by an XML validator and a
 * JUnit parser, SARIF against the SARIF 2.1.0 schema, GitHub annotations compared with what the Actions toolkit
 * (@actions/core) writes for the same issue.
 */
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as actions from "@actions/core";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseJunit } from "junit2json";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runValidate } from "../../src/cli/commands/validate-run.ts";
import { toAnnotation } from "../../src/cli/validation-output/github-annotations.ts";
import type { Issue } from "../../src/validate/types.ts";
import { type FilesReport, validateFiles } from "../../src/validate/validate-files.ts";

const VALID = "apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainJob\nmetadata:\n  name: ok\nspec:\n  runtimeRef:\n    name: torch-distributed\n";
const INVALID = `${VALID.replace("name: ok", "name: bad")}  trainer:\n    numNodes: two\n    replicas: 3\n`;
const OTHER = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

let dir: string;
let result: FilesReport;
const paths = ["valid.yaml", "odd, name: 100%.yaml", "other.yaml", "latin1.yaml", "broken.yaml", "missing.yaml"];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kfts-validation-output-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "valid.yaml"), VALID);
  // Two documents: an invalid one (errors, and a warning with --validate=warn), and a valid one.
  writeFileSync(join(dir, "odd, name: 100%.yaml"), `${INVALID}---\n${VALID}`);
  writeFileSync(join(dir, "other.yaml"), OTHER);
  writeFileSync(join(dir, "latin1.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  writeFileSync(join(dir, "broken.yaml"), "kind: TrainJob\nmetadata: [\n");
  result = await validateFiles(paths, { cwd: dir, validate: "warn" });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(output: string): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await runValidate(["-o", output, "--validate=warn", ...paths], { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, cwd: dir });
  return { code, stdout };
}

const allIssues = (): Issue[] => result.reports.flatMap((report) => report.issues);

describe("kfts validate -o junit", () => {
  test("well-formed XML that a JUnit parser reads as one suite per file and one case per document", async () => {
    const { code, stdout } = await run("junit");
    expect(code).toBe(2);
    expect(XMLValidator.validate(stdout)).toBe(true);
    const parsed = (await parseJunit(stdout)) as { tests: number; failures: number; errors: number; skipped: number; testsuite: Array<{ name: string; testcase: Array<Record<string, unknown>> }> };
    expect(parsed.testsuite.map((suite) => suite.name)).toEqual(["valid.yaml", "odd, name: 100%.yaml", "other.yaml", "latin1.yaml", "broken.yaml", "inputs that could not be read"]);
    expect({ tests: parsed.tests, failures: parsed.failures, errors: parsed.errors, skipped: parsed.skipped }).toEqual({ tests: 7, failures: 3, errors: 1, skipped: 1 });
    const odd = parsed.testsuite[1]?.testcase ?? [];
    expect(odd.map((testCase) => testCase.name)).toEqual(["TrainJob bad (document 1)", "TrainJob ok (document 2)"]);
    expect(odd[0]?.failure).toEqual([
      {
        message: 'spec.trainer.numNodes: Invalid value: "two": must be of type integer',
        type: "schema.type",
        inner: `odd, name: 100%.yaml:9:15: error spec.trainer.numNodes: Invalid value: "two": must be of type integer (schema.type)\nodd, name: 100%.yaml:10:5: warning spec.trainer.replicas: unknown field "spec.trainer.replicas" (schema.unknown-field)`,
      },
    ]);
    expect(parsed.testsuite[2]?.testcase[0]?.skipped).toBeDefined();
    expect(JSON.stringify(parsed.testsuite[3]?.testcase[0]?.failure)).toContain("not valid UTF-8");
    expect(parsed.testsuite[5]?.testcase[0]?.error).toEqual([{ message: "missing.yaml: no such file or directory", type: "input" }]);
  });

  test("characters XML cannot hold are replaced, markup is escaped", async () => {
    const xml = (await import("../../src/cli/validation-output/junit.ts")).toJunitXml({
      valid: false,
      ioErrors: [],
      reports: [{ file: "a<b>&\"c'.yaml", valid: false, documents: [], issues: [{ severity: "error", path: "", message: "bell \u0007 and </failure> and \ud800", rule: "input.binary", file: "a<b>&\"c'.yaml" }] }],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = (await parseJunit(xml)) as { testsuite: Array<{ name: string; testcase: Array<{ failure: Array<{ message: string }> }> }> };
    expect(parsed.testsuite[0]?.name).toBe("a<b>&\"c'.yaml");
    expect(parsed.testsuite[0]?.testcase[0]?.failure[0]?.message).toBe("bell \ufffd and </failure> and \ufffd");
  });
});

describe("kfts validate -o sarif", () => {
  const require = createRequire(import.meta.url);
  const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as Record<string, unknown>;
  // The schema's patterns are written for non-Unicode regular expressions; its formats (uri-reference, date-time) are checked.
  const ajv = new (ajvDraft04 as unknown as typeof ajvDraft04.default)({ allErrors: true, strict: false, unicodeRegExp: false });
  (ajvFormats as unknown as typeof ajvFormats.default)(ajv);
  const validateSarif = ajv.compile(schema);

  test("a log valid against the SARIF 2.1.0 schema: a result per issue, rules with help, locations with line and column", async () => {
    const { code, stdout } = await run("sarif");
    expect(code).toBe(2);
    const log = JSON.parse(stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } }; results: Array<Record<string, any>>; invocations: Array<Record<string, any>> }> };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const [run0] = log.runs;
    const issues = allIssues();
    expect(run0?.results).toHaveLength(issues.length);
    const rules = run0?.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual([...new Set(issues.map((issue) => issue.rule))].sort());
    for (const rule of rules) expect(rule.help.text).toContain(`(check ${rule.id})`);
    const typeError = run0?.results.find((result) => result.ruleId === "schema.type");
    expect(typeError).toMatchObject({
      level: "error",
      message: { text: 'spec.trainer.numNodes: Invalid value: "two": must be of type integer' },
      locations: [{ physicalLocation: { artifactLocation: { uri: "odd%2C%20name%3A%20100%25.yaml" }, region: { startLine: 9, startColumn: 15 } }, logicalLocations: [{ fullyQualifiedName: "spec.trainer.numNodes" }] }],
    });
    expect(rules[typeError?.ruleIndex]?.id).toBe("schema.type");
    expect(run0?.invocations[0]).toEqual({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: "missing.yaml: no such file or directory" } }] });
  });
});

describe("kfts validate -o github", () => {
  /** What @actions/core writes for an annotation (it writes to process.stdout). */
  function actionsToolkit(write: () => void): string {
    const original = process.stdout.write.bind(process.stdout);
    let captured = "";
    process.stdout.write = ((chunk: string | Uint8Array) => ((captured += String(chunk)), true)) as typeof process.stdout.write;
    try {
      write();
    } finally {
      process.stdout.write = original;
    }
    return captured.trimEnd();
  }

  test("every issue is the workflow command the Actions toolkit writes for it, escapes included", async () => {
    const issues = [...allIssues(), { severity: "warning", path: "spec.x", message: "50% of 'a,b': c\nnext line\r", rule: "schema.odd:rule", file: "dir/a,b:c%.yaml", line: 3, column: 7 } satisfies Issue];
    for (const issue of issues) {
      const properties = { title: issue.rule, ...(issue.file === undefined ? {} : { file: issue.file }), ...(issue.line === undefined ? {} : { startLine: issue.line, ...(issue.column === undefined ? {} : { startColumn: issue.column }) }) };
      const message = issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
      const expected = actionsToolkit(() => (issue.severity === "error" ? actions.error(message, properties) : actions.warning(message, properties)));
      expect(toAnnotation(issue)).toBe(expected);
    }
  });

  test("the output: an annotation per issue and per unreadable input, then the summary", async () => {
    const { code, stdout } = await run("github");
    expect(code).toBe(2);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("::"))).toHaveLength(allIssues().length + 1);
    expect(lines).toContain("::error title=kfts validate::missing.yaml: no such file or directory");
    expect(lines.at(-1)).toMatch(/^5 files, \d+ documents: /);
  });
});
