/** The trial's bash script: the objective written to a file and called, after an optional pip install. */
import { describe, expect, test } from "vitest";
import { toObjectiveScript } from "../../src/katib/objective-script.ts";

const objective = { name: "objective", source: "def objective(parameters):\n    print(parameters)\n" };

describe("toObjectiveScript", () => {
  test("writes the function and its call to a temporary file through an unquoted heredoc, and runs it with python -u", () => {
    expect(toObjectiveScript({ objective, argument: "{'lr': '${trialParameters.lr}'}" })).toBe(
      [
        "",
        "program_path=$(mktemp -d)",
        "read -r -d '' SCRIPT << EOM",
        "",
        "def objective(parameters):",
        "    print(parameters)",
        "",
        "objective({'lr': '${trialParameters.lr}'})",
        "",
        "EOM",
        'printf "%s" "$SCRIPT" > "$program_path/ephemeral_script.py"',
        'python -u "$program_path/ephemeral_script.py"',
      ].join("\n"),
    );
  });

  test("installs packages first, bootstrapping pip, from PyPI by default", () => {
    const script = toObjectiveScript({ objective, argument: "{}", packagesToInstall: ["numpy", "torch==2.2.1"] });
    const [install, run] = script.split("\n\nprogram_path=");
    expect(install).toBe(
      [
        "",
        'if ! [ -x "$(command -v pip)" ]; then',
        "    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip",
        "fi",
        "",
        "PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --prefer-binary --quiet         --no-warn-script-location --index-url https://pypi.org/simple numpy torch==2.2.1",
      ].join("\n"),
    );
    expect(run).toMatch(/^\$\(mktemp -d\)\n/);
  });

  test("the first index is --index-url, the others --extra-index-url", () => {
    const script = toObjectiveScript({ objective, argument: "{}", packagesToInstall: ["x"], pipIndexUrls: ["https://a.example/simple", "https://b.example/simple", "https://c.example/simple"] });
    expect(script).toContain("--index-url https://a.example/simple --extra-index-url https://b.example/simple --extra-index-url https://c.example/simple x\n");
  });

  test("an empty package list still runs pip (as upstream's `is not None`); no list, no pip", () => {
    expect(toObjectiveScript({ objective, argument: "{}", packagesToInstall: [] })).toContain("--index-url https://pypi.org/simple \n");
    expect(toObjectiveScript({ objective, argument: "{}", pipIndexUrls: ["https://a.example/simple"] })).not.toContain("pip install");
  });

  test("an empty index list is refused", () => {
    expect(() => toObjectiveScript({ objective, argument: "{}", packagesToInstall: ["x"], pipIndexUrls: [] })).toThrow(/pipIndexUrls is empty/);
  });
});
