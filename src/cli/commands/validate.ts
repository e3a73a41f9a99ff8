/** `kfts validate`: offline validation of manifests, by the validate library's own command (loaded on demand). */
import type { Command } from "commander";
import { CliFailure } from "../cli-errors.ts";
import type { CliContext } from "../cli-context.ts";
import type { CliIo } from "../cli-io.ts";
import { addPassthroughCommand } from "./passthrough.ts";

interface ValidateCli {
  runValidate(argv: string[], io: CliIo): Promise<number> | number;
}

// Computed so it resolves to `.ts` from source and `.js` from the build, and stays out of the clients' type graph.
const VALIDATE_CLI = new URL(`../../validate/cli${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;
const PARSE_THREAD_LAUNCH = new URL(`../../validate/parse-thread-launch${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;

/**
 * Starts validate's parse thread if the arguments may name many inputs, so that it boots while the command loads. The
 * command tells paths from option values later; a value taken for a path here costs a stat, nothing more.
 */
async function launchParseThreadEarly(args: readonly string[]): Promise<void> {
  const paths = args.filter((arg) => arg === "-" || !arg.startsWith("-"));
  try {
    const launch = (await import(PARSE_THREAD_LAUNCH)) as typeof import("../../validate/parse-thread-launch.ts");
    launch.launchParseThreadEarly(paths, process.cwd());
  } catch {
    // No validate module in this build: loadValidateCli says so.
  }
}

async function loadValidateCli(): Promise<ValidateCli> {
  let module: Partial<ValidateCli>;
  try {
    module = (await import(VALIDATE_CLI)) as Partial<ValidateCli>;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" ? "the validate module is not part of this build" : (error as Error).message.split("\n")[0];
    throw new CliFailure(`validate is not available: ${reason}`, "reinstall kubeflow-ts, or build it with npm run build");
  }
  if (typeof module.runValidate !== "function") throw new CliFailure("validate is not available in this build: the validate module has no runValidate");
  return module as ValidateCli;
}

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
 * of startup); undefined when argv is not one, or the validate module is missing (commander then reports it).
 */
export async function runPlainValidate(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  if (!isPlainValidate(argv)) return undefined;
  await launchParseThreadEarly(argv.slice(1));
  const module = await loadValidateCli().catch(() => undefined);
  return module ? module.runValidate(argv.slice(1), io) : undefined;
}

/** Adds validate. */
export function addValidateCommand(program: Command, ctx: CliContext): void {
  addPassthroughCommand(
    program,
    "validate",
    "validate Katib and Trainer manifests offline (schema, CEL rules, Katib rules), with file:line positions",
    "[options] FILE|DIR|- …",
    async (argv) => (await loadValidateCli()).runValidate(argv, { ...ctx.io, signal: ctx.signal }),
    (code) => {
      ctx.exitCode = code;
    },
  );
}
