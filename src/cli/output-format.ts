/**
 * `-o table|wide|json|yaml|name`: one function turns objects into the text a command prints, so every command
 * formats the same way.
 */
import type { Command } from "commander";
import { dump } from "js-yaml";
import type { ResourceDescriptor } from "../../generated/resource-descriptor.ts";
import { UsageError } from "./cli-errors.ts";
import { renderTable } from "./table.ts";
import { toTableColumns, type TableColumn, type TableColumnOptions } from "./printer-columns.ts";

/** The output formats. `wide` is a table with the priority > 0 columns too. */
export const OUTPUT_FORMATS = ["table", "wide", "json", "yaml", "name"] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How to print one kind of thing. */
export interface Printable {
  /** The `-o name` prefix of an item, e.g. `experiment.kubeflow.org`. */
  resourceOf: (item: unknown) => string;
  columns: TableColumn[];
}

/** Adds `-o, --output` to a command. */
export function addOutputFlag(command: Command, defaultFormat: OutputFormat = "table"): Command {
  return command.option("-o, --output <format>", `output format: ${OUTPUT_FORMATS.join("|")}`, defaultFormat);
}

/** The format named by `-o`; throws a UsageError listing the valid ones. Pure. */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  const format = value ?? "table";
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new UsageError(`unknown output format "${format}"`, `use -o ${OUTPUT_FORMATS.join("|")}`);
}

/** `kind.group`, the way kubectl names a resource type (`experiment.kubeflow.org`). Pure. */
export function toResourceName(descriptor: Pick<ResourceDescriptor, "singular" | "group">): string {
  return descriptor.group === "" ? descriptor.singular : `${descriptor.singular}.${descriptor.group}`;
}

/** A Printable for a kind with printer columns (NAMESPACE first across namespaces, more columns for `wide`). */
export function toPrintable(descriptor: ResourceDescriptor, format: OutputFormat, options: TableColumnOptions = {}): Printable {
  const resource = toResourceName(descriptor);
  return { resourceOf: () => resource, columns: toTableColumns(descriptor.printerColumns, { ...options, wide: format === "wide" }) };
}

/** Options of {@link toOutputText}. */
export interface OutputTextOptions {
  /** Print one object (`get`) rather than a List. */
  single?: boolean;
  /** Reference time of ages; tests fix it. */
  now?: Date;
}

/** The text for `items` in `format`. A list is printed as a `v1` List in json and yaml, as kubectl does. Pure. */
export function toOutputText(items: readonly unknown[], printable: Printable, format: OutputFormat, options: OutputTextOptions = {}): string {
  const document = options.single && items.length === 1 ? items[0] : { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items };
  switch (format) {
    case "json":
      return `${JSON.stringify(document, null, 2)}\n`;
    case "yaml":
      // Strings YAML 1.1 would read as something else (`yes`, `on`, `0755`) come out quoted, so kubectl reads back
      // what was printed; `noRefs` because an object printed twice is printed twice, as kubectl does; `skipInvalid`
      // leaves out undefined fields, as the json output does.
      return dump(document, { noRefs: true, lineWidth: -1, skipInvalid: true });
    case "name":
      return items.map((item) => `${printable.resourceOf(item)}/${nameOf(item)}\n`).join("");
    case "table":
    case "wide": {
      const now = options.now ?? new Date();
      return renderTable(printable.columns.map((column) => column.header), items.map((item) => printable.columns.map((column) => column.cell(item, now))));
    }
  }
}

/** `metadata.name` of an object, or an empty string. */
export function nameOf(item: unknown): string {
  const name = (item as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === "string" ? name : "";
}
