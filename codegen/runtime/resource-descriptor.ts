/**
 * The descriptor interface that every generated group's resources.ts instantiates, and the helpers that read a
 * descriptor's object and list types. Codegen copies this file, from the line after this comment, to
 * generated/resource-descriptor.ts (codegen/runtime-files.ts), where src/ imports it from; hence no imports here.
 */

/** A column `kubectl get` prints for a resource (a CRD's additionalPrinterColumns). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly format?: string;
  readonly priority?: number;
}

/** Where and how the apiserver serves one kind. `TObject`/`TList` tie it to its generated types. */
export interface ResourceDescriptor<TObject = unknown, TList = unknown> {
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly subresources: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
  /** Type-level only: never set at run time. */
  readonly "~types"?: { readonly object: TObject; readonly list: TList };
}

/** The object type of a descriptor. */
export type ObjectOf<D> = D extends ResourceDescriptor<infer T, unknown> ? T : never;

/** The list type of a descriptor. */
export type ListOf<D> = D extends ResourceDescriptor<unknown, infer L> ? L : never;
