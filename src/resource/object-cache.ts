/**
 * An informer's cache: the objects of one watched collection as last reported, keyed by `namespace/name` (`name` for
 * cluster-scoped kinds), the key client-go's MetaNamespaceKeyFunc gives. Plain data, no I/O.
 */
import { type KubeObject, objectKey } from "./kube-object.ts";

/** The cache's key of an object named `name` in `namespace` (no namespace: a cluster-scoped object). */
export function cacheKey(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The objects of one collection, by key. */
export class ObjectCache<T extends KubeObject> {
  readonly #objects = new Map<string, T>();

  /** The object under `key`, if cached. */
  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  /** Every cached object, in the order they were first seen. */
  list(): T[] {
    return [...this.#objects.values()];
  }

  /** How many objects are cached. */
  get size(): number {
    return this.#objects.size;
  }

  /** Stores an added or modified object; returns the state it replaces. */
  put(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.#objects.get(key);
    this.#objects.set(key, object);
    return previous;
  }

  /** Removes a deleted object; returns the state it had. */
  remove(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.#objects.get(key);
    this.#objects.delete(key);
    return previous;
  }

  /** Drops every object (when the informer stops). */
  clear(): void {
    this.#objects.clear();
  }
}
