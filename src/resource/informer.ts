/**
 * A consumer's handle on a shared informer (`ResourceClient.informer()`): reads from the cache, event handlers, an
 * async iterator of changes, and `stop()`, which gives the consumer's reference back. Many handles share one watch;
 * each sees only its own handlers and iterators.
 */
import type { KubeObject } from "./kube-object.ts";
import { cacheKey } from "./object-cache.ts";
import { CoalescingQueue, type InformerEvent } from "./informer-event.ts";
import type { InformerListener, SharedInformer } from "./shared-informer.ts";

/** Which objects an informer watches: one namespace (the client's by default), every namespace, and selectors. */
export interface InformerOptions {
  /** The namespace to watch; defaults to the client's. Ignored for cluster-scoped kinds. */
  namespace?: string;
  /** Watch every namespace. */
  allNamespaces?: boolean;
  /** Only objects with these labels (`app=x,tier!=web`). */
  labelSelector?: string;
  /** Only objects whose fields match (`metadata.name=x`). */
  fieldSelector?: string;
}

/** The handlers `Informer.on` takes, by event name. */
export interface InformerHandlers<T> {
  /** An object appeared (and, for a handler added after the first list, each object already cached). */
  add: (object: T) => void;
  /** An object changed; `oldObject` is the state it had in the cache. */
  update: (object: T, oldObject: T) => void;
  /** An object was deleted (its last known state). */
  delete: (object: T) => void;
  /**
   * The informer failed for good (e.g. ForbiddenError, or its connection closed), or one of this handle's handlers
   * threw. Without an error handler a failure only ends the handle (`synced()` rejects, `events()` throws).
   */
  error: (error: unknown) => void;
}

/** Restricts a handler or an iterator to one object. */
export interface InformerObjectFilter {
  /** The object's name. */
  name: string;
  /** Defaults to the informer's namespace. */
  namespace?: string;
}

/**
 * A live, cached view of a collection, shared with every other consumer of the same kind, namespace and selectors on
 * the connection (one watch on the API server for all of them). Call `stop()` when done: the last consumer's stop
 * ends the watch and frees the cache.
 */
export interface Informer<T> {
  /** The namespace watched; undefined for every namespace or a cluster-scoped kind. */
  readonly namespace: string | undefined;
  /** Whether the first list is in the cache. */
  hasSynced(): boolean;
  /** Resolves once the first list is in the cache; rejects if the informer fails (or this handle stops) first. */
  synced(options?: { signal?: AbortSignal }): Promise<void>;
  /** The cached object, or undefined; `namespace` defaults to the informer's. */
  get(name: string, namespace?: string): T | undefined;
  /** Every cached object. */
  list(): T[];
  /**
   * Adds a handler; returns its removal. Handlers run synchronously as each change is applied, in the order of the
   * changes; one that throws goes to this handle's `error` handlers (or, with none, is rethrown as uncaught, as an
   * EventEmitter's `error` would be). With `filter`, only that object's changes reach the handler (found by key, so a
   * thousand such handlers cost one lookup per change), and before the handlers of every object.
   */
  on<E extends keyof InformerHandlers<T>>(event: E, handler: InformerHandlers<T>[E], filter?: InformerObjectFilter): () => void;
  /**
   * The changes as an async iterator: first an ADDED for each cached object, then every change. A reader that falls
   * behind gets one merged event per object (memory stays bounded by the collection). Ends when `signal` aborts or
   * the handle stops; throws the informer's error if it fails.
   */
  events(options?: { signal?: AbortSignal; filter?: InformerObjectFilter }): AsyncGenerator<InformerEvent<T>, void, undefined>;
  /** Gives this consumer's reference back (idempotent): its handlers and iterators end. */
  stop(): void;
}

/** The handle `ResourceClient.informer()` returns; see Informer. */
export class InformerHandle<T extends KubeObject> implements Informer<T> {
  readonly namespace: string | undefined;
  readonly #shared: SharedInformer<T>;
  readonly #removals = new Set<() => void>();
  readonly #errorHandlers = new Set<(error: unknown) => void>();
  readonly #stopping = new AbortController();
  #failureWatched = false;

  /** Takes a reference on `shared`. */
  constructor(shared: SharedInformer<T>, namespace: string | undefined) {
    this.#shared = shared;
    this.namespace = namespace;
    shared.acquire();
  }

  hasSynced(): boolean {
    return !this.#stopping.signal.aborted && this.#shared.hasSynced;
  }

