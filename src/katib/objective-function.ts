/**
 * The objective function of tune(), given as Python source text. The Python SDK takes a callable and reads its
 * source with `inspect.getsource`; here the caller gives that text (read from a .py file, or written inline), and this
 * module brings it to the form getsource and `textwrap.dedent` give, finds the function's name and makes the SDK's
 * signature check, so that the trial script is the same.
 */
import { parameterList, toFunctionSource, toPythonParameters, topLevelFunctions, type PythonParameter } from "../python/python-source.ts";

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

/**
 * The objective as the trial script writes it. Throws a TypeError when the source is empty or defines no top-level
 * function (or several, with no `name` to choose), and when the function cannot be called with the parameters dict
 * alone: the checks the Python SDK makes (`validate_objective_function`) before it creates anything.
 */
export function prepareObjective(objective: ObjectiveFunction): PreparedObjective {
  if (typeof objective?.source !== "string" || objective.source.trim() === "") throw new TypeError("tune: objective.source is empty: give the Python source of the objective function");
  const source = toFunctionSource(objective.source);
  const definitions = topLevelFunctions(source);
  const name = objective.name ?? onlyDefinition(definitions.map((definition) => definition.name));
  const definition = definitions.find((candidate) => candidate.name === name);
  if (definition === undefined) throw new TypeError(`tune: objective.source defines no top-level function ${JSON.stringify(name)}`);
  const problem = callProblem(toPythonParameters(parameterList(source, definition.parametersStart)));
  if (problem) throw new TypeError(`tune: the objective function ${name} must take one argument, the parameters dict (${problem})`);
  return { source: `${source}\n`, name };
}

function onlyDefinition(names: string[]): string {
  if (names.length === 1) return names[0] ?? "";
  if (names.length === 0) throw new TypeError("tune: objective.source defines no top-level function (def name(parameters): …)");
  throw new TypeError(`tune: objective.source defines ${names.join(", ")}: give objective.name to say which is the objective`);
}

/**
 * Why `f(parameters)` would not bind, as Python's `inspect.signature(f).bind({})` sees it, or undefined when it
 * would: the first positional parameter (or `*args`) takes the dict, every other parameter needs a default.
 */
function callProblem(parameters: readonly PythonParameter[]): string | undefined {
  let keywordOnly = false;
  let takesDict = false;
  for (const parameter of parameters) {
    if (parameter.kind === "positional-only-marker" || parameter.kind === "var-keyword") continue;
    if (parameter.kind === "keyword-only-marker" || parameter.kind === "var-positional") {
      keywordOnly = true;
      if (parameter.kind === "var-positional") takesDict = true;
      continue;
    }
    if (!keywordOnly && !takesDict) takesDict = true;
    else if (!parameter.hasDefault) return `${parameter.name} has no default`;
  }
  return takesDict ? undefined : "it takes no positional argument";
}
