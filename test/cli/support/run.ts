/** Runs the CLI in-process with buffers for stdout and stderr. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { onTestFinished } from "vitest";
import { runCli } from "../../../src/cli/main.ts";
import { BufferWriter, type CliIo } from "../../../src/cli/cli-io.ts";

/** What a run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link run}: io overrides; pass `stderr` to watch what a long command prints while it runs. */
export type RunOptions = Partial<Omit<CliIo, "stdin" | "stdout" | "stderr">> & { stdin?: string; stderr?: BufferWriter };

/** Runs `kfts …argv`; the environment is empty unless given (so no real kubeconfig is read). */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new BufferWriter();
  const { stdin, stderr = new BufferWriter(), ...rest } = options;
  const code = await runCli(argv, { stdout, stderr, env: { HOME: "/nonexistent" }, isTTY: false, ...rest, stdin: Readable.from([stdin ?? ""]) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Resolves once `writer` has received `text` (polling; the e2e waits are short). */
export async function untilWritten(writer: BufferWriter, text: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!writer.text().includes(text)) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for output ${JSON.stringify(text)}; got ${JSON.stringify(writer.text())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fresh temporary directory, removed when the current test finishes. */
export async function tempDir(prefix = "kfts-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
