/**
 * `kfts validate -o github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`), which a workflow
 * step's log turns into annotations on the pull request's lines. Escaped as the Actions toolkit escapes them.
 */
import type { Issue } from "../../validate/types.ts";

/** A command's message: `%`, CR and LF escaped. Pure. */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** A command property's value: also `:` and `,`, which separate properties. Pure. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

function command(level: "error" | "warning", properties: ReadonlyArray<readonly [string, string | number | undefined]>, message: string): string {
  const given = properties.filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level}${given.length === 0 ? "" : ` ${given.join(",")}`}::${escapeData(message)}`;
}

/** One annotation: the rule as its title, the field and message as its text, at the issue's file, line and column. Pure. */
export function toAnnotation(issue: Issue): string {
  const message = issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
  return command(issue.severity, [["title", issue.rule], ["file", issue.file], ["line", issue.line], ["col", issue.line === undefined ? undefined : issue.column]], message);
}

/** An input that could not be read, as an error annotation (no file: the path is in the message). Pure. */
export function ioErrorAnnotation(problem: string): string {
  return command("error", [["title", "kfts validate"]], problem);
}
