/**
 * `kfts schema [NAME…] [--out DIR]`: the JSON Schemas of the Katib and Trainer kinds, for editors
 * (yaml-language-server's `# yaml-language-server: $schema=…`) and tools (kubeconform's `-schema-location`). One file
 * per kind and version, named as kubeconform's catalogs name them (`experiment_v1beta1.json`); strict on unknown
 * fields, with the upstream descriptions and the allowed values as enums.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import type { Command } from "commander";
import { CliFailure, UsageError } from "../cli-errors.ts";
import type { CliContext } from "../cli-context.ts";
import { writeFileAtomically } from "../write-file-atomically.ts";

// Generated with the models (codegen/validators/editor-schemas.ts). The package ships it brotli-compressed (about
// 1.1 MB of upstream descriptions, 50 KB compressed); a source checkout has it plain.
const BUNDLE = new URL("../../../generated/json-schemas.json", import.meta.url);

/** Every schema, by file name. */
export function loadSchemas(): Record<string, unknown> {
  const compressed = new URL(`${BUNDLE.href}.br`);
  try {
    const text = existsSync(compressed) ? brotliDecompressSync(readFileSync(compressed)).toString("utf8") : readFileSync(BUNDLE, "utf8");
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new CliFailure(`the JSON Schemas are missing from this installation (${(cause as Error).message.split("\n")[0]})`, "reinstall kubeflow-ts, or run npm run generate in a checkout");
  }
}

/** The file name a NAME argument means: `experiment_v1beta1`, `experiment_v1beta1.json`, or a kind (`Experiment`). */
function resolveName(name: string, available: readonly string[]): string {
  const lower = name.toLowerCase();
  const found = available.filter((file) => file === lower || file === `${lower}.json` || file.startsWith(`${lower}_`));
  if (found.length === 1) return found[0] as string;
  throw new UsageError(found.length === 0 ? `no schema named ${name}` : `${name} names several schemas: ${found.join(", ")}`, `one of: ${available.join(", ")}`);
}

/** Adds schema. */
export function addSchemaCommand(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .description("write the JSON Schemas of the Katib and Trainer kinds, for editors (yaml-language-server) and kubeconform")
    .argument("[names...]", "schemas to write or print: experiment_v1beta1, trainjob_v1alpha1, … or a kind (default: all, with --out)")
    .option("--out <dir>", "directory to write them into (created if missing)")
    .addHelpText("after", "\nWithout --out, prints the one schema NAME names.\nEditors: put `# yaml-language-server: $schema=DIR/experiment_v1beta1.json` at the top of a manifest.\nkubeconform: -schema-location 'DIR/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'")
    .action((names: string[], flags: { out?: string }) => {
      const schemas = loadSchemas();
      const available = Object.keys(schemas).sort();
      const chosen = names.length === 0 ? available : names.map((name) => resolveName(name, available));
      if (flags.out === undefined) {
        if (chosen.length !== 1) throw new UsageError("name one schema to print, or give --out DIR to write them", `schemas: ${available.join(", ")}`);
        ctx.out(`${JSON.stringify(schemas[chosen[0] as string], null, 2)}\n`);
        return;
      }
      mkdirSync(flags.out, { recursive: true });
      for (const file of chosen) {
        const path = join(flags.out, file);
        writeFileAtomically(path, `${JSON.stringify(schemas[file], null, 2)}\n`);
        ctx.out(`${path}\n`);
      }
    });
}
