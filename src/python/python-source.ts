/**
 * Reading Python source text the way the Python SDKs' `inspect.getsource` and `textwrap.dedent` leave it: a function
 * given as text is brought to the form the SDK would read from a callable, its top-level definitions found and its
 * parameter list split, so that scripts built from it are the SDK's to the byte. Shared by Katib's tune() and the
 * Trainer's function trainers.
 */

// A top-level `def` (or `async def`); Python identifiers are letters, digits and underscores, letters being Unicode's.
const TOP_LEVEL_DEF = /^(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/gmu;

/** A top-level function of a source text: its name and where its parameter list starts (after the "("). */
export interface TopLevelFunction {
  name: string;
  parametersStart: number;
}

/**
 * The text as `inspect.getsource` then `textwrap.dedent` give it for a function alone in a file: line endings
 * normalized to "\n", the blank and comment lines before it dropped, the blank lines after it and the comment lines
 * there that are not indented past its `def` dropped (Python keeps comments indented like the body), the common
 * indentation removed. No final newline.
 */
export function toFunctionSource(text: string): string {
  return dedent(asSourceBlock(text.replace(/\r\n?/g, "\n")));
}

function asSourceBlock(text: string): string {
  const lines = text.split("\n");
  const isBlank = (line: string): boolean => line.trim() === "";
  const isComment = (line: string): boolean => line.trimStart().startsWith("#");
  while (lines.length > 0 && (isBlank(lines[0] ?? "") || isComment(lines[0] ?? ""))) lines.shift();
  const indentation = (line: string): number => line.length - line.trimStart().length;
  const top = indentation(lines[0] ?? "");
  while (lines.length > 1 && (isBlank(lines.at(-1) ?? "") || (isComment(lines.at(-1) ?? "") && indentation(lines.at(-1) ?? "") <= top))) lines.pop();
  return lines.join("\n");
}

/** The functions defined at the top level of `source` (after `toFunctionSource`), in order. */
export function topLevelFunctions(source: string): TopLevelFunction[] {
  return [...source.matchAll(TOP_LEVEL_DEF)].map((match) => ({ name: match[1] ?? "", parametersStart: match.index + match[0].length }));
}

/**
 * Python's `textwrap.dedent`: lines of only spaces and tabs become empty, then the longest indentation common to the
 * other lines is removed. Lines are split on "\n" only, as Python's multiline `^` does.
 */
export function dedent(text: string): string {
  const lines = text.split("\n").map((line) => (/^[ \t]+$/.test(line) ? "" : line));
  let margin: string | undefined;
  for (const line of lines) {
    const indent = /^[ \t]*(?=[^ \t])/.exec(line)?.[0];
    if (indent === undefined) continue;
    if (margin === undefined || margin.startsWith(indent)) margin = indent;
    else if (!indent.startsWith(margin)) margin = margin.slice(0, commonPrefixLength(margin, indent));
  }
  if (!margin) return lines.join("\n");
  const prefix = margin;
  return lines.map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line)).join("\n");
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The parameters of the `def` whose "(" ends at `start`: its text up to the matching ")", split at top-level commas. */
export function parameterList(source: string, start: number): string[] {
  const parameters: string[] = [];
  let current = "";
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const char = source[i] ?? "";
    if (char === "'" || char === '"') {
      const end = stringEnd(source, i);
      current += source.slice(i, end);
      i = end - 1;
    } else if (char === "#") {
      while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    } else if ("([{".includes(char)) {
      depth++;
      current += char;
    } else if (")]}".includes(char) && depth > 0) {
      depth--;
      current += char;
    } else if (char === ")") {
      break;
    } else if (char === "," && depth === 0) {
      parameters.push(current.trim());
      current = "";
    } else current += char;
  }
  parameters.push(current.trim());
  return parameters.filter((parameter) => parameter !== "");
}

/** The index after the string literal that opens at `start` (single or triple quoted, with backslash escapes). */
function stringEnd(source: string, start: number): number {
  const quote = source.startsWith(source[start]!.repeat(3), start) ? source[start]!.repeat(3) : source[start]!;
  for (let i = start + quote.length; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source.startsWith(quote, i)) return i + quote.length;
  }
  return source.length;
}

/** One parameter of a `def`, as written: `lr`, `epochs=2`, `*args`, `**kwargs`, `*`, `/`. */
export interface PythonParameter {
  /** The name; "" for the `*` and `/` markers. */
  name: string;
  kind: "positional-only-marker" | "keyword-only-marker" | "var-positional" | "var-keyword" | "plain";
  hasDefault: boolean;
}

/** The parameters of a `def`, parsed from its parameter list (`parameterList`). */
export function toPythonParameters(parameters: readonly string[]): PythonParameter[] {
  return parameters.map((parameter) => {
    if (parameter === "/") return { name: "", kind: "positional-only-marker", hasDefault: false };
    if (parameter === "*") return { name: "", kind: "keyword-only-marker", hasDefault: false };
    const stars = /^\*{1,2}/.exec(parameter)?.[0] ?? "";
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(parameter.slice(stars.length).trimStart())?.[0] ?? parameter;
    if (stars === "**") return { name, kind: "var-keyword", hasDefault: false };
    if (stars === "*") return { name, kind: "var-positional", hasDefault: false };
    return { name, kind: "plain", hasDefault: hasTopLevelEquals(parameter) };
  });
}

function hasTopLevelEquals(parameter: string): boolean {
  let depth = 0;
  for (let i = 0; i < parameter.length; i++) {
    const char = parameter[i] ?? "";
    if (char === "'" || char === '"') i = stringEnd(parameter, i) - 1;
    else if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    else if (char === "=" && depth === 0) return true;
  }
  return false;
}
