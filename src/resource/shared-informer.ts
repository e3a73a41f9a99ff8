/**
 * One watched collection shared by every consumer on a connection, as client-go's SharedInformer: it lists, then
 * watches from the list's resourceVersion (watch.ts's loop: resume after a dropped connection, relist on 410 Gone),
 * keeps the objects in an ObjectCache and tells its listeners about each change. It runs while consumers hold a
 * reference: the last `release()` stops the watch and frees the cache.
 */
import { type KubeObject, objectKey } from "./kube-object.ts";
import { ObjectCache } from "./object-cache.ts";
import type { InformerEvent } from "./informer-event.ts";
import { watchCollection, type WatchOptions, type WatchSource } from "./watch.ts";

/** A consumer's callbacks. `event` runs synchronously as the change is applied to the cache. */
export interface InformerListener<T> {
  event(event: InformerEvent<T>): void;
  /** The informer failed for good (an error retrying cannot fix, such as 403): no more events come. */
  failed(error: unknown): void;
}

/** Where and how a shared informer watches. */
export interface SharedInformerSource<T> {
  /** How to list and watch the collection. */
  source: WatchSource<T>;
  /** The watch's selectors and timeouts. */
  watch: Pick<WatchOptions, "labelSelector" | "fieldSelector" | "timeoutSeconds" | "idleTimeoutMs" | "retryDelayMs">;
}

/** The shared state behind the consumers' handles; see the module comment. */
export class SharedInformer<T extends KubeObject> {
  readonly cache = new ObjectCache<T>();
  readonly #source: SharedInformerSource<T>;
  readonly #onEnd: () => void;
  readonly #all = new Set<InformerListener<T>>();
  readonly #byKey = new Map<string, Set<InformerListener<T>>>();
  readonly #abort = new AbortController();
  readonly #synced: Promise<void>;
  #resolveSynced!: () => void;
  #rejectSynced!: (error: unknown) => void;
  #hasSynced = false;
  #error: unknown;
  #references = 0;
  #started = false;

  /** `onEnd` runs once, when the informer stops (last release) or fails: its registry then forgets it. */
  constructor(source: SharedInformerSource<T>, onEnd: () => void) {
    this.#source = source;
    this.#onEnd = onEnd;
    this.#synced = new Promise<void>((resolve, reject) => {
      this.#resolveSynced = resolve;
      this.#rejectSynced = reject;
    });
    this.#synced.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  }

  /** Whether the first list has been applied to the cache. */
  get hasSynced(): boolean {
    return this.#hasSynced;
  }

  /** Whether the informer has stopped (released by everyone) or failed. */
  get ended(): boolean {
    return this.#abort.signal.aborted;
  }

  /** The error the informer failed with, if it did. */
  get error(): unknown {
    return this.#error;
  }

  /** Resolves after the first list; rejects when the informer fails or stops first. */
  synced(): Promise<void> {
    return this.#synced;
  }

  /** Takes a reference, starting the watch on the first one. */
  acquire(): void {
    this.#references += 1;
    if (this.#started) return;
    this.#started = true;
    void this.#run();
  }

  /** Gives a reference back; the last one stops the watch and frees the cache. */
  release(): void {
    if (this.#references === 0) return;
    this.#references -= 1;
    if (this.#references === 0) this.#end(undefined);
  }

  /** Stops the watch and frees the cache whatever references remain (the connection closes): consumers get `reason`. */
  stop(reason: Error): void {
    this.#end(reason);
  }

  /** How many references are held. */
  get references(): number {
    return this.#references;
  }

  /** Adds a listener for every object, or only for the object under `key`; returns its removal. */
  subscribe(listener: InformerListener<T>, key?: string): () => void {
    if (key === undefined) {
      this.#all.add(listener);
      return () => void this.#all.delete(listener);
    }
    let set = this.#byKey.get(key);
    if (set === undefined) this.#byKey.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#byKey.get(key) === set) this.#byKey.delete(key);
    };
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    try {
      const onListed = (): void => {
        if (this.#hasSynced) return;
        this.#hasSynced = true;
        this.#resolveSynced();
      };
      for await (const event of watchCollection(this.#source.source, { ...this.#source.watch, signal, onListed })) {
        if (event.type !== "BOOKMARK") this.#apply(event.type, event.object);
      }
    } catch (error) {
      if (!signal.aborted) this.#end(error);
    }
  }

  #apply(type: "ADDED" | "MODIFIED" | "DELETED", object: T): void {
    let event: InformerEvent<T>;
    if (type === "DELETED") {
      this.cache.remove(object);
      event = { type, object };
    } else {
      const previous = this.cache.put(object);
      event = previous === undefined ? { type: "ADDED", object } : { type: "MODIFIED", object, oldObject: previous };
    }
    const keyed = this.#byKey.get(objectKey(object));
    if (keyed !== undefined) for (const listener of [...keyed]) deliver(listener, event);
    if (this.#all.size > 0) for (const listener of [...this.#all]) deliver(listener, event);
  }

  /** Stops the watch, frees the cache and tells the listeners why, if it failed. */
  #end(error: unknown): void {
    if (this.#abort.signal.aborted) return;
    this.#error = error;
    this.#abort.abort();
    this.cache.clear();
    const listeners = [...this.#all, ...[...this.#byKey.values()].flatMap((set) => [...set])];
    this.#all.clear();
    this.#byKey.clear();
    this.#rejectSynced(error ?? new Error("the informer was stopped before its first list"));
    this.#onEnd();
    if (error !== undefined) for (const listener of listeners) listener.failed(error);
  }
}

/**
 * One listener's call, kept from breaking the loop the other consumers share: the handles catch their users' errors
 * themselves, so an error here is a bug, rethrown outside the loop where it is reported as uncaught.
 */
function deliver<T>(listener: InformerListener<T>, event: InformerEvent<T>): void {
  try {
    listener.event(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
