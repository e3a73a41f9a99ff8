/** `kfts trials …`: Katib Trials (kubeflow.org/v1beta1), the runs of an Experiment. */
import type { Command } from "commander";
import { trialResource } from "../../../generated/katib/v1beta1/resources.ts";
import type { V1beta1Trial } from "../../../generated/katib/v1beta1/types.ts";
import type { CliContext } from "../cli-context.ts";
import { addGetCommand, addListCommand, type ResourceCommandSpec } from "../resource-commands.ts";
import { printLines } from "../stream-lines.ts";

/** The label Katib puts on an Experiment's Trials. */
const EXPERIMENT_LABEL = "katib.kubeflow.org/experiment";

const spec: ResourceCommandSpec<V1beta1Trial> = {
  descriptor: trialResource,
  client: async (ctx) => (await ctx.katib()).trials,
};

/** Adds `trials` and its subcommands. */
export function addTrialsCommand(program: Command, ctx: CliContext): void {
  const trials = program.command("trials").alias("trial").description("Katib Trials: one run of an Experiment's search (kubeflow.org/v1beta1)");
  addListCommand(trials, ctx, spec, (flags) => (typeof flags.experiment === "string" ? `${EXPERIMENT_LABEL}=${flags.experiment}` : undefined)).option(
    "-e, --experiment <name>",
    "only the Trials of this Experiment",
  );
  addGetCommand(trials, ctx, spec);
  trials
    .command("logs")
    .description("print the logs of a Trial's primary container (from its pod)")
    .argument("<name>", "Trial name")
    .option("-f, --follow", "wait for the pod and stream until it ends")
    .option("-c, --container <name>", "container (default: the Trial's primaryContainerName)")
    .action(async (name: string, flags: { follow?: boolean; container?: string }) => {
      const katib = await ctx.katib();
      await printLines(ctx, katib.getTrialLogs(name, { signal: ctx.signal, follow: flags.follow === true, ...(flags.container ? { container: flags.container } : {}) }));
    });
}
