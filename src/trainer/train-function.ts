/**
 * A training function given as Python source, turned into the trainer container's command as the Python SDK turns a
 * `CustomTrainer(func=…)` into one (`get_command_using_train_func`): the function's source and a call with its
 * keyword arguments are written to a file in the container and run by the runtime's entrypoint (torchrun, mpirun or
 * python), after the pip install lines when there are packages to install.
 */
import { toPythonLiteral, type PythonValue } from "../python/python-literal.ts";
import { parameterList, toFunctionSource, toPythonParameters, topLevelFunctions, type PythonParameter } from "../python/python-source.ts";
import { toPipInstallScript } from "./pip-install-script.ts";
import { MPI_USER_HOME } from "./runtime-trainer.ts";

/** A Python function as source text: `{ source: "def train(lr, epochs):\n    ...", fileName: "train.py" }`. */
export interface TrainFunction {
  /**
   * The function's definition, as `inspect.getsource` gives it (a .py file's text works: line endings are normalized,
   * blank and comment lines around it dropped, a common indentation removed). It runs alone in the container, so it
   * imports what it uses inside its body; other top-level text (helpers) is written beside it.
   */
  source: string;
  /** The function to call; default the one function defined at the top level of `source`. */
  name?: string;
  /**
   * The file the code is written to and run as, which the Python SDK takes from the file that defines the function
   * (`os.path.basename(inspect.getfile(func))`); default "train.py".
   */
  fileName?: string;
}

/** The function file name when none is given. */
export const DEFAULT_FUNCTION_FILE = "train.py";

/** A training function ready for the command: its normalized source, the call and the file name. */
export interface PreparedTrainFunction {
  /** The code written to the file: the source, a blank line, the call. */
  code: string;
  fileName: string;
}

/**
 * The function and its call: `name()` without arguments, `name(**{'lr': 0.1})` with them (Python's `repr` of the
 * dict). Throws a TypeError, naming the field, for an empty source, a missing or ambiguous function, arguments the
 * function cannot take by keyword (or a required parameter left out), and a file name that is not a plain file name.
 */
export function prepareTrainFunction(func: TrainFunction, funcArgs: Readonly<Record<string, PythonValue>> | undefined, field: string): PreparedTrainFunction {
  if (typeof func?.source !== "string" || func.source.trim() === "") throw new TypeError(`${field}.func.source is empty: give the Python source of the training function`);
  const source = toFunctionSource(func.source);
  const definitions = topLevelFunctions(source);
  const name = func.name ?? onlyDefinition(definitions.map((definition) => definition.name), field);
  const definition = definitions.find((candidate) => candidate.name === name);
  if (definition === undefined) throw new TypeError(`${field}.func.source defines no top-level function ${JSON.stringify(name)}`);
  const problem = bindProblem(toPythonParameters(parameterList(source, definition.parametersStart)), Object.keys(funcArgs ?? {}));
  if (problem) throw new TypeError(`${field}.funcArgs: ${name}(**funcArgs) cannot be called: ${problem}`);
  const call = funcArgs === undefined ? `${name}()` : `${name}(**${toPythonLiteral(funcArgs as PythonValue, `${field}.funcArgs`)})`;
  return { code: `${source}\n\n${call}\n`, fileName: checkFileName(func.fileName ?? DEFAULT_FUNCTION_FILE, `${field}.func.fileName`) };
}

function onlyDefinition(names: string[], field: string): string {
  if (names.length === 1) return names[0] ?? "";
  if (names.length === 0) throw new TypeError(`${field}.func.source defines no top-level function (def name(...): …)`);
  throw new TypeError(`${field}.func.source defines ${names.join(", ")}: give ${field}.func.name to say which to call`);
}

// The name goes between double quotes in a bash script: no path, quote, `$`, backquote, backslash or line break.
const FILE_NAME = /^[^/"$`\\\n\r]+$/;

function checkFileName(fileName: string, field: string): string {
  if (typeof fileName !== "string" || !FILE_NAME.test(fileName) || fileName === "." || fileName === "..") {
    throw new TypeError(`${field} ${JSON.stringify(fileName)} is not a plain file name (no "/", quotes, "$", backquotes or backslashes)`);
  }
  return fileName;
}

/**
 * Why `f(**{keys})` would not bind, as Python would find when the job runs, or undefined when it binds: every key
 * names a parameter that can be given by keyword (or the function takes `**kwargs`), and every parameter without a
 * default is among the keys.
 */
function bindProblem(parameters: readonly PythonParameter[], keys: readonly string[]): string | undefined {
  const positionalOnly = parameters.some((parameter) => parameter.kind === "positional-only-marker");
  let beforeSlash = positionalOnly;
  const byKeyword = new Map<string, PythonParameter>();
  for (const parameter of parameters) {
    if (parameter.kind === "positional-only-marker") {
      beforeSlash = false;
      continue;
    }
    if (parameter.kind !== "plain") continue;
    if (beforeSlash) {
      if (!parameter.hasDefault) return `${parameter.name} is positional-only and has no default`;
    } else byKeyword.set(parameter.name, parameter);
  }
  const takesAnyKeyword = parameters.some((parameter) => parameter.kind === "var-keyword");
  const unknown = keys.filter((key) => !byKeyword.has(key));
  if (unknown.length > 0 && !takesAnyKeyword) return `it has no parameter ${unknown.join(", ")}`;
  const missing = [...byKeyword.values()].filter((parameter) => !parameter.hasDefault && !keys.includes(parameter.name)).map((parameter) => parameter.name);
  if (missing.length > 0) return `${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no default and no value in funcArgs`;
  return undefined;
}

/** What the command is made of, besides the runtime's entrypoint. */
export interface FunctionCommandInput {
  func: PreparedTrainFunction;
  /** Installed before the function runs; none when empty or undefined. */
  packagesToInstall?: readonly string[] | undefined;
  pipIndexUrls: readonly string[];
}

/**
 * The trainer's command: the runtime's entrypoint (`RuntimeTrainer.command`) with the function's code and file put in
 * its script, the install lines before it. On an MPI runtime the file and the pip log go to the MPI user's home.
 */
export function toFunctionCommand(runtimeCommand: readonly string[], input: FunctionCommandInput): string[] {
  const mpi = runtimeCommand[0] === "mpirun";
  const fileName = mpi ? `${MPI_USER_HOME}/${input.func.fileName}` : input.func.fileName;
  const install = input.packagesToInstall?.length ? toPipInstallScript(input.packagesToInstall, input.pipIndexUrls, mpi ? `${MPI_USER_HOME}/pip_install.log` : "pip_install.log") : "";
  return runtimeCommand.map((part) => {
    if (!part.includes("{func_file}")) return part;
    // One pass, so that braces in the function's code are never read as placeholders.
    return install + part.replace(/\{func_code\}|\{func_file\}/g, (placeholder) => (placeholder === "{func_code}" ? input.func.code : fileName));
  });
}
