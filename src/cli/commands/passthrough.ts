/**
 * Commands whose arguments belong to another module's parser (codegen, validate): commander only routes to them
 * and shows their help; everything after the command name is handed over untouched.
 */
import type { Command } from "commander";
import { UsageError } from "../cli-errors.ts";

/** Adds a command that passes its raw arguments to `run`, which returns the exit code. */
export function addPassthroughCommand(parent: Command, name: string, summary: string, usage: string, run: (argv: string[]) => Promise<number>, setExitCode: (code: number) => void): Command {
  return parent
    .command(name)
    .description(summary)
    .usage(usage)
    .helpOption("-h, --help", "display help for command")
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]")
    .action(async (_args: string[], _flags: unknown, command: Command) => {
      try {
        setExitCode(await run(command.args));
      } catch (error) {
        throw toUsageError(error) ?? error;
      }
    });
}

/** node:util parseArgs rejections and `usage:` messages are wrong usage (exit 2). */
function toUsageError(error: unknown): UsageError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return new UsageError(message);
  return message.startsWith("usage:") ? new UsageError(message) : undefined;
}
