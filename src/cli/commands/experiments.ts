/** `kfts experiments …`: Katib Experiments (kubeflow.org/v1beta1). */
import { Command, InvalidArgumentError } from "commander";
import { experimentResource } from "../../../generated/katib/v1beta1/resources.ts";
import type { V1beta1Experiment, V1beta1OptimalTrial } from "../../../generated/katib/v1beta1/types.ts";
import { summarizeExperiment, type ExperimentConditionType } from "../../katib/experiment-status.ts";
import type { ExperimentBudget } from "../../katib/katib-client.ts";
import { ExperimentFailedError } from "../../katib/katib-errors.ts";
import { CliFailure, UsageError } from "../cli-errors.ts";
import { writeFileAtomically } from "../write-file-atomically.ts";
import type { CliContext } from "../cli-context.ts";
import { addOutputFlag, parseOutputFormat, toOutputText, toPrintable, toResourceName, type Printable } from "../output-format.ts";
import { addCreateCommand, addDeleteCommand, addGetCommand, addListCommand, type ResourceCommandSpec } from "../resource-commands.ts";
import { addWaitFlags, parseWaitStates, withProgress, type WaitFlags } from "../wait-flags.ts";

const CONDITIONS: readonly ExperimentConditionType[] = ["Created", "Running", "Restarting", "Succeeded", "Failed"];
const RESOURCE = toResourceName(experimentResource);

const spec: ResourceCommandSpec<V1beta1Experiment> = {
  descriptor: experimentResource,
  client: async (ctx) => (await ctx.katib()).experiments,
};

/** Adds `experiments` and its subcommands. */
export function addExperimentsCommand(program: Command, ctx: CliContext): void {
  const experiments = program.command("experiments").alias("experiment").description("Katib Experiments: hyperparameter tuning (kubeflow.org/v1beta1)");
  addListCommand(experiments, ctx, spec);
  addGetCommand(experiments, ctx, spec);
  addCreateCommand(experiments, ctx, spec);
  addDeleteCommand(experiments, ctx, spec);
  addWaitCommand(experiments, ctx);
  addOptimalCommand(experiments, ctx);
  addShowCommand(experiments, ctx);
  addBudgetCommand(experiments, ctx);
}

function addShowCommand(parent: Command, ctx: CliContext): void {
  parent
    .command("show")
    .description("the Experiment's state, best trial, a table of its trials and a chart of the objective; --html writes a page to share")
    .argument("<name>", "Experiment name")
    .option("--html <file>", "also write one self-contained HTML page with an interactive plot of every trial")
    .option("-o, --output <format>", "text (default) or json (the data shown)")
    .action(async (name: string, flags: { html?: string; output?: string }) => {
      if (flags.output !== undefined && flags.output !== "text" && flags.output !== "json") throw new UsageError(`-o must be text or json (got ${JSON.stringify(flags.output)})`);
      const katib = await ctx.katib();
      const [experiment, trials] = await Promise.all([katib.getExperiment(name, { signal: ctx.signal }), katib.listTrials({ experimentName: name, signal: ctx.signal })]);
      // Loaded here: only show renders these (the page's styles and script are most of their text).
      const [{ toExperimentView }, { renderExperimentText }, { renderExperimentHtml }] = await Promise.all([
        import("../experiment-show/experiment-view.ts"),
        import("../experiment-show/experiment-text.ts"),
        import("../experiment-show/experiment-html.ts"),
      ]);
      const view = toExperimentView(experiment, trials);
      ctx.out(flags.output === "json" ? `${JSON.stringify(view, null, 2)}\n` : renderExperimentText(view));
      if (flags.html !== undefined) {
        writeFileAtomically(flags.html, renderExperimentHtml(view));
        ctx.err(`wrote ${flags.html}\n`);
      }
    });
}

