/**
 * Watch events as the apiserver sends them, one JSON object per line, and their parsing. A line that is not a
 * watch event is an error naming what arrived (truncated), never a crash deep in the caller.
 */

/** The event types of a watch. `BOOKMARK` carries only a resourceVersion. */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

/** A typed watch event. */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

/** A `metav1.Status` as sent in an ERROR event. */
export interface WatchErrorStatus {
  code?: number;
  reason?: string;
  message?: string;
}

/** A parsed line: an event, or the ERROR status that ends a watch. */
export type WatchLine<T> = { kind: "event"; event: WatchEvent<T> } | { kind: "error"; status: WatchErrorStatus };

const MAX_LINE_IN_MESSAGE = 200;
const EVENT_TYPES = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);

/** Thrown for a line that is not a watch event. */
export class WatchDecodeError extends Error {
  readonly code = "ERR_KUBE_WATCH_DECODE";
}

/** Parses one line of a watch stream. */
export function parseWatchLine<T>(line: string): WatchLine<T> {
  let value: { type?: unknown; object?: unknown };
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    throw new WatchDecodeError(`watch: a line is not JSON: ${line.slice(0, MAX_LINE_IN_MESSAGE)}`);
  }
  if (value === null || typeof value !== "object" || typeof value.object !== "object" || value.object === null) {
    throw new WatchDecodeError(`watch: a line is not a watch event: ${line.slice(0, MAX_LINE_IN_MESSAGE)}`);
  }
  if (value.type === "ERROR") return { kind: "error", status: value.object as WatchErrorStatus };
  if (typeof value.type !== "string" || !EVENT_TYPES.has(value.type)) {
    throw new WatchDecodeError(`watch: unknown event type ${JSON.stringify(value.type).slice(0, 40)}`);
  }
  return { kind: "event", event: { type: value.type as WatchEventType, object: value.object as T } };
}
