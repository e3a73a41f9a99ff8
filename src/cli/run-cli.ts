/**
 * One run of `kfts`: parse, run the command, and turn every outcome into an exit code, with errors printed as one
 * line and a hint. Nothing here calls process.exit, so tests run the CLI in-process.
 */
import { CommanderError } from "commander";
import { packageVersion } from "../transport/user-agent.ts";
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, isAbort } from "./cli-errors.ts";
import { CliContext, isDebug } from "./cli-context.ts";
import type { CliIo } from "./cli-io.ts";
import { formatError, toExitCode } from "./format-error.ts";
import { createProgram } from "./program.ts";

/** Commander's own exits: help and version are successes, the rest is wrong usage (already printed by commander). */
function toCommanderExit(error: CommanderError): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_OK;
  return EXIT_USAGE;
}

/**
 * Runs `kfts` with `argv` (the arguments after the program name) and returns the exit code: 0 ok, 1 failure or
 * invalid input, 2 wrong usage, 130 interrupted.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const controller = new AbortController();
  const abort = (): void => controller.abort(io.signal?.reason);
  if (io.signal?.aborted) abort();
  io.signal?.addEventListener("abort", abort, { once: true });
  const ctx = new CliContext(io, controller.signal);
  try {
    await createProgram(ctx, packageVersion()).parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return toCommanderExit(error);
    if (isAbort(error, controller.signal)) {
      ctx.err("\ninterrupted\n");
      return EXIT_INTERRUPTED;
    }
    ctx.err(formatError(error, { debug: isDebug(io.env), secrets: ctx.secrets() }));
    return toExitCode(error);
  } finally {
    io.signal?.removeEventListener("abort", abort);
    await ctx.close();
  }
}
