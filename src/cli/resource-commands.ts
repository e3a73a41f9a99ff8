/**
 * The kubectl-like verbs every kind shares (list, get, delete, create -f), built once from a descriptor and a
 * ResourceClient, so each product's command file only adds what is special about it.
 */
import type { Command } from "commander";
import type { PrinterColumn, ResourceDescriptor } from "../../generated/resource-descriptor.ts";
import type { KubeObject } from "../resource/kube-object.ts";
import type { ResourceClient } from "../resource/resource-client.ts";
import { isNotFound } from "../transport/error-predicates.ts";
import { CliFailure, UsageError } from "./cli-errors.ts";
import type { CliContext } from "./cli-context.ts";
import type { Manifest } from "./manifest-input.ts";
import type { FieldValidation } from "../validate/types.ts";
import { addOutputFlag, parseOutputFormat, toOutputText, toPrintable, toResourceName } from "./output-format.ts";

/** What the shared verbs need to know about a kind. */
export interface ResourceCommandSpec<T extends KubeObject> {
  descriptor: ResourceDescriptor<T>;
  client: (ctx: CliContext) => Promise<ResourceClient<T>>;
  /** Columns shown after the CRD's printer columns. */
  extraColumns?: readonly PrinterColumn[];
}

interface ListFlags {
  output?: string;
  allNamespaces?: boolean;
  selector?: string;
}

/** `list [-A] [-l selector] [-o format]`; `selector` adds a label selector from extra flags (e.g. --experiment). */
export function addListCommand<T extends KubeObject>(parent: Command, ctx: CliContext, spec: ResourceCommandSpec<T>, selector?: (flags: Record<string, unknown>) => string | undefined): Command {
  const command = addOutputFlag(parent.command("list").description(`list ${spec.descriptor.kind}s`))
    .option("-A, --all-namespaces", "list across every namespace")
    .option("-l, --selector <selector>", "label selector, e.g. app=mnist");
  return command.action(async (flags: ListFlags & Record<string, unknown>) => {
    const format = parseOutputFormat(flags.output);
    const labelSelector = [flags.selector, selector?.(flags)].filter(Boolean).join(",") || undefined;
    const client = await spec.client(ctx);
    const allNamespaces = flags.allNamespaces === true;
    const { items } = await client.list({ allNamespaces, signal: ctx.signal, ...(labelSelector ? { labelSelector } : {}) });
    if (items.length === 0 && (format === "table" || format === "wide")) {
      const where = allNamespaces ? "" : ` in ${await (await ctx.connection()).defaultNamespace()} namespace`;
      ctx.err(`No resources found${where}.\n`);
      return;
    }
    const printable = toPrintable(spec.descriptor, format, { withNamespace: allNamespaces, extra: spec.extraColumns ?? [] });
    ctx.out(toOutputText(items, printable, format));
  });
}

/** `get NAME [-o format]`. */
export function addGetCommand<T extends KubeObject>(parent: Command, ctx: CliContext, spec: ResourceCommandSpec<T>): Command {
  return addOutputFlag(parent.command("get").description(`show one ${spec.descriptor.kind}`).argument("<name>", `${spec.descriptor.kind} name`)).action(async (name: string, flags: ListFlags) => {
    const format = parseOutputFormat(flags.output);
    const object = await (await spec.client(ctx)).get(name, { signal: ctx.signal });
    ctx.out(toOutputText([object], toPrintable(spec.descriptor, format, { extra: spec.extraColumns ?? [] }), format, { single: true }));
  });
}

/** `delete NAME… [--ignore-not-found]`. */
export function addDeleteCommand<T extends KubeObject>(parent: Command, ctx: CliContext, spec: ResourceCommandSpec<T>): Command {
  return parent
    .command("delete")
    .description(`delete ${spec.descriptor.kind}s`)
    .argument("<names...>", `${spec.descriptor.kind} names`)
    .option("--ignore-not-found", "succeed when it does not exist")
    .action(async (names: string[], flags: { ignoreNotFound?: boolean }) => {
      const client = await spec.client(ctx);
      for (const name of names) {
        try {
          await client.delete(name, { signal: ctx.signal });
          ctx.out(`${toResourceName(spec.descriptor)} "${name}" deleted\n`);
        } catch (error) {
          if (!(flags.ignoreNotFound && isNotFound(error))) throw error;
        }
      }
    });
}

interface CreateFlags {
  filename: string;
  validate: string;
  dryRun?: boolean;
  output?: string;
}