function addWaitCommand(parent: Command, ctx: CliContext): void {
  const command = parent.command("wait").description("wait until an Experiment reaches a condition, showing trials and the best objective").argument("<name>", "Experiment name");
  addWaitFlags(command, CONDITIONS, "Succeeded").action(async (name: string, flags: WaitFlags) => {
    const [condition, ...others] = parseWaitStates(flags.for, CONDITIONS);
    if (others.length > 0) throw new CliFailure("experiments wait takes one condition in --for");
    const format = flags.output === undefined ? undefined : parseOutputFormat(flags.output);
    const katib = await ctx.katib();
    const describe = (experiment: unknown): string => summarizeExperiment(experiment as V1beta1Experiment);
    try {
      const experiment = await withProgress(ctx, flags, describe, (report, timeoutMs) =>
        katib.waitForExperimentCondition(name, { condition, timeoutMs, signal: ctx.signal, onProgress: (e) => report(`experiment/${name} ${summarizeExperiment(e)}`) }),
      );
      ctx.out(format === undefined ? `${RESOURCE}/${name} condition met (${summarizeExperiment(experiment)})\n` : toOutputText([experiment], toPrintable(experimentResource, format), format, { single: true }));
    } catch (error) {
      if (error instanceof ExperimentFailedError) throw new CliFailure(error.message, `see its trials: kfts trials list --experiment ${name}`);
      throw error;
    }
  });
}

/** The best trial as a one-row table: trial, parameters, metrics. */
const optimalPrintable: Printable = {
  resourceOf: () => "trial.kubeflow.org",
  columns: [
    { header: "BEST TRIAL", cell: (o) => (o as V1beta1OptimalTrial).bestTrialName ?? "<none>" },
    { header: "PARAMETERS", cell: (o) => ((o as V1beta1OptimalTrial).parameterAssignments ?? []).map((p) => `${p.name}=${p.value}`).join(",") || "<none>" },
    { header: "METRICS", cell: (o) => ((o as V1beta1OptimalTrial).observation?.metrics ?? []).map((m) => `${m.name}=${m.latest ?? m.max ?? m.min}`).join(",") || "<none>" },
  ],
};

function addOptimalCommand(parent: Command, ctx: CliContext): void {
  const command = parent.command("optimal").description("show the best trial so far: its hyperparameters and metrics").argument("<name>", "Experiment name");
  addOutputFlag(command).action(async (name: string, flags: { output?: string }) => {
    const format = parseOutputFormat(flags.output);
    const optimal = await (await ctx.katib()).getOptimalHyperparameters(name, { signal: ctx.signal });
    if (optimal === null) {
      if (format === "json" || format === "yaml") ctx.out("null\n");
      ctx.err(`Experiment ${name} has no trial with metrics yet.\n`);
      return;
    }
    // -o name prints the trial: give it the metadata.name that output reads.
    const printed = format === "name" ? { ...optimal, metadata: { name: optimal.bestTrialName ?? "" } } : optimal;
    ctx.out(toOutputText([printed], optimalPrintable, format, { single: true }));
  });
}

const BUDGET_FIELDS = { maxTrialCount: "MAX TRIALS", parallelTrialCount: "PARALLEL TRIALS", maxFailedTrialCount: "MAX FAILED TRIALS" } as const;

function toCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a non-negative integer");
  return Number(value);
}

function addBudgetCommand(parent: Command, ctx: CliContext): void {
  const command = parent
    .command("budget")
    .description("show the trial budget, or change it with the flags")
    .argument("<name>", "Experiment name")
    .option("--max-trials <n>", "maxTrialCount", toCount)
    .option("--parallel-trials <n>", "parallelTrialCount", toCount)
    .option("--max-failed-trials <n>", "maxFailedTrialCount", toCount);
  addOutputFlag(command).action(async (name: string, flags: { maxTrials?: number; parallelTrials?: number; maxFailedTrials?: number; output?: string }) => {
    const format = parseOutputFormat(flags.output);
    const budget: ExperimentBudget = {};
    if (flags.maxTrials !== undefined) budget.maxTrialCount = flags.maxTrials;
    if (flags.parallelTrials !== undefined) budget.parallelTrialCount = flags.parallelTrials;
    if (flags.maxFailedTrials !== undefined) budget.maxFailedTrialCount = flags.maxFailedTrials;
    const katib = await ctx.katib();
    const changing = Object.keys(budget).length > 0;
    const experiment = changing ? await katib.editExperimentBudget(name, budget, { signal: ctx.signal }) : await katib.getExperiment(name, { signal: ctx.signal });
    const printable: Printable = {
      resourceOf: () => RESOURCE,
      columns: [{ header: "NAME", cell: () => name }, ...Object.entries(BUDGET_FIELDS).map(([field, header]) => ({ header, cell: (o: unknown) => String((o as V1beta1Experiment).spec?.[field as keyof ExperimentBudget] ?? "<none>") }))],
    };
    if (changing && format === "table") ctx.err(`${RESOURCE}/${name} budget updated\n`);
    ctx.out(toOutputText([experiment], printable, format, { single: true }));
  });
}
