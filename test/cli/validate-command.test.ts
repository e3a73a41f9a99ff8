/**
 * runValidate (`kfts validate`): inputs, output formats, modes and exit statuses, on temporary files.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Worker } from "node:worker_threads";
import { runValidate } from "../../src/cli/commands/validate-run.ts";
import { startParseThread, startParsing } from "../../src/validate/parsed-inputs.ts";
import { MAX_SOURCE_CHARS } from "../../src/validate/limits.ts";
import { formatIssue } from "../../src/validate/format-issue.ts";
import type { Issue } from "../../src/validate/types.ts";
import { ioErrorAnnotation, toAnnotation } from "../../src/cli/validation-output/github-annotations.ts";

const VALID = `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: ok
spec:
  runtimeRef:
    name: torch-distributed
`;
const INVALID = `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: bad
spec:
  runtimeRef:
    name: torch-distributed
  trainer:
    numNodes: two
    replicas: 3
`;

let dir: string;

async function run(args: string[], stdin?: string) {
  let stdout = "";
  let stderr = "";
  const code = await runValidate(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...(stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }),
    cwd: dir,
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kfts-validate-"));
  mkdirSync(join(dir, "manifests/nested"), { recursive: true });
  mkdirSync(join(dir, "manifests/.hidden"), { recursive: true });
  writeFileSync(join(dir, "manifests/valid.yaml"), VALID);
  writeFileSync(join(dir, "manifests/nested/also-valid.yml"), `# header\n---\n${VALID}`);
  writeFileSync(join(dir, "manifests/nested/notes.txt"), "not a manifest");
  writeFileSync(join(dir, "manifests/.hidden/broken.yaml"), "a: [");
  writeFileSync(join(dir, "invalid.yaml"), INVALID);
  writeFileSync(join(dir, "latin1.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  mkdirSync(join(dir, "empty"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kfts validate", () => {
  test("a directory of valid manifests: exit 0 and a summary", async () => {
    const { code, stdout, stderr } = await run(["manifests"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe("2 files, 2 documents: 2 valid, 0 invalid, 0 skipped; 0 errors, 0 warnings\n");
  });

  test("an invalid manifest: exit 1 and file:line:col lines", async () => {
    const { code, stdout } = await run(["invalid.yaml", "manifests/valid.yaml"]);
    expect(code).toBe(1);
    expect(stdout.split("\n")).toEqual([
      "invalid.yaml:9:15: error spec.trainer.numNodes: Invalid value: \"two\": must be of type integer (schema.type)",
      'invalid.yaml:10:5: error spec.trainer.replicas: unknown field "spec.trainer.replicas" (schema.unknown-field)',
      "2 files, 2 documents: 1 valid, 1 invalid, 0 skipped; 2 errors, 0 warnings",
      "",
    ]);
  });

  test("--validate=warn turns unknown fields into warnings", async () => {
    const { code, stdout } = await run(["--validate=warn", "invalid.yaml"]);
    expect(code).toBe(1);
    expect(stdout).toContain("warning spec.trainer.replicas");
  });

  test("--validate=ignore drops them", async () => {
    const { stdout } = await run(["--validate", "ignore", "invalid.yaml"]);
    expect(stdout).not.toContain("replicas");
  });

  test("-o json", async () => {
    const { code, stdout } = await run(["-o", "json", "invalid.yaml"]);
    const parsed = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(parsed).toMatchObject({ valid: false, summary: { files: 1, documents: 1, invalid: 1, errors: 2 }, ioErrors: [] });
    expect(parsed.reports[0].issues[0]).toMatchObject({ file: "invalid.yaml", line: 9, column: 15, rule: "schema.type" });
  });

  test("standard input", async () => {
    const { code, stdout } = await run(["-"], INVALID);
    expect(code).toBe(1);
    expect(stdout).toContain("-:9:15: error spec.trainer.numNodes");
  });

  test("text that is not UTF-8 is an invalid input", async () => {
    const { code, stdout } = await run(["latin1.yaml"]);
    expect(code).toBe(1);
    expect(stdout).toContain("latin1.yaml: error: not valid UTF-8 text");
  });

  test("a file longer than one read is read whole", async () => {
    // Over 64 KiB: a comment pushes the manifest past the first read, and the error after it keeps its line.
    const padding = `# ${"x".repeat(200)}\n`.repeat(400);
    writeFileSync(join(dir, "long.yaml"), `${padding}${INVALID}`);
    const { code, stdout } = await run(["long.yaml"]);
    expect(code).toBe(1);
    expect(stdout).toContain("long.yaml:409:15: error spec.trainer.numNodes");
  });

  test("a file over the size limit is not read, whatever it is", async () => {
    mkdirSync(join(dir, "big"));
    writeFileSync(join(dir, "big/huge.yaml"), Buffer.alloc(MAX_SOURCE_CHARS + 1, 0x20));
    // Named (its size known from the listing) or found in a directory (its size looked at once it is open).
    for (const path of ["big/huge.yaml", "big"]) {
      const huge = await run([path]);
      expect(huge.code).toBe(1);
      expect(huge.stdout).toContain(`big/huge.yaml: error: ${MAX_SOURCE_CHARS + 1} bytes: inputs over ${MAX_SOURCE_CHARS} bytes are not read (input.too-large)`);
    }
    // A device has no size to check first: reading stops at the limit instead of going on forever.
    symlinkSync("/dev/zero", join(dir, "endless.yaml"));
    const endless = await run(["endless.yaml"]);
    expect(endless.code).toBe(1);
    expect(endless.stdout).toContain(`endless.yaml: error: inputs over ${MAX_SOURCE_CHARS} bytes are not read (input.too-large)`);
  });

  test.each([
    [["missing.yaml"], "missing.yaml: no such file or directory"],
    [["empty"], "empty: no manifest files"],
    [[], "no input"],
    [["--bogus", "x.yaml"], "Unknown option"],
    [["-o", "yaml", "x.yaml"], "-o must be one of text, json, junit, sarif, github"],
    [["--validate=loose", "x.yaml"], "--validate must be strict, warn or ignore"],
  ])("usage and I/O errors exit 2: %j", async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test("I/O errors exit 2 even when the other inputs are fine", async () => {
    const { code, stdout } = await run(["manifests/valid.yaml", "missing.yaml"]);
    expect(code).toBe(2);
    expect(stdout).toContain("1 file, 1 document: 1 valid");
  });

  test("parsing started before the command (as kfts does) is used, or ended when the command does not validate", async () => {
    mkdirSync(join(dir, "thirty"), { recursive: true });
    for (let index = 0; index < 30; index++) writeFileSync(join(dir, "thirty", `v${index}.yaml`), VALID);
    const threads: Worker[] = [];
    const start = (): Worker | undefined => {
      const worker = startParseThread();
      if (worker) threads.push(worker);
      return worker;
    };
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd: dir };
    expect(await runValidate(["thirty"], io, startParsing(["thirty"], dir, start))).toBe(0);
    expect(await runValidate(["--help"], io, startParsing(["thirty"], dir, start))).toBe(0);
    expect(await runValidate(["-o", "yaml", "thirty"], io, startParsing(["yaml", "thirty"], dir, start))).toBe(2);
    expect(threads).toHaveLength(3);
    expect(threads.every((thread) => thread instanceof Worker && thread.threadId === -1)).toBe(true);
  });

  test("--help", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: kfts validate");
  });

  test("many inputs (parsed by another thread) are reported as one at a time, in order, I/O errors included", async () => {
    const many = join(dir, "many");
    mkdirSync(many);
    const aliased = `${VALID.replace("name: ok", "name: aliased")}  labels: &labels {app: x}\n  annotations: *labels\n`;
    const kinds = [VALID, INVALID, "a: [", aliased, VALID.replace("name: ok", "name: Not_Valid")];
    for (let index = 0; index < 30; index++) writeFileSync(join(many, `m${String(index).padStart(2, "0")}.yaml`), kinds[index % kinds.length] as string);
    symlinkSync(join(many, "gone.yaml"), join(many, "m15-dangling.yaml"));
    const together = await run(["many", "-o", "json"]);
    expect(together.code).toBe(2);
    expect(together.stderr).toBe("kfts validate: many/m15-dangling.yaml: no such file or directory\n");
    const parsed = JSON.parse(together.stdout) as { reports: unknown[]; ioErrors: string[]; summary: { files: number } };
    expect(parsed.summary.files).toBe(30);
    const names = Array.from({ length: 30 }, (_, index) => `many/m${String(index).padStart(2, "0")}.yaml`);
    const alone = await Promise.all(names.map(async (name) => (JSON.parse((await run([name, "-o", "json"])).stdout) as { reports: unknown[] }).reports[0]));
    expect(parsed.reports).toEqual(alone);
    expect(JSON.stringify(parsed.reports)).toContain('"line":');
  });

  test("text and github output are written as the inputs are validated, in pieces, and say what the whole result says", async () => {
    const lots = join(dir, "lots");
    mkdirSync(lots);
    // Over 64 KiB of issue lines: more than one piece.
    for (let index = 0; index < 400; index++) writeFileSync(join(lots, `i${String(index).padStart(3, "0")}.yaml`), INVALID);
    symlinkSync(join(lots, "gone.yaml"), join(lots, "i200-dangling.yaml"));
    const whole = JSON.parse((await run(["lots", "-o", "json"])).stdout) as { reports: { issues: Issue[] }[]; ioErrors: string[]; summary: Record<string, number> };
    const issues = whole.reports.flatMap((report) => report.issues);
    const { files, documents, valid, invalid, skipped, errors, warnings } = whole.summary;
    const summary = `${files} files, ${documents} documents: ${valid} valid, ${invalid} invalid, ${skipped} skipped; ${errors} errors, ${warnings} warnings`;
    for (const [output, line, ioErrorLines] of [
      ["text", formatIssue, []],
      ["github", toAnnotation, whole.ioErrors.map(ioErrorAnnotation)],
    ] as const) {
      const writes: string[] = [];
      let stderr = "";
      const code = await runValidate(["-o", output, "lots"], { stdout: { write: (text: string) => writes.push(text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: dir });
      expect(code).toBe(2);
      expect(stderr).toBe("kfts validate: lots/i200-dangling.yaml: no such file or directory\n");
      expect(writes.length).toBeGreaterThan(1);
      expect(writes.join("")).toBe([...issues.map((issue) => line(issue)), ...ioErrorLines, summary, ""].join("\n"));
    }
  });
});
