/**
 * Waiting for an object to reach a state, by watch rather than polling: resolves as soon as the apiserver reports
 * the change, rejects with the domain's error when the object fails, and with WaitTimeoutError on timeout. Waits
 * share the connection's informers, so a thousand waits in one namespace hold one watch.
 */
import type { KubeObject } from "./kube-object.ts";
import type { Informer } from "./informer.ts";
import type { ResourceClient } from "./resource-client.ts";
import { isForbidden } from "../transport/error-predicates.ts";

/** Thrown when the wait's time runs out; `object` is the last state seen. */
export class WaitTimeoutError extends Error {
  readonly code = "ERR_KFTS_WAIT_TIMEOUT";
  readonly object: unknown;
  /** What was awaited, and the object as last seen. */
  constructor(message: string, object: unknown) {
    super(message);
    this.name = "WaitTimeoutError";
    this.object = object;
  }
}

/** Thrown when the object waited for is deleted. */
export class WaitDeletedError extends Error {
  readonly code = "ERR_KFTS_WAIT_DELETED";
  /** What was awaited when the object was deleted. */
  constructor(message: string) {
    super(message);
    this.name = "WaitDeletedError";
  }
}

/** What to wait for. */
export interface WaitForOptions<T> {
  namespace?: string;
  signal?: AbortSignal;
  /** The longest wait; no limit by default (nor beyond ~24.8 days, the longest a timer holds). */
  timeoutMs?: number;
  /** The state that ends the wait. */
  isDone: (object: T) => boolean;
  /** That state in words, for the timeout's message (`condition Running`, `status Complete`). */
  goal?: string;
  /** An error to reject with when the object can no longer reach the state. */
  failure?: (object: T) => Error | undefined;
  /** Called with every new state of the object. */
  onProgress?: (object: T) => void;
  /**
   * Whether the wait shares the connection's informer of the namespace (default true: one watch for every wait
   * there). `false` reads the object and watches it alone, by name: for a short wait on one object of a kind a
   * namespace has many of (a pod starting), where listing them all would cost more than it shares.
   */
  shareWatch?: boolean;
}

/** The longest delay a timer holds (2^31 − 1 ms, ~24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** A wait's time limit, joined with the caller's signal. */
export interface WaitDeadline {
  /** Aborts when the time runs out or the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** Whether the time ran out (and not the caller's signal): the wait then ends with WaitTimeoutError. */
  timedOut(): boolean;
  /** Stops the timer; call it when the wait is over. */
  clear(): void;
}

/**
 * Starts a wait's time limit. A limit beyond what a timer holds (over ~24.8 days, or Infinity) is no limit: such a
 * timer would fire at once.
 */
export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): WaitDeadline {
  const timeout = new AbortController();
  const timer = timeoutMs <= MAX_TIMER_MS ? setTimeout(() => timeout.abort(), timeoutMs) : undefined;
  return {
    signal: callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal,
    timedOut: () => timeout.signal.aborted && !callerSignal?.aborted,
    clear: () => clearTimeout(timer),
  };
}

/** What one wait has seen: the last state (for WaitTimeoutError) and how each new state is judged. */
interface WaitState<T> {
  last: T | undefined;
  /** Records and judges a state: true when done; throws the failure's error. */
  settled: (object: T) => boolean;
}

/**
 * Waits for one object, on the connection's shared informer of its namespace: every wait (and informer consumer) of
 * that kind and namespace shares one watch. When the connection may not list the kind (403 on the informer's list),
 * the wait falls back to reading the object and watching it alone, by name, which needs only get and watch.
 */
