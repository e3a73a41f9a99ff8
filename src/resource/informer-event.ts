/**
 * What an informer tells its consumers, and the bounded queue of an `events()` iterator: a reader that falls behind
 * holds at most one pending event per object (the events of one object are merged, as client-go's work queues
 * de-duplicate keys), so its memory is bounded by the collection's size, not by how fast the objects change.
 */
import { objectKey } from "./kube-object.ts";
import type { KubeObject } from "./kube-object.ts";

/** A change of the cached collection. `MODIFIED` carries the state it replaces. */
export type InformerEvent<T> = { type: "ADDED"; object: T } | { type: "MODIFIED"; object: T; oldObject: T } | { type: "DELETED"; object: T };

/**
 * The one event that says what `pending` then `next` say together, for a reader who has seen neither; undefined when
 * they cancel out (an object added and deleted before it was read). A delete then re-create reads as MODIFIED.
 */
export function mergeEvents<T>(pending: InformerEvent<T>, next: InformerEvent<T>): InformerEvent<T> | undefined {
  if (next.type === "DELETED") return pending.type === "ADDED" ? undefined : { type: "DELETED", object: next.object };
  if (pending.type === "ADDED") return { type: "ADDED", object: next.object };
  const before = pending.type === "MODIFIED" ? pending.oldObject : pending.object;
  return { type: "MODIFIED", object: next.object, oldObject: before };
}

/** Pending events, at most one per object, in the order their objects first changed. */
export class CoalescingQueue<T extends KubeObject> {
  readonly #pending = new Map<string, InformerEvent<T>>();

  /** Adds an event, merged with the object's pending one. */
  push(event: InformerEvent<T>): void {
    const key = objectKey(event.object);
    const pending = this.#pending.get(key);
    if (pending === undefined) {
      this.#pending.set(key, event);
      return;
    }
    const merged = mergeEvents(pending, event);
    if (merged === undefined) this.#pending.delete(key);
    else this.#pending.set(key, merged); // an existing key keeps its place
  }

  /** The oldest pending event, removed; undefined when none is pending. */
  shift(): InformerEvent<T> | undefined {
    const first = this.#pending.entries().next();
    if (first.done) return undefined;
    this.#pending.delete(first.value[0]);
    return first.value[1];
  }

  /** How many events are pending (at most one per object). */
  get size(): number {
    return this.#pending.size;
  }
}
