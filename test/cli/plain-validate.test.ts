/**
 * `kfts validate` with only its own options skips the command tree (main.ts): it must be exactly the invocations
 * commander would hand over untouched, and answer exactly as the commander route does.
 */
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { BufferWriter } from "../../src/cli/cli-io.ts";
import { isPlainValidate, runPlainValidate } from "../../src/cli/commands/validate.ts";
import { corpusDir } from "../support/sources.ts";
import { run } from "./support/run.ts";

describe("isPlainValidate", () => {
  test.each([
    [["validate", "dir"]],
    [["validate", "a.yaml", "-", "b.json"]],
    [["validate", "-o", "json", "dir"]],
    [["validate", "-ojson", "--validate=warn", "dir"]],
    [["validate", "--output=text", "--validate", "ignore", "dir"]],
    [["validate"]],
  ])("%j goes straight to the validator", (argv) => {
    expect(isPlainValidate(argv)).toBe(true);
  });

  test.each([
    [["experiments", "list"]],
    [["--server", "https://x", "validate", "dir"]],
    [["validate", "--help"]],
    [["validate", "dir", "-h"]],
    [["validate", "--", "-odd-name.yaml"]],
    [["validate", "--server", "https://x", "dir"]],
    [["validate", "-n", "ns", "dir"]],
    [["validate", "-o", "--help"]],
    [["validate", "--unknown", "dir"]],
  ])("%j goes through commander", (argv) => {
    expect(isPlainValidate(argv)).toBe(false);
  });
});

describe("runPlainValidate", () => {
  test.each([
    [["validate", `${corpusDir}/katib/hp-tuning/simple-pbt.yaml`, `${corpusDir}/trainer/examples/yaml/01-multi-node.yaml`]],
    [["validate", "-o", "json", `${corpusDir}/trainer/examples/flux`]],
    [["validate", "--validate=maybe", "x.yaml"]],
    [["validate"]],
  ])("%j answers as the commander route does", async (argv) => {
    const stdout = new BufferWriter();
    const stderr = new BufferWriter();
    const code = await runPlainValidate(argv, { stdout, stderr, env: { HOME: "/nonexistent" }, isTTY: false, stdin: Readable.from([""]) });
    expect({ code, stdout: stdout.text(), stderr: stderr.text() }).toEqual(await run(argv));
  });

  test("other invocations are left to runCli", async () => {
    const io = { stdout: new BufferWriter(), stderr: new BufferWriter(), env: {}, isTTY: false, stdin: Readable.from([""]) };
    expect(await runPlainValidate(["validate", "--help"], io)).toBeUndefined();
    expect(io.stdout.text()).toBe("");
  });
});
