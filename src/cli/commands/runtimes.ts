/** `kfts runtimes …`: TrainingRuntimes and ClusterTrainingRuntimes, the templates TrainJobs start from. */
import type { Command } from "commander";
import { clusterTrainingRuntimeResource, trainingRuntimeResource } from "../../../generated/trainer/v1alpha1/resources.ts";
import type { RuntimeSummary } from "../../trainer/runtime-summary.ts";
import type { CliContext } from "../cli-context.ts";
import { addOutputFlag, parseOutputFormat, toOutputText, toResourceName, type Printable } from "../output-format.ts";

/** Runtimes of both scopes as one table; json/yaml print the runtime objects themselves. */
const runtimePrintable: Printable = {
  resourceOf: (item) => toResourceName((item as { kind?: string }).kind === "ClusterTrainingRuntime" ? clusterTrainingRuntimeResource : trainingRuntimeResource),
  columns: [
    { header: "NAME", cell: (o) => (o as RuntimeSummary).name },
    { header: "SCOPE", cell: (o) => (o as RuntimeSummary).scope },
    { header: "FRAMEWORK", cell: (o) => (o as RuntimeSummary).framework ?? "<none>" },
    { header: "ML POLICY", cell: (o) => (o as RuntimeSummary).mlPolicy ?? "<none>" },
    { header: "NODES", cell: (o) => String((o as RuntimeSummary).numNodes ?? "<none>") },
  ],
};

/** The runtime objects for json/yaml/name, the summaries for tables. */
function print(runtimes: RuntimeSummary[], format: ReturnType<typeof parseOutputFormat>, single: boolean): string {
  const tabular = format === "table" || format === "wide";
  const items = tabular ? runtimes : runtimes.map((runtime) => ({ kind: runtime.scope === "Cluster" ? "ClusterTrainingRuntime" : "TrainingRuntime", ...runtime.object }));
  return toOutputText(items, runtimePrintable, format, { single });
}

/** Adds `runtimes` and its subcommands. */
export function addRuntimesCommand(program: Command, ctx: CliContext): void {
  const runtimes = program.command("runtimes").alias("runtime").description("Trainer runtimes: namespaced TrainingRuntimes and ClusterTrainingRuntimes (trainer.kubeflow.org/v1alpha1)");
  addOutputFlag(runtimes.command("list").description("list the runtimes usable in the namespace (namespaced ones win over cluster ones of the same name)")).action(async (flags: { output?: string }) => {
    const format = parseOutputFormat(flags.output);
    const found = await (await ctx.trainer()).listRuntimes({ signal: ctx.signal });
    if (found.length === 0 && (format === "table" || format === "wide")) {
      ctx.err("No runtimes found.\n");
      return;
    }
    ctx.out(print(found, format, false));
  });
  addOutputFlag(runtimes.command("get").description("show one runtime: the namespaced one, else the cluster one").argument("<name>", "runtime name")).action(async (name: string, flags: { output?: string }) => {
    const format = parseOutputFormat(flags.output);
    ctx.out(print([await (await ctx.trainer()).getRuntime(name, { signal: ctx.signal })], format, true));
  });
}
