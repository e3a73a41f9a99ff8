/**
 * REST paths of a resource, as the apiserver serves custom resources:
 * `/apis/<group>/<version>[/namespaces/<namespace>]/<plural>[/<name>[/<subresource>]]`.
 */
import type { ResourceDescriptor } from "../../generated/resource-descriptor.ts";

/** Where a call applies: a namespace for namespaced kinds (or all namespaces for lists and watches). */
export interface Scope {
  namespace?: string | undefined;
  allNamespaces?: boolean | undefined;
}

/** The collection path of a resource in a scope. */
export function collectionPath(descriptor: ResourceDescriptor, namespace: string | undefined): string {
  // The core group ("") is served under /api, every other group under /apis.
  const base = descriptor.group === "" ? `/api/${descriptor.version}` : `/apis/${descriptor.group}/${descriptor.version}`;
  if (!descriptor.namespaced || namespace === undefined) return `${base}/${descriptor.plural}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${descriptor.plural}`;
}

/** The path of one object, or of one of its subresources. */
export function itemPath(descriptor: ResourceDescriptor, namespace: string | undefined, name: string, subresource?: string): string {
  if (!name) throw new TypeError(`${descriptor.kind}: a name is required`);
  return `${collectionPath(descriptor, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ""}`;
}
