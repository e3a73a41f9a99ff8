/** `kfts trials …`: Katib Trials (kubeflow.org/v1beta1), the runs of an Experiment. */
import type { Command } from "commander";
import { trialResource } from "../../../generated/katib/v1beta1/resources.ts";
import type { V1beta1Trial } from "../../../generated/katib/v1beta1/types.ts";
import type { CliContext } from "../cli-context.ts";
import { addGetCommand, addListCommand, type ResourceCommandSpec } from "../resource-commands.ts";
import { dump } from "js-yaml";
import { UsageError } from "../cli-errors.ts";
import { printLines } from "../stream-lines.ts";
import { renderTable } from "../table.ts";

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
  addMetricsCommand(trials, ctx);
}

/** `kfts trials metrics NAME`: the Trial's observation log from Katib's DB manager, reached through the apiserver. */
function addMetricsCommand(parent: Command, ctx: CliContext): void {
  const command = parent
    .command("metrics")
    .description("print a Trial's observation log (every reported metric value) from Katib's DB manager")
    .argument("<name>", "Trial name")
    .option("-m, --metric <name>", "only this metric")
    .option("--db-manager-address <host:port>", "dial the DB manager here instead of through the API server (in-cluster, or your own port-forward)")
    .option("-o, --output <format>", "output format: table|json|yaml", "table");
  command.action(async (name: string, flags: { metric?: string; dbManagerAddress?: string; output: string }) => {
    if (!["table", "json", "yaml"].includes(flags.output)) throw new UsageError(`unknown output format "${flags.output}"`, "use -o table|json|yaml");
    const katib = await ctx.katib();
    const logs = await katib.getTrialMetrics(name, {
      signal: ctx.signal,
      ...(flags.metric ? { metricName: flags.metric } : {}),
      ...(flags.dbManagerAddress ? { dbManager: { address: flags.dbManagerAddress } } : {}),
    });
    if (flags.output === "json") return ctx.out(`${JSON.stringify(logs, null, 2)}\n`);
    if (flags.output === "yaml") return ctx.out(dump(logs, { lineWidth: -1 }));
    if (logs.length === 0) return ctx.err(`Trial ${name} has no metrics reported yet.\n`);
    ctx.out(renderTable(["TIME", "METRIC", "VALUE"], logs.map((log) => [log.timeStamp, log.metric.name, log.metric.value])));
  });
}
