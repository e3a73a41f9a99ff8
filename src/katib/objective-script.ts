/**
 * The shell script a tune() trial runs (`bash -c <script>`): optionally pip-installs packages, writes the objective
 * function and a call of it with the trial's parameters to a temporary .py file, and runs it. The text is the Python
 * SDK's to the byte (its `get_exec_script_from_objective`), so an Experiment made here equals one made there.
 */
import { dedent } from "../python/python-source.ts";
import type { PreparedObjective } from "./objective-function.ts";

/** How the script runs the file in a Job trial, or a PyTorchJob trial of one process: the Python SDK's `python -u`. */
export const PYTHON_ENTRYPOINT = "python -u";

/** How the script runs the file in a PyTorchJob trial of more than one process. */
export const TORCH_ENTRYPOINT = "torchrun";

/** The package index pip uses when tune() is given packages and no index. */
export const DEFAULT_PIP_INDEX_URLS: readonly string[] = ["https://pypi.org/simple"];

/** What the script is made of. */
export interface ObjectiveScriptInput {
  objective: PreparedObjective;
  /** The call's argument, already written as a Python literal (`{'lr': '${trialParameters.lr}', …}`). */
  argument: string;
  /** Installed with pip before the function runs; no install step when undefined (an empty list still installs). */
  packagesToInstall?: readonly string[] | undefined;
  /** The first is pip's --index-url, the others --extra-index-url. */
  pipIndexUrls?: readonly string[] | undefined;
  /** Default `python -u`. */
  entrypoint?: typeof PYTHON_ENTRYPOINT | typeof TORCH_ENTRYPOINT | undefined;
}

/**
 * The trial's script. Katib replaces each `${trialParameters.x}` in it before the pod starts. The heredoc is not
 * quoted, as upstream's is not, so the shell expands `$` and backticks in the objective's source too.
 */
export function toObjectiveScript(input: ObjectiveScriptInput): string {
  const code = `${input.objective.source}\n${input.objective.name}(${input.argument})\n`;
  const run = [
    "",
    "program_path=$(mktemp -d)",
    "read -r -d '' SCRIPT << EOM",
    "",
    code,
    "EOM",
    'printf "%s" "$SCRIPT" > "$program_path/ephemeral_script.py"',
    `${input.entrypoint ?? PYTHON_ENTRYPOINT} "$program_path/ephemeral_script.py"`,
  ].join("\n");
  if (input.packagesToInstall === undefined) return run;
  return pipInstallScript(input.packagesToInstall, input.pipIndexUrls ?? DEFAULT_PIP_INDEX_URLS) + run;
}

/** Installs `packages` with pip (bootstrapping pip when the image lacks it), as upstream's script does. */
function pipInstallScript(packages: readonly string[], indexUrls: readonly string[]): string {
  const [index, ...extra] = indexUrls;
  if (index === undefined) throw new RangeError("tune: pipIndexUrls is empty: give at least one package index");
  const urls = [`--index-url ${index}`, ...extra.map((url) => `--extra-index-url ${url}`)].join(" ");
  // Upstream writes this as an indented template and dedents it after the values are in (a line break inside a
  // package name would change the margin); the run of spaces before --no-warn-script-location is its line
  // continuation's indentation, kept for the same bytes.
  return dedent(
    [
      "",
      '        if ! [ -x "$(command -v pip)" ]; then',
      "            python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip",
      "        fi",
      "",
      `        PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --prefer-binary --quiet         --no-warn-script-location ${urls} ${packages.join(" ")}`,
      "        ",
    ].join("\n"),
  );
}
