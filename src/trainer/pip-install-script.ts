/**
 * The shell lines a function trainer runs before its function to pip-install packages, the Python SDK's
 * (`get_script_for_python_packages`) to the byte: pip bootstrapped when missing, a per-user install then a system-wide
 * one, pip's output kept in a log file and printed only when both fail.
 */
import { dedent } from "../python/python-source.ts";
import { shlexQuote } from "../python/shlex-quote.ts";

/** The package index pip uses when a function trainer names none. */
export const DEFAULT_PIP_INDEX_URLS: readonly string[] = ["https://pypi.org/simple"];

/**
 * The install lines for `packages`; the first index is `--index-url`, the others `--extra-index-url`. Names and URLs
 * are quoted as `shlex.quote` does. `logFile` is where pip writes (the MPI user's home on an MPI runtime).
 */
export function toPipInstallScript(packages: readonly string[], indexUrls: readonly string[], logFile: string): string {
  const [index = "", ...extra] = indexUrls;
  const options = [`--index-url ${shlexQuote(index)}`, ...extra.map((url) => `--extra-index-url ${shlexQuote(url)}`)].join(" ");
  const pip = "PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_BREAK_SYSTEM_PACKAGES=1 python -m pip install --quiet \\";
  const header = ["", 'if ! [ -x "$(command -v pip)" ]; then', "    python -m ensurepip || python -m ensurepip --user || apt-get install python-pip", "fi", "", ""].join("\n");
  // Upstream writes the rest as an indented template and dedents it once the values are in (a line break inside a
  // quoted name changes the margin), so this does too.
  const body = [
    "",
    `PACKAGES=(${packages.map(shlexQuote).join(" ")})`,
    `PIP_OPTS=(${options})`,
    `LOG_FILE="${logFile}"`,
    'rm -f "$LOG_FILE"',
    "",
    `if ${pip}`,
    '    --no-warn-script-location "${PIP_OPTS[@]}" --user "${PACKAGES[@]}" >"$LOG_FILE" 2>&1; then',
    '    echo "Successfully installed Python packages (user): ${PACKAGES[*]}"',
    `elif ${pip}`,
    '    --no-warn-script-location "${PIP_OPTS[@]}" "${PACKAGES[@]}" >>"$LOG_FILE" 2>&1; then',
    '    echo "Successfully installed Python packages (system-wide): ${PACKAGES[*]}"',
    "else",
    '    echo "ERROR: Failed to install Python packages: ${PACKAGES[*]}" >&2',
    '    cat "$LOG_FILE" >&2',
    "    exit 1",
    "fi",
    "",
    "",
  ];
  return header + dedent(body.map((line) => (line === "" ? line : `        ${line}`)).join("\n"));
}
