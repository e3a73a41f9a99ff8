import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadSourcesLock } from "../../codegen/main.ts";
import { filesOf, verifySources } from "../../codegen/sources-lock.ts";
import { repositoryRoot, sourcesDir } from "../support/sources.ts";

const lock = loadSourcesLock();
const scratch = mkdtempSync(join(tmpdir(), "kfts-sources-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the codegen CLI as a user would; returns exit status and output. */
function generate(args: string[], env: Record<string, string | undefined> = {}): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, ["codegen/main.ts", ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, KUBEFLOW_API_SOURCES: undefined, ...env },
      encoding: "utf8",
      stdio: "pipe",
    });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { status: failure.status, output: failure.stdout + failure.stderr };
  }
}

describe("sources lock", () => {
  test("pins every file of the generated releases, and each matches its sha256", () => {
    for (const [product, info] of Object.entries(lock.products)) {
      const files = filesOf(lock, product, info.release);
      expect(files.some((f) => f.roles.includes("types"))).toBe(true);
      expect(files.some((f) => f.roles.includes("resource-metadata"))).toBe(true);
      expect(verifySources(files, (path) => readFileSync(join(sourcesDir, path)))).toEqual([]);
    }
  });

  test("an altered file is named, with its expected hash", () => {
    const [file] = filesOf(lock, "katib", "v0.19.0", "types");
    const problems = verifySources([file!], () => Buffer.from("{}"));
    expect(problems).toEqual([expect.objectContaining({ path: file!.path, problem: "altered" })]);
  });

  test("without sources the generator fails with one line naming the variable", () => {
    const result = generate(["--out", join(scratch, "out")]);
    expect(result.status).toBe(2);
    expect(result.output.trim().split("\n")).toHaveLength(1);
    expect(result.output).toContain("KUBEFLOW_API_SOURCES");
  });

  test("a missing or altered file fails with one clear line, and nothing is written", () => {
    const copy = join(scratch, "partial");
    cpSync(sourcesDir, copy, { recursive: true });
    rmSync(join(copy, "trainer/v2.3.0/trainer.kubeflow.org_trainjobs.yaml"));
    const missing = generate(["--out", join(scratch, "never")], { KUBEFLOW_API_SOURCES: copy });
    expect(missing.status).toBe(2);
    expect(missing.output).toMatch(/trainer\/v2\.3\.0\/trainer\.kubeflow\.org_trainjobs\.yaml is missing.*KUBEFLOW_API_SOURCES/);
    expect(missing.output).not.toMatch(/\n\s+at /);
    writeFileSync(join(copy, "trainer/v2.3.0/trainer.kubeflow.org_trainjobs.yaml"), "# altered\n");
    const altered = generate(["--out", join(scratch, "never")], { KUBEFLOW_API_SOURCES: copy });
    expect(altered.output).toContain("does not match its pinned sha256");
    expect(() => readFileSync(join(scratch, "never/core.ts"))).toThrow();
  });

  test("--check passes on fresh output and fails when a generated file changes", { timeout: 60_000 }, () => {
    const out = join(scratch, "generated");
    expect(generate(["--out", out], { KUBEFLOW_API_SOURCES: sourcesDir }).status).toBe(0);
    expect(generate(["--out", out, "--check"], { KUBEFLOW_API_SOURCES: sourcesDir }).status).toBe(0);
    writeFileSync(join(out, "katib/v1beta1/types.ts"), "// edited by hand\n");
    const check = generate(["--out", out, "--check"], { KUBEFLOW_API_SOURCES: sourcesDir });
    expect(check.status).toBe(1);
    expect(check.output).toContain("katib/v1beta1/types.ts");
  });
});
