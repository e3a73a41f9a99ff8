/**
 * Reads the fixed modules that codegen copies into generated/ from codegen/runtime/. They are real TypeScript,
 * type-checked and imported like the rest of codegen, rather than text in template strings that only the generated
 * copy would ever check.
 */
import { existsSync, readFileSync } from "node:fs";

/**
 * Where the files are: beside this module when codegen runs from the repository; for the built codegen in
 * dist/codegen/, which has only their compiled JavaScript, in the package's codegen/runtime/ (package.json "files").
 */
const RUNTIME_DIRS = [new URL("./runtime/", import.meta.url), new URL("../../codegen/runtime/", import.meta.url)];

/** Ends a runtime file's header comment: the header speaks to readers of codegen/ and stays out of the copy. */
const HEADER_END = "*/\n";

/** The text of codegen/runtime/<name> from the line after its header comment (that line is blank). */
export function runtimeFile(name: string): string {
  const path = RUNTIME_DIRS.map((dir) => new URL(name, dir)).find((url) => existsSync(url));
  if (!path) throw new Error(`codegen: runtime file ${name} is missing from ${RUNTIME_DIRS.map((dir) => dir.pathname).join(" and ")}`);
  const text = readFileSync(path, "utf8");
  const end = text.indexOf(HEADER_END);
  if (!text.startsWith("/**") || end < 0) throw new Error(`codegen: runtime file ${name} does not start with a header comment`);
  return text.slice(end + HEADER_END.length);
}
