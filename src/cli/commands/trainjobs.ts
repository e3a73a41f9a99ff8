/** `kfts trainjobs …`: Kubeflow Trainer TrainJobs (trainer.kubeflow.org/v1alpha1). */
import type { Command } from "commander";
import { trainJobResource } from "../../../generated/trainer/v1alpha1/resources.ts";
import type { TrainerV1alpha1TrainJob } from "../../../generated/trainer/v1alpha1/types.ts";
import type { CoreEvent } from "../../resource/core-resources.ts";
import type { TrainJobStatus } from "../../trainer/train-job-summary.ts";
import { TrainJobFailedError } from "../../trainer/trainer-errors.ts";
import { CliFailure } from "../cli-errors.ts";
import type { CliContext } from "../cli-context.ts";
import { toAge } from "../human-duration.ts";
import { addOutputFlag, parseOutputFormat, toOutputText, toPrintable, toResourceName, type Printable } from "../output-format.ts";
import { addCreateCommand, addDeleteCommand, addGetCommand, addListCommand, type ResourceCommandSpec } from "../resource-commands.ts";
import { printLines } from "../stream-lines.ts";
import { summarizeTrainJob } from "../train-job-progress.ts";
import { addWaitFlags, parseWaitStates, withProgress, type WaitFlags } from "../wait-flags.ts";

const STATES: readonly TrainJobStatus[] = ["Created", "Running", "Complete", "Failed"];
const RESOURCE = toResourceName(trainJobResource);

const spec: ResourceCommandSpec<TrainerV1alpha1TrainJob> = {
  descriptor: trainJobResource,
  client: async (ctx) => (await ctx.trainer()).trainJobs,
  extraColumns: [{ name: "Runtime", type: "string", jsonPath: ".spec.runtimeRef.name" }],
};

/** Adds `trainjobs` and its subcommands. */
export function addTrainJobsCommand(program: Command, ctx: CliContext): void {
  const trainJobs = program.command("trainjobs").alias("trainjob").description("Kubeflow Trainer TrainJobs: distributed training runs (trainer.kubeflow.org/v1alpha1)");
  addListCommand(trainJobs, ctx, spec);
  addGetCommand(trainJobs, ctx, spec);
  addCreateCommand(trainJobs, ctx, spec);
  addDeleteCommand(trainJobs, ctx, spec);
  addWaitCommand(trainJobs, ctx);
  addLogsCommand(trainJobs, ctx);
  addEventsCommand(trainJobs, ctx);
}

function addWaitCommand(parent: Command, ctx: CliContext): void {
  const command = parent.command("wait").description("wait until a TrainJob reaches a status, showing its steps").argument("<name>", "TrainJob name");
  addWaitFlags(command, STATES, "Complete").action(async (name: string, flags: WaitFlags) => {
    const status = parseWaitStates(flags.for, STATES);
    const format = flags.output === undefined ? undefined : parseOutputFormat(flags.output);
    const trainer = await ctx.trainer();
    const describe = (job: unknown): string => summarizeTrainJob(job as TrainerV1alpha1TrainJob);
    try {
      const job = await withProgress(ctx, flags, describe, (report, timeoutMs) =>
        trainer.waitForJobStatus(name, { status, timeoutMs, signal: ctx.signal, onProgress: (summary) => report(`trainjob/${name} ${summarizeTrainJob(summary.object)}`) }),
      );
      ctx.out(format === undefined ? `${RESOURCE}/${name} condition met (${summarizeTrainJob(job.object)})\n` : toOutputText([job.object], toPrintable(trainJobResource, format), format, { single: true }));
    } catch (error) {
      if (error instanceof TrainJobFailedError) throw new CliFailure(error.message, `see what happened: kfts trainjobs events ${name}; kfts trainjobs logs ${name}`);
      throw error;
    }
  });
}

function addLogsCommand(parent: Command, ctx: CliContext): void {
  parent
    .command("logs")
    .description("print the logs of one step of a TrainJob")
    .argument("<name>", "TrainJob name")
    .option("--step <step>", "step: node-0, node-1, …, dataset-initializer, model-initializer", "node-0")
    .option("-f, --follow", "wait for the step's pod and stream until it ends")
    .option("-c, --container <name>", "container (default: node, or the initializer's)")
    .action(async (name: string, flags: { step: string; follow?: boolean; container?: string }) => {
      const trainer = await ctx.trainer();
      await printLines(ctx, trainer.getJobLogs(name, { signal: ctx.signal, step: flags.step, follow: flags.follow === true, ...(flags.container ? { container: flags.container } : {}) }));
    });
}

const eventTime = (event: CoreEvent): string => event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? "";

/** Events as `kubectl events` shows them. */
const eventsPrintable: Printable = {
  resourceOf: () => "event",
  columns: [
    { header: "LAST SEEN", cell: (o, now) => (eventTime(o as CoreEvent) ? toAge(eventTime(o as CoreEvent), now) : "<unknown>") },
    { header: "TYPE", cell: (o) => (o as CoreEvent).type ?? "" },
    { header: "REASON", cell: (o) => (o as CoreEvent).reason ?? "" },
    { header: "OBJECT", cell: (o) => `${((o as CoreEvent).involvedObject?.kind ?? "").toLowerCase()}/${(o as CoreEvent).involvedObject?.name ?? ""}` },
    { header: "MESSAGE", cell: (o) => ((o as CoreEvent).message ?? "").replace(/\s+/g, " ").trim() },
  ],
};

function addEventsCommand(parent: Command, ctx: CliContext): void {
  const command = parent.command("events").description("list the events of a TrainJob and of its jobs and pods, oldest first").argument("<name>", "TrainJob name");
  addOutputFlag(command).action(async (name: string, flags: { output?: string }) => {
    const format = parseOutputFormat(flags.output);
    const events = await (await ctx.trainer()).getJobEvents(name, { signal: ctx.signal });
    if (events.length === 0 && (format === "table" || format === "wide")) {
      ctx.err(`No events found for TrainJob ${name}.\n`);
      return;
    }
    ctx.out(toOutputText(events, eventsPrintable, format));
  });
}
