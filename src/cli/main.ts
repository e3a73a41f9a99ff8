#!/usr/bin/env node
/**
 * The `kfts` executable. Wires the process (streams, environment, Ctrl-C) to runCli; imported (by tests), it only
 * exports runCli. The command tree is loaded on demand: a plain `kfts validate` goes straight to the validator.
 */
import { enableCompileCache } from "node:module";
import type { CliIo } from "./cli-io.ts";
import { runPlainValidate } from "./commands/validate.ts";

export type { CliIo, CliWriter } from "./cli-io.ts";

/**
 * Runs `kfts` with `argv` (the arguments after the program name) and returns the exit code: 0 ok, 1 failure or
 * invalid input, 2 wrong usage, 130 interrupted.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { runCli: run } = await import("./run-cli.ts");
  return run(argv, io);
}

/** Runs the CLI on the real process: Ctrl-C aborts the command (exit 130); a second Ctrl-C kills at once. */
async function main(): Promise<void> {
  // Compiled code of the modules loaded from here on is cached on disk (os.tmpdir()/node-compile-cache, as tsc does;
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off): later runs skip compiling them, ~25 ms of `kfts validate`'s validators.
  enableCompileCache();
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  // A closed pipe (kfts … | head) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  const argv = process.argv.slice(2);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: process.stderr.isTTY === true,
    signal: controller.signal,
  };
  process.exitCode = (await runPlainValidate(argv, io)) ?? (await runCli(argv, io));
}

if (import.meta.main) await main();
