/** `kfts validate`: offline validation of manifests (validate-run.ts, loaded on demand). */
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import type { CliIo } from "../cli-io.ts";
import { addPassthroughCommand } from "./passthrough.ts";

/** Options of `kfts validate` that take a value (commander hands them over untouched). */
const VALUE_OPTIONS = new Set(["-o", "--output", "--validate"]);

/**
 * Whether `argv` is `validate` with nothing but its own options and paths: exactly what commander would hand to
 * runValidate unchanged. Help, `--`, and the global connection flags (which commander takes wherever they are) are
 * not, and go through commander as before.
 */
export function isPlainValidate(argv: readonly string[]): boolean {
  if (argv[0] !== "validate") return false;
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "-" || !arg.startsWith("-")) continue;
    if (/^(-o[^-]|--output=|--validate=)/.test(arg)) continue;
    if (!VALUE_OPTIONS.has(arg) || argv[index + 1]?.startsWith("-")) return false;
    index++;
  }
  return true;
}

/**
 * Runs a plain `kfts validate` (see isPlainValidate) without loading the command tree and the clients (about 120 ms
 * of startup); undefined when argv is not one. The inputs' parsing starts first, so that a parse thread boots while
 * the command loads: the arguments that are not options are taken for paths (an option's value taken so costs a
 * stat; the command tells them apart later).
 */
export async function runPlainValidate(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  if (!isPlainValidate(argv)) return undefined;
  const { startParsing } = await import("../../validate/parsed-inputs.ts");
  const parsing = startParsing(argv.slice(1).filter((arg) => arg === "-" || !arg.startsWith("-")), process.cwd());
  const { runValidate } = await import("./validate-run.ts");
  return runValidate(argv.slice(1), io, parsing);
}

/** Adds validate. */
export function addValidateCommand(program: Command, ctx: CliContext): void {
  addPassthroughCommand(
    program,
    "validate",
    "validate Katib and Trainer manifests offline (schema, CEL rules, Katib rules), with file:line positions",
    "[options] FILE|DIR|- …",
    async (argv) => (await import("./validate-run.ts")).runValidate(argv, ctx.io),
    (code) => {
      ctx.exitCode = code;
    },
  );
}