/** kubectl's --validate values: offline validation's treatment of unknown fields, and the server's fieldValidation. */
const VALIDATE_MODES: Record<string, { offline: FieldValidation; server: "Strict" | "Warn" | "Ignore" } | undefined> = {
  true: { offline: "strict", server: "Strict" },
  strict: { offline: "strict", server: "Strict" },
  warn: { offline: "warn", server: "Warn" },
  ignore: { offline: "ignore", server: "Ignore" },
  false: undefined,
};

function parseValidateMode(value: string): (typeof VALIDATE_MODES)[string] {
  if (!Object.hasOwn(VALIDATE_MODES, value)) throw new UsageError(`invalid --validate value "${value}"`, "use --validate=true|false|strict|warn|ignore");
  return VALIDATE_MODES[value];
}

/** `create -f FILE|- [--validate=…] [--dry-run] [-o format]`: validated offline first, then created in order. */
export function addCreateCommand<T extends KubeObject>(parent: Command, ctx: CliContext, spec: ResourceCommandSpec<T>): Command {
  const command = parent
    .command("create")
    .description(`create ${spec.descriptor.kind}s from a manifest (YAML or JSON, several documents allowed)`)
    .requiredOption("-f, --filename <file>", "manifest file, or - for stdin")
    .option("--validate <mode>", "validate offline before sending: true|false|strict|warn|ignore (unknown fields)", "true")
    .option("--dry-run", "let the server validate and default without persisting");
  return command.option("-o, --output <format>", "print the created objects: json|yaml|name (default: a line each)").action(async (flags: CreateFlags) => {
    const mode = parseValidateMode(flags.validate);
    const format = flags.output === undefined ? undefined : parseOutputFormat(flags.output);
    // Loaded here: only create reads manifests, and the validators are not small.
    const { readManifestFile, validateManifestFile } = await import("./manifest-input.ts");
    const report = (line: string): void => ctx.err(`${line}\n`);
    const manifestFile = await readManifestFile(flags.filename, ctx.io, report);
    const manifests = manifestFile.manifests.map((manifest) => checkNamespace(checkKind(manifest, spec.descriptor, manifestFile.file), ctx.namespaceFlag(), manifestFile.file));
    if (mode) await validateManifestFile(manifestFile, mode.offline, report);
    const client = await spec.client(ctx);
    const created: T[] = [];
    for (const manifest of manifests) {
      const object = await client.create(manifest.object as T, { signal: ctx.signal, dryRun: flags.dryRun === true, ...(mode ? { fieldValidation: mode.server } : {}) });
      created.push(object);
      if (format === undefined) ctx.out(`${toResourceName(spec.descriptor)}/${object.metadata?.name ?? ""} created${flags.dryRun ? " (server dry run)" : ""}\n`);
    }
    if (format !== undefined) ctx.out(toOutputText(created, toPrintable(spec.descriptor, format), format, { single: created.length === 1 }));
  });
}

/** The manifest, when it is of the command's kind (an absent kind is taken as it); else a CliFailure naming the right command. */
function checkKind(manifest: Manifest, descriptor: ResourceDescriptor, file: string): Manifest {
  const { kind, apiVersion } = manifest.object;
  if ((kind === undefined || kind === descriptor.kind) && (apiVersion === undefined || apiVersion === descriptor.apiVersion)) return manifest;
  const what = `${String(apiVersion ?? "?")} ${String(kind ?? "?")}`;
  throw new CliFailure(`${file}: document ${manifest.document} is a ${what}, not a ${descriptor.apiVersion} ${descriptor.kind}`, kindHint(kind));
}

/** The manifest, unless its namespace contradicts -n (as kubectl refuses it); without -n its own namespace is used. */
function checkNamespace(manifest: Manifest, flag: string | undefined, file: string): Manifest {
  const namespace = (manifest.object.metadata as { namespace?: unknown } | undefined)?.namespace;
  if (flag === undefined || namespace === undefined || namespace === flag) return manifest;
  throw new CliFailure(`${file}: document ${manifest.document} is in namespace ${String(namespace)}, but -n says ${flag}`, "drop -n, or remove metadata.namespace from the manifest");
}

function kindHint(kind: unknown): string {
  const commands: Record<string, string> = { Experiment: "kfts experiments create -f", TrainJob: "kfts trainjobs create -f" };
  const command = typeof kind === "string" ? commands[kind] : undefined;
  return command ? `create it with: ${command} FILE` : "split the file, one kind per command";
}