export async function waitFor<T extends KubeObject>(client: ResourceClient<T>, name: string, options: WaitForOptions<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? Infinity;
  const deadline = startDeadline(timeoutMs, options.signal);
  const signal = deadline.signal;
  const state: WaitState<T> = {
    last: undefined,
    settled: (object) => {
      state.last = object;
      options.onProgress?.(object);
      const failure = options.failure?.(object);
      if (failure) throw failure;
      return options.isDone(object);
    },
  };
  try {
    if (options.shareWatch === false) return await waitByWatch(client, name, options.namespace, signal, state);
    const informer = await client.informer(options.namespace ? { namespace: options.namespace } : {});
    try {
      try {
        await informer.synced({ signal });
      } catch (error) {
        if (!isForbidden(error)) throw error;
        // Not allowed to list the namespace's objects: this wait alone, by name (get and watch only).
        informer.stop();
        return await waitByWatch(client, name, informer.namespace, signal, state);
      }
      return await waitOnInformer(client, informer, name, signal, state);
    } finally {
      informer.stop();
    }
  } catch (error) {
    if (deadline.timedOut() && !(error instanceof WaitDeletedError)) {
      const goal = options.goal === undefined ? "" : ` to reach ${options.goal}`;
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${client.descriptor.kind} ${name}${goal}; ${describeLastSeen(state.last)}`, state.last);
    }
    throw error;
  } finally {
    deadline.clear();
  }
}

/**
 * What the wait last saw, for the timeout's message: whether the object was seen at all (an informer that never
 * delivered it reads differently from a controller that never moved it) and its conditions then.
 */
function describeLastSeen(object: KubeObject | undefined): string {
  if (object === undefined) return "the object was never seen";
  const version = object.metadata?.resourceVersion;
  const conditions = (object as { status?: { conditions?: unknown } }).status?.conditions;
  const listed = Array.isArray(conditions)
    ? conditions
        .filter((condition): condition is { type: string; status?: string; reason?: string } => typeof (condition as { type?: unknown })?.type === "string")
        .map((condition) => `${condition.type}=${condition.status ?? "?"}${condition.reason ? ` (${condition.reason})` : ""}`)
    : [];
  return `last seen${version ? ` at resourceVersion ${version}` : ""} with ${listed.length > 0 ? `conditions ${listed.join(", ")}` : "no conditions"}`;
}

/**
 * The wait on a synced informer: the cached state (or, when the cache has none yet, a read, which also says
 * NotFound for a missing object), then each change of that object as the shared watch delivers it.
 */
function waitOnInformer<T extends KubeObject>(client: ResourceClient<T>, informer: Informer<T>, name: string, signal: AbortSignal, state: WaitState<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    const removals: (() => void)[] = [];
    const track = (removal: () => void): void => {
      if (finished) removal();
      else removals.push(removal);
    };
    const finish = (settle: () => void): void => {
      if (finished) return;
      finished = true;
      for (const removal of removals) removal();
      signal.removeEventListener("abort", onAbort);
      settle();
    };
    const isNew = newerThanSeen();
    const consider = (object: T): void => {
      if (finished || !isNew(object)) return;
      try {
        if (state.settled(object)) finish(() => resolve(object));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const onAbort = (): void => finish(() => reject(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const filter = { name };
    track(informer.on("error", (error) => finish(() => reject(error))));
    track(informer.on("delete", () => finish(() => reject(new WaitDeletedError(`${client.descriptor.kind} ${name} was deleted while waiting`))), filter));
    track(informer.on("update", consider, filter));
    track(informer.on("add", consider, filter)); // called at once with the cached state, if any
    if (finished || informer.get(name) !== undefined) return;
    // Not cached: created after the informer's latest event (the watch will report it), or missing (NotFoundError).
    const scope = informer.namespace === undefined ? {} : { namespace: informer.namespace };
    client.get(name, { ...scope, signal }).then(consider, (error: unknown) => finish(() => reject(error)));
  });
}

/** A filter that passes each state of one object once, in order (see isNewerState). */
function newerThanSeen(): (object: KubeObject) => boolean {
  let seen: KubeObject | undefined;
  return (object) => {
    if (!isNewerState(object, seen)) return false;
    if (object.metadata?.resourceVersion) seen = object;
    return true;
  };
}

/**
 * Whether `next` is a newer state than `seen` (of the same object). resourceVersions are opaque, but etcd's are
 * integers: when both are, an older or equal one is not newer (a read answered after the watch moved on); otherwise
 * any other state is. A state without a resourceVersion always is.
 */
export function isNewerState(next: KubeObject, seen: KubeObject | undefined): boolean {
  const version = next.metadata?.resourceVersion;
  const before = seen?.metadata?.resourceVersion;
  if (!version || !before) return true;
  if (INTEGER.test(version) && INTEGER.test(before)) return BigInt(version) > BigInt(before);
  return version !== before;
}
const INTEGER = /^\d+$/;

/** The wait without an informer: read, then watch the one object by name from the resourceVersion read. */
async function waitByWatch<T extends KubeObject>(client: ResourceClient<T>, name: string, namespace: string | undefined, signal: AbortSignal, state: WaitState<T>): Promise<T> {
  const scope = namespace === undefined ? {} : { namespace };
  // Read first: a missing object fails at once (NotFoundError), and the watch starts from what was read.
  const current = await client.get(name, { ...scope, signal });
  if (state.settled(current)) return current;
  const events = client.watch({ ...scope, signal, fieldSelector: `metadata.name=${name}`, resourceVersion: current.metadata?.resourceVersion ?? "0" });
  for await (const event of events) {
    if (event.type === "DELETED") throw new WaitDeletedError(`${client.descriptor.kind} ${name} was deleted while waiting`);
    if (event.type !== "BOOKMARK" && state.settled(event.object)) return event.object;
  }
  throw signal.reason;
}
