/**
 * `kfts generate | diff-api | fetch-sources`: the codegen entry points. Loaded on demand, so the other commands
 * never import the generator.
 */
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { addPassthroughCommand } from "./passthrough.ts";

type CodegenModule = typeof import("../../../codegen/main.ts");

const loadCodegen = (): Promise<CodegenModule> => import("../../../codegen/main.ts");

/** Adds generate, diff-api and fetch-sources. */
export function addCodegenCommands(program: Command, ctx: CliContext): void {
  const log = (line: string): void => ctx.out(`${line}\n`);
  const setExitCode = (code: number): void => {
    ctx.exitCode = code;
  };
  addPassthroughCommand(
    program,
    "generate",
    "generate typed models from the pinned API sources or from CRD files (needs openapi-typescript and typescript)",
    "--sources DIR [--out DIR] [--check] | --crd FILE [--crd FILE…] [--out DIR] | --from-cluster [--group G…] [--out DIR]",
    // --from-cluster reads the cluster the connection flags describe (the connection is opened only if it does).
    async (argv) => (await loadCodegen()).runGenerate(argv, log, ctx.connection()),
    setExitCode,
  );
  addPassthroughCommand(
    program,
    "diff-api",
    "report API changes between two releases' sources (breaking / compatible / review)",
    "OLD_DIR NEW_DIR [-o text|json] [--fail-on-breaking]",
    async (argv) => (await loadCodegen()).runDiffApi(argv, log),
    setExitCode,
  );
  addPassthroughCommand(
    program,
    "fetch-sources",
    "download the pinned API sources from upstream, verified by sha256",
    "--out DIR [--base-url URL]",
    async (argv) => (await loadCodegen()).runFetchSources(argv, log),
    setExitCode,
  );
}
