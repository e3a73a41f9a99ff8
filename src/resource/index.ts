/** The generic resource layer: one typed client per kind, driven by generated descriptors. */
export { ResourceClient, type CallOptions, type DeleteOptions, type ListOptions, type ListPage, type PatchOptions, type PatchType, type WriteOptions } from "./resource-client.ts";
export type { KubeObject } from "./kube-object.ts";
export type { ResourceTransport, ResourceRequest, ResourceStreamRequest, QueryParams } from "./resource-transport.ts";
export { watchCollection, type WatchOptions, type ListSnapshot } from "./watch.ts";
export { parseWatchLine, WatchDecodeError, type WatchEvent, type WatchEventType } from "./watch-event.ts";