  synced(options: { signal?: AbortSignal } = {}): Promise<void> {
    const signals = [this.#stopping.signal, ...(options.signal ? [options.signal] : [])];
    const aborted = signals.find((signal) => signal.aborted);
    if (aborted) return Promise.reject(aborted.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (event: Event): void => reject((event.target as AbortSignal).reason);
      for (const signal of signals) signal.addEventListener("abort", onAbort, { once: true });
      this.#shared.synced().then(resolve, reject).finally(() => {
        for (const signal of signals) signal.removeEventListener("abort", onAbort);
      });
    });
  }

  get(name: string, namespace: string | undefined = this.namespace): T | undefined {
    return this.#stopping.signal.aborted ? undefined : this.#shared.cache.get(cacheKey(name, namespace));
  }

  list(): T[] {
    return this.#stopping.signal.aborted ? [] : this.#shared.cache.list();
  }

  on<E extends keyof InformerHandlers<T>>(event: E, handler: InformerHandlers<T>[E], filter?: InformerObjectFilter): () => void {
    if (this.#stopping.signal.aborted) return () => undefined;
    if (event === "error") {
      const onError = handler as InformerHandlers<T>["error"];
      this.#errorHandlers.add(onError);
      return this.#track(() => this.#errorHandlers.delete(onError));
    }
    const call = (run: () => void): void => {
      try {
        run();
      } catch (error) {
        this.#report(error);
      }
    };
    const listener: InformerListener<T> = {
      event: (change) => {
        if (event === "add" && change.type === "ADDED") call(() => (handler as InformerHandlers<T>["add"])(change.object));
        else if (event === "update" && change.type === "MODIFIED") call(() => (handler as InformerHandlers<T>["update"])(change.object, change.oldObject));
        else if (event === "delete" && change.type === "DELETED") call(() => (handler as InformerHandlers<T>["delete"])(change.object));
      },
      failed: () => undefined, // reported once per handle, through its error handlers
    };
    const key = this.#keyOf(filter);
    if (event === "add") {
      const cached = key === undefined ? this.#shared.cache.list() : [this.#shared.cache.get(key)].filter((object) => object !== undefined);
      for (const object of cached) call(() => (handler as InformerHandlers<T>["add"])(object));
    }
    const removal = this.#track(this.#shared.subscribe(listener, key));
    const failedAlready = this.#shared.error;
    if (this.#shared.ended && failedAlready !== undefined) queueMicrotask(() => this.#report(failedAlready, false));
    return removal;
  }

  async *events(options: { signal?: AbortSignal; filter?: InformerObjectFilter } = {}): AsyncGenerator<InformerEvent<T>, void, undefined> {
    const { signal } = options;
    const queue = new CoalescingQueue<T>();
    let failure: unknown;
    let wake: (() => void) | undefined;
    const key = this.#keyOf(options.filter);
    const cached = key === undefined ? this.#shared.cache.list() : [this.#shared.cache.get(key)].filter((object) => object !== undefined);
    for (const object of cached) queue.push({ type: "ADDED", object });
    const unsubscribe = this.#shared.subscribe(
      {
        event: (change) => {
          queue.push(change);
          wake?.();
        },
        failed: (error) => {
          failure = error;
          wake?.();
        },
      },
      key,
    );
    const onAbort = (): void => wake?.();
    signal?.addEventListener("abort", onAbort);
    this.#stopping.signal.addEventListener("abort", onAbort);
    try {
      if (this.#shared.ended && this.#shared.error !== undefined) throw this.#shared.error;
      while (true) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (signal?.aborted || this.#stopping.signal.aborted || this.#shared.ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener("abort", onAbort);
      this.#stopping.signal.removeEventListener("abort", onAbort);
    }
  }

  stop(): void {
    if (this.#stopping.signal.aborted) return;
    this.#stopping.abort(new Error("the informer handle was stopped"));
    for (const remove of [...this.#removals]) remove();
    this.#removals.clear();
    this.#errorHandlers.clear();
    this.#shared.release();
  }

  #keyOf(filter: InformerObjectFilter | undefined): string | undefined {
    return filter === undefined ? undefined : cacheKey(filter.name, filter.namespace ?? this.namespace);
  }

  /** Subscribes this handle to the informer's failure once (with its first handler), for its error handlers. */
  #watchFailure(): void {
    if (this.#failureWatched) return;
    this.#failureWatched = true;
    this.#removals.add(this.#shared.subscribe({ event: () => undefined, failed: (error) => this.#report(error, false) }, FAILURE_ONLY_KEY));
  }

  /** Records a handler's removal, so that stop() removes it. */
  #track(remove: () => unknown): () => void {
    this.#watchFailure();
    const removal = (): void => {
      remove();
      this.#removals.delete(removal);
    };
    this.#removals.add(removal);
    return removal;
  }

  /** Tells the error handlers; a handler's own exception with none to hear it is rethrown as uncaught. */
  #report(error: unknown, thrownByHandler = true): void {
    if (this.#errorHandlers.size === 0) {
      if (!thrownByHandler) return;
      queueMicrotask(() => {
        throw error;
      });
      return;
    }
    for (const handler of [...this.#errorHandlers]) handler(error);
  }
}

/** A key no object has (object keys never contain NUL): a listener under it hears only the informer's failure. */
const FAILURE_ONLY_KEY = "\u0000failure";
