#!/usr/bin/env node
/**
 * The `kfts` executable. Wires the process (streams, environment, Ctrl-C) to runCli; imported (by tests), it only
 * exports runCli.
 */
import { runCli } from "./run-cli.ts";

export { runCli } from "./run-cli.ts";
export type { CliIo, CliWriter } from "./cli-io.ts";

/** Runs the CLI on the real process: Ctrl-C aborts the command (exit 130); a second Ctrl-C kills at once. */
async function main(): Promise<void> {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  // A closed pipe (kfts … | head) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: process.stderr.isTTY === true,
    signal: controller.signal,
  });
}

if (import.meta.main) await main();
