/**
 * The objective function of tune(), given as Python source text. The Python SDK takes a callable and reads its
 * source with `inspect.getsource`; here the caller gives that text (read from a .py file, or written inline), and this
 * module brings it to the form getsource and `textwrap.dedent` give, finds the function's name and makes the SDK's
 * signature check, so that the trial script is the same.
 */

/** A Python function as source text: `{ source: "def objective(parameters):\n    ..." }`. */
export interface ObjectiveFunction {
  /**
   * The function's definition, as `inspect.getsource` would give it. Line endings are normalized, blank and comment
   * lines around it dropped and a common indentation removed, so the text of a .py file that holds only the function
   * (and comments) gives the same trial script as the Python SDK. The function must take one argument, the dict of parameters, and import what it
   * uses inside its body: the trial runs only this text.
   */
  source: string;
  /** The function to call; default the one function defined at the top level of `source`. */
  name?: string;
}

/** An objective function ready for the trial script: its normalized source and the name to call. */
export interface PreparedObjective {
  source: string;
  name: string;
}

// A top-level `def` (or `async def`); Python identifiers are letters, digits and underscores, letters being Unicode's.
const TOP_LEVEL_DEF = /^(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*\(/gmu;

/**
 * The objective as the trial script writes it. Throws a TypeError when the source is empty or defines no top-level
 * function (or several, with no `name` to choose), and when the function cannot be called with the parameters dict
 * alone: the checks the Python SDK makes (`validate_objective_function`) before it creates anything.
 */
export function prepareObjective(objective: ObjectiveFunction): PreparedObjective {
  if (typeof objective?.source !== "string" || objective.source.trim() === "") throw new TypeError("tune: objective.source is empty: give the Python source of the objective function");
  const source = dedent(asSourceBlock(objective.source.replace(/\r\n?/g, "\n")));
  const definitions = [...source.matchAll(TOP_LEVEL_DEF)];
  const name = objective.name ?? onlyDefinition(definitions.map((match) => match[1] ?? ""));
  const definition = definitions.find((match) => match[1] === name);
  if (definition === undefined) throw new TypeError(`tune: objective.source defines no top-level function ${JSON.stringify(name)}`);
  const problem = callProblem(parameterList(source, definition.index + definition[0].length));
  if (problem) throw new TypeError(`tune: the objective function ${name} must take one argument, the parameters dict (${problem})`);
  return { source: `${source}\n`, name };
}

function onlyDefinition(names: string[]): string {
  if (names.length === 1) return names[0] ?? "";
  if (names.length === 0) throw new TypeError("tune: objective.source defines no top-level function (def name(parameters): …)");
  throw new TypeError(`tune: objective.source defines ${names.join(", ")}: give objective.name to say which is the objective`);
}

/**
 * The lines inspect.getsource would give for a function alone in a file: without the blank and comment lines before
 * it, and without the blank lines after it nor the comment lines there that are not indented past its `def` (Python
 * keeps comments indented like the body). No final newline.
 */
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
function parameterList(source: string, start: number): string[] {
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

/**
 * Why `f(parameters)` would not bind, as Python's `inspect.signature(f).bind({})` sees it, or undefined when it
 * would: the first positional parameter (or `*args`) takes the dict, every other parameter needs a default.
 */
function callProblem(parameters: string[]): string | undefined {
  let keywordOnly = false;
  let takesDict = false;
  for (const parameter of parameters) {
    if (parameter === "/") continue;
    if (parameter.startsWith("**")) continue;
    if (parameter.startsWith("*")) {
      keywordOnly = true;
      if (parameter !== "*") takesDict = true;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(parameter)?.[0] ?? parameter;
    const hasDefault = hasTopLevelEquals(parameter);
    if (!keywordOnly && !takesDict) takesDict = true;
    else if (!hasDefault) return `${name} has no default`;
  }
  return takesDict ? undefined : "it takes no positional argument";
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
