/**
 * What `experiments wait` and `trainjobs wait` share: the flags (--for, --timeout, --progress), the progress
 * display around the wait, and a timeout turned into a one-line failure with the last state seen.
 */
import type { Command } from "commander";
import { WaitTimeoutError } from "../resource/wait-for.ts";
import { CliFailure, UsageError } from "./cli-errors.ts";
import type { CliContext } from "./cli-context.ts";
import { parseDuration } from "./duration-flag.ts";
import { createProgress, parseProgressMode, PROGRESS_MODES } from "./progress.ts";

/** The flags of a wait command. */
export interface WaitFlags {
  for: string;
  timeout: string;
  progress?: string;
  output?: string;
}

/** Adds --for, --timeout and --progress. */
export function addWaitFlags(command: Command, states: readonly string[], defaultState: string): Command {
  return command
    .option("--for <state>", `state to wait for: ${states.join("|")} (also condition=<state>; several with commas)`, defaultState)
    .option("--timeout <duration>", "give up after this long, e.g. 30s, 10m, 2h", "10m")
    .option("--progress <mode>", `progress display: ${PROGRESS_MODES.join("|")} (auto: a live line on a terminal)`, "auto")
    .option("-o, --output <format>", "print the final object: json|yaml|name (default: a line)");
}

/** The states of `--for`, checked against the valid ones; `condition=X` is accepted as kubectl writes it. Pure. */
export function parseWaitStates<S extends string>(value: string, states: readonly S[]): S[] {
  const wanted = value.split(",").map((part) => part.trim().replace(/^condition=/i, "")).filter(Boolean);
  const canonical = wanted.map((name) => states.find((state) => state.toLowerCase() === name.toLowerCase()));
  if (wanted.length === 0 || canonical.some((state) => state === undefined)) {
    throw new UsageError(`unknown state in --for "${value}"`, `use one of ${states.join(", ")}`);
  }
  return canonical as S[];
}

/**
 * Runs `wait` with a progress display on stderr, closing the display whatever happens. A timeout becomes a
 * CliFailure that shows the last state (through `describe`) and how to wait longer.
 */
export async function withProgress<R>(ctx: CliContext, flags: WaitFlags, describe: (last: unknown) => string, run: (report: (line: string) => void, timeoutMs: number) => Promise<R>): Promise<R> {
  const timeoutMs = parseDuration(flags.timeout, "--timeout");
  const progress = createProgress(ctx.io.stderr, parseProgressMode(flags.progress), ctx.io.isTTY);
  try {
    return await run((line) => progress.update(line), timeoutMs);
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      throw new CliFailure(`${error.message}${error.object === undefined ? "" : `; last state: ${describe(error.object)}`}`, "wait longer with --timeout (e.g. --timeout 1h)");
    }
    throw error;
  } finally {
    progress.done();
  }
}
