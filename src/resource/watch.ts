/**
 * A watch that keeps going, like client-go's reflector: it resumes from the last resourceVersion after a dropped
 * connection or a server-side timeout, relists when the resourceVersion is too old (410 Gone) and emits the
 * differences as events, and drops events it has already delivered. It ends only when the signal aborts or an
 * error that retrying cannot fix (401, 403, 404, …) occurs.
 */
import { type KubeObject, objectKey } from "./kube-object.ts";
import type { ResourceTransport } from "./resource-transport.ts";
import type { QueryParams } from "../transport/request-url.ts";
import { abortableSleep } from "../transport/abortable-sleep.ts";
import { toApiError } from "../transport/to-api-error.ts";
import { parseWatchLine, type WatchErrorStatus, type WatchEvent } from "./watch-event.ts";

/** Options of a watch. */
export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this resourceVersion; without it the watch lists first and emits the current objects as ADDED. */
  resourceVersion?: string;
  /** Deliver BOOKMARK events (they are always requested, to resume cheaply). */
  bookmarks?: boolean;
  /** Server-side timeout of one watch connection; the watch then reconnects. */
  timeoutSeconds?: number;
  /** Client-side idle timeout of one connection (no line, not even a bookmark, for this long). */
  idleTimeoutMs?: number;
  /** Backoff between reconnection attempts after errors. */
  retryDelayMs?: { base: number; max: number };
  /**
   * Called after each full list (the first one, and the relist after 410 Gone) has been delivered as events: the
   * consumer then holds the whole collection as of that list (an informer's sync).
   */
  onListed?: (resourceVersion: string) => void;
  signal?: AbortSignal;
}

/** A page-complete list: the objects and the resourceVersion to watch from. */
export interface ListSnapshot<T> {
  items: T[];
  resourceVersion: string;
}

/** What the watch loop needs: where to watch, and how to list everything (for the start and after 410 Gone). */
export interface WatchSource<T> {
  /** The transport the watch streams over. */
  transport: ResourceTransport;
  /** The collection path; resolved when the watch starts (the connection may load its configuration first). */
  path: () => string | Promise<string>;
  /** Lists the whole collection (every page), at the start and after 410 Gone. */
  list: (options: { labelSelector?: string; fieldSelector?: string; signal?: AbortSignal }) => Promise<ListSnapshot<T>>;
}

class Gone extends Error {}

function isRetryable(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (typeof status === "number") return status === 429 || status >= 500;
  const code = (error as { code?: string }).code ?? "";
  return /CONNECTION|TIMEOUT|SOCKET|RESET|ECONN|UND_ERR/.test(code) || error instanceof TypeError;
}

function isGone(error: unknown): boolean {
  return error instanceof Gone || (error as { status?: number }).status === 410;
}

/** Events that turn the `known` state into the listed one. */
function diffSnapshot<T extends KubeObject>(known: Map<string, string>, items: T[], deleted: Map<string, T>): WatchEvent<T>[] {
  const events: WatchEvent<T>[] = [];
  const listed = new Set<string>();
  for (const item of items) {
    const key = objectKey(item);
    listed.add(key);
    const previous = known.get(key);
    if (previous === undefined) events.push({ type: "ADDED", object: item });
    else if (previous !== item.metadata?.resourceVersion) events.push({ type: "MODIFIED", object: item });
  }
  for (const key of known.keys()) {
    if (!listed.has(key)) events.push({ type: "DELETED", object: deleted.get(key) as T });
  }
  return events;
}

/** Watches a collection; see the module comment for the guarantees. */
export async function* watchCollection<T extends KubeObject>(source: WatchSource<T>, options: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
  const { signal, labelSelector, fieldSelector } = options;
  const selectors = { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
  const known = new Map<string, string>();
  const lastSeen = new Map<string, T>();
  const delay = options.retryDelayMs ?? { base: 200, max: 10_000 };
  let resourceVersion = options.resourceVersion;
  let failures = 0;

  const relist = async function* (): AsyncGenerator<WatchEvent<T>> {
    const snapshot = await source.list({ ...selectors, ...(signal ? { signal } : {}) });
    for (const event of diffSnapshot(known, snapshot.items, lastSeen)) yield* remember(event);
    resourceVersion = snapshot.resourceVersion;
    options.onListed?.(snapshot.resourceVersion);
  };
  const remember = function* (event: WatchEvent<T>): Generator<WatchEvent<T>> {
    const key = objectKey(event.object);
    const version = event.object.metadata?.resourceVersion;
    if (event.type === "BOOKMARK") {
      resourceVersion = version ?? resourceVersion;
      if (options.bookmarks) yield event;
      return;
    }
    if (event.type !== "DELETED" && known.get(key) === version) return; // already delivered before a reconnect
    if (event.type === "DELETED") {
      if (!known.has(key)) return;
      known.delete(key);
      lastSeen.delete(key);
    } else {
      known.set(key, version ?? "");
      lastSeen.set(key, event.object);
    }
    if (version) resourceVersion = version;
    yield event;
  };

  const path = await source.path();
  if (resourceVersion === undefined) yield* relist();
  while (!signal?.aborted) {
    try {
      const query: QueryParams = { watch: true, allowWatchBookmarks: true, resourceVersion, timeoutSeconds: options.timeoutSeconds, ...selectors };
      const lines = await source.transport.stream({ path, query, ...(signal ? { signal } : {}), ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}) });
      for await (const line of lines) {
        if (line.trim() === "") continue;
        const parsed = parseWatchLine<T>(line);
        if (parsed.kind === "error") throw toWatchError(parsed.status, path, source.transport);
        failures = 0;
        yield* remember(parsed.event);
      }
    } catch (error) {
      if (signal?.aborted) return;
      if (isGone(error)) {
        yield* relist();
        continue;
      }
      if (!isRetryable(error)) throw error;
      failures += 1;
      const backoff = Math.min(delay.max, delay.base * 2 ** Math.min(failures - 1, 10));
      await abortableSleep(backoff / 2 + Math.random() * (backoff / 2), signal).catch(() => undefined);
    }
  }
}

/**
 * The error of an ERROR event: the same typed KubernetesApiError (ForbiddenError, ServerError, …) a failed request
 * gives, with its hint and its message scrubbed of credentials, rather than a bare Error that skipped both. A status
 * without a numeric code gets 0, which the loop does not retry (as before).
 */
function toWatchError(status: WatchErrorStatus, path: string, transport: ResourceTransport): Error {
  if (status.code === 410) return new Gone(status.message ?? "resourceVersion too old");
  const code = typeof status.code === "number" && Number.isInteger(status.code) ? status.code : 0;
  // The transport knows the tokens it sent (toApiError alone only recognises credential patterns).
  const message = typeof status.message === "string" && transport.redact !== undefined ? transport.redact(status.message) : status.message;
  return toApiError(code, { ...status, message }, undefined, { method: "GET", url: path });
}
