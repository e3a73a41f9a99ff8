/**
 * Table columns from a CRD's additionalPrinterColumns (the generated descriptors' `printerColumns`), evaluated the
 * way `kubectl get` shows them: NAME first, NAMESPACE before it across namespaces, dates as ages.
 */
import type { PrinterColumn } from "../../generated/resource-descriptor.ts";
import { toAge } from "./human-duration.ts";
import { evaluateJsonPath, parseJsonPath, type JsonPathStep } from "./json-path.ts";

/** What a cell shows when the path selects nothing, as kubectl prints it. */
export const NONE = "<none>";

/** A column ready to evaluate. */
export interface TableColumn {
  header: string;
  /** Evaluates the cell of one object. */
  cell: (object: unknown, now: Date) => string;
}

/** Options of {@link toTableColumns}. */
export interface TableColumnOptions {
  /** Add NAMESPACE first (listing across namespaces). */
  withNamespace?: boolean;
  /** Include columns of priority > 0, as `-o wide` does. */
  wide?: boolean;
  /** Columns after the CRD's own (e.g. a TrainJob's runtime). */
  extra?: readonly PrinterColumn[];
}

/** NAME, the descriptor's printer columns and any extra ones, with NAMESPACE first when asked. Pure. */
export function toTableColumns(printerColumns: readonly PrinterColumn[], options: TableColumnOptions = {}): TableColumn[] {
  const own = [...printerColumns, ...(options.extra ?? [])].filter((column) => options.wide || (column.priority ?? 0) === 0);
  const columns: TableColumn[] = [];
  if (options.withNamespace) columns.push(toTableColumn({ name: "Namespace", type: "string", jsonPath: ".metadata.namespace" }));
  columns.push(toTableColumn({ name: "Name", type: "string", jsonPath: ".metadata.name" }));
  // Age reads best last, as kubectl shows it, whatever order the CRD lists it in.
  const isAge = (column: PrinterColumn): boolean => column.type === "date";
  columns.push(...own.filter((column) => !isAge(column)).map(toTableColumn), ...own.filter(isAge).map(toTableColumn));
  return columns;
}

/** One printer column as a header and a cell function. Pure. */
export function toTableColumn(column: PrinterColumn): TableColumn {
  const steps = parseJsonPath(column.jsonPath);
  return { header: column.name.toUpperCase(), cell: (object, now) => toCellText(object, steps, column.type, now) };
}

function toCellText(object: unknown, steps: readonly JsonPathStep[], type: string, now: Date): string {
  const values = evaluateJsonPath(object, steps).filter((value) => value !== null);
  if (values.length === 0) return NONE;
  return values.map((value) => formatValue(value, type, now)).join(",");
}

function formatValue(value: unknown, type: string, now: Date): string {
  if (type === "date" && typeof value === "string") return toAge(value, now);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
