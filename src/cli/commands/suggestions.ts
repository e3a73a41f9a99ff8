/** `kfts suggestions …`: Katib Suggestions (kubeflow.org/v1beta1), the search algorithm's state per Experiment. */
import type { Command } from "commander";
import { suggestionResource } from "../../../generated/katib/v1beta1/resources.ts";
import type { V1beta1Suggestion } from "../../../generated/katib/v1beta1/types.ts";
import type { CliContext } from "../cli-context.ts";
import { addGetCommand, addListCommand, type ResourceCommandSpec } from "../resource-commands.ts";

const spec: ResourceCommandSpec<V1beta1Suggestion> = {
  descriptor: suggestionResource,
  client: async (ctx) => (await ctx.katib()).suggestions,
};

/** Adds `suggestions` and its subcommands. */
export function addSuggestionsCommand(program: Command, ctx: CliContext): void {
  const suggestions = program.command("suggestions").alias("suggestion").description("Katib Suggestions: the search algorithm's requests and assignments (kubeflow.org/v1beta1)");
  addListCommand(suggestions, ctx, spec);
  addGetCommand(suggestions, ctx, spec);
}
