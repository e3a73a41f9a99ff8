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
