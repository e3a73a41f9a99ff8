/** docs/cli.md stays in step with the command tree: every command, subcommand and exit code is documented. */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { join } from "node:path";
import { expect, test } from "vitest";
import { CliContext } from "../../src/cli/cli-context.ts";
import { BufferWriter } from "../../src/cli/cli-io.ts";
import { createProgram } from "../../src/cli/program.ts";
import { repositoryRoot } from "../support/sources.ts";

test("docs/cli.md documents every command and subcommand", () => {
  const doc = readFileSync(join(repositoryRoot, "docs/cli.md"), "utf8");
  const io = { stdout: new BufferWriter(), stderr: new BufferWriter(), stdin: Readable.from([]), env: {}, isTTY: false };
  const program = createProgram(new CliContext(io, new AbortController().signal), "0.0.0");
  const missing = program.commands.flatMap((command) => {
    const paths = command.commands.length === 0 ? [`kfts ${command.name()}`] : command.commands.map((sub) => `kfts ${command.name()} ${sub.name()}`);
    return paths.filter((path) => !doc.includes(path));
  });
  expect(missing).toEqual([]);
  for (const code of ["| 0 |", "| 1 |", "| 2 |", "| 130 |"]) expect(doc).toContain(code);
});
