/**
 * `kfts validate -o junit`: the result as JUnit XML, which CI systems (GitLab, Jenkins, GitHub test reporters) show in
 * their test tabs. One test suite per input file, one test case per document: a valid document passes, an invalid one
 * fails with its errors, a document of another API is skipped; inputs that could not be read are errors.
 */
import { formatIssue } from "../../validate/format-issue.ts";
import { escapeMarkup } from "../escape-markup.ts";
import type { DocumentReport, Issue, ValidationReport } from "../../validate/types.ts";
import type { FilesReport } from "../../validate/validate-files.ts";

/** Characters XML 1.0 cannot hold at all (even escaped): most C0 controls, lone surrogates, U+FFFE/U+FFFF. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an attribute or element: escaped, and what XML cannot hold replaced by U+FFFD. Pure. */
function xml(text: string): string {
  return escapeMarkup(text.replace(NOT_XML, "\uFFFD"));
}

interface TestCase {
  name: string;
  classname: string;
  outcome: { kind: "passed" } | { kind: "failed"; message: string; type: string } | { kind: "skipped"; message: string } | { kind: "error"; message: string };
  /** Every issue of the case, one per line (errors and warnings). */
  details: string[];
}

function documentName(document: DocumentReport): string {
  const what = [document.kind ?? "document", document.name].filter(Boolean).join(" ");
  const where = `document ${document.index + 1}${document.item === undefined ? "" : `, item ${document.item}`}`;
  return `${what} (${where})`;
}

function toCase(name: string, file: string, issues: readonly Issue[], skipped: boolean): TestCase {
  const details = issues.map(formatIssue);
  const errors = issues.filter((issue) => issue.severity === "error");
  const first = errors[0];
  if (first) {
    const count = errors.length === 1 ? "" : ` (and ${errors.length - 1} more)`;
    return { name, classname: file, outcome: { kind: "failed", message: `${first.path === "" ? "" : `${first.path}: `}${first.message}${count}`, type: first.rule }, details };
  }
  if (skipped) return { name, classname: file, outcome: { kind: "skipped", message: "not a Katib or Trainer resource: nothing to check" }, details };
  return { name, classname: file, outcome: { kind: "passed" }, details };
}

/** The cases of one input: its documents, and the source's own problems when it has no document to put them on. */
function casesOf(report: ValidationReport): TestCase[] {
  const file = report.file ?? "-";
  const cases = report.documents.map((document) => toCase(documentName(document), file, document.issues, document.skipped));
  const onDocuments = new Set(report.documents.flatMap((document) => document.issues));
  const own = report.issues.filter((issue) => !onDocuments.has(issue));
  if (own.length > 0 || cases.length === 0) cases.unshift(toCase("source", file, own, false));
  return cases;
}

function renderCase(testCase: TestCase): string {
  const { name, classname, outcome, details } = testCase;
  const open = `    <testcase name="${xml(name)}" classname="${xml(classname)}" file="${xml(classname)}"`;
  const text = details.length === 0 ? "" : xml(details.join("\n"));
  switch (outcome.kind) {
    case "passed":
      return details.length === 0 ? `${open}/>` : `${open}>\n      <system-out>${text}</system-out>\n    </testcase>`;
    case "skipped":
      return `${open}>\n      <skipped message="${xml(outcome.message)}"/>\n    </testcase>`;
    case "failed":
      return `${open}>\n      <failure message="${xml(outcome.message)}" type="${xml(outcome.type)}">${text}</failure>\n    </testcase>`;
    case "error":
      return `${open}>\n      <error message="${xml(outcome.message)}" type="input"/>\n    </testcase>`;
  }
}

function counts(cases: readonly TestCase[]): string {
  const of = (kind: TestCase["outcome"]["kind"]): number => cases.filter((testCase) => testCase.outcome.kind === kind).length;
  return `tests="${cases.length}" failures="${of("failed")}" errors="${of("error")}" skipped="${of("skipped")}"`;
}

function renderSuite(name: string, cases: readonly TestCase[]): string {
  return [`  <testsuite name="${xml(name)}" ${counts(cases)}>`, ...cases.map(renderCase), "  </testsuite>"].join("\n");
}

/** The result as a JUnit XML document (UTF-8, ending with a newline). Pure. */
export function toJunitXml({ reports, ioErrors }: FilesReport): string {
  const suites = reports.map((report) => ({ name: report.file ?? "-", cases: casesOf(report) }));
  if (ioErrors.length > 0) {
    suites.push({ name: "inputs that could not be read", cases: ioErrors.map((problem) => ({ name: problem.split(": ")[0] ?? problem, classname: "inputs", outcome: { kind: "error", message: problem }, details: [] })) });
  }
  const all = suites.flatMap((suite) => suite.cases);
  return [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="kfts validate" ${counts(all)}>`, ...suites.map((suite) => renderSuite(suite.name, suite.cases)), "</testsuites>", ""].join("\n");
}
