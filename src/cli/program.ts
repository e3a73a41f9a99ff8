/**
 * The `kfts` command tree. Commander only parses and routes: every command is a small module under commands/, and
 * the shared state (io, flags, clients) is the run's CliContext.
 */
import { Command } from "commander";
import type { CliContext } from "./cli-context.ts";
import { addCodegenCommands } from "./commands/codegen.ts";
import { addDoctorCommand } from "./commands/doctor.ts";
import { addExperimentsCommand } from "./commands/experiments.ts";
import { addRuntimesCommand } from "./commands/runtimes.ts";
import { addSuggestionsCommand } from "./commands/suggestions.ts";
import { addTrainJobsCommand } from "./commands/trainjobs.ts";
import { addTrialsCommand } from "./commands/trials.ts";
import { addValidateCommand } from "./commands/validate.ts";
import { addSchemaCommand } from "./commands/schema.ts";
import { addConnectionFlags, type ConnectionFlags } from "./connection-flags.ts";

const EPILOG = `
Connection: --server with --token-file and --certificate-authority (out of the cluster, with a ServiceAccount
token), else the kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and --context, else in-cluster.
Exit codes: 0 ok, 1 failure or invalid input, 2 wrong usage, 130 interrupted (Ctrl-C).
Set KUBEFLOW_TS_DEBUG=1 for request traces and stack traces. Docs: docs/cli.md`;

/** The root command, with output routed to the run's io and every exit turned into an exception (no process.exit). */
export function createProgram(ctx: CliContext, version: string): Command {
  const program = new Command("kfts")
    .description("Kubeflow Katib and Trainer from outside the cluster: experiments, trials, train jobs, runtimes, doctor")
    .version(version, "--version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.out(text), writeErr: (text) => ctx.err(text), outputError: (text, write) => write(text) })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .addHelpText("after", EPILOG);
  addConnectionFlags(program);
  program.hook("preAction", (_root, action) => ctx.setFlags(action.optsWithGlobals<ConnectionFlags>()));
  addExperimentsCommand(program, ctx);
  addTrialsCommand(program, ctx);
  addSuggestionsCommand(program, ctx);
  addTrainJobsCommand(program, ctx);
  addRuntimesCommand(program, ctx);
  addDoctorCommand(program, ctx);
  addValidateCommand(program, ctx);
  addSchemaCommand(program, ctx);
  addCodegenCommands(program, ctx);
  return program;
}
