/**
 * Waiting for an object to reach a state, by watch rather than polling: resolves as soon as the apiserver reports
 * the change, rejects with the domain's error when the object fails, and with WaitTimeoutError on timeout.
 */
import type { KubeObject } from "./kube-object.ts";
import type { ResourceClient } from "./resource-client.ts";

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
  /** Defaults to 10 minutes. */
  timeoutMs?: number;
  /** The state that ends the wait. */
  isDone: (object: T) => boolean;
  /** An error to reject with when the object can no longer reach the state. */
  failure?: (object: T) => Error | undefined;
  /** Called with every new state of the object. */
  onProgress?: (object: T) => void;
}

const DEFAULT_WAIT_MS = 10 * 60_000;

/** Waits for one object, watched by name. */
export async function waitFor<T extends KubeObject>(client: ResourceClient<T>, name: string, options: WaitForOptions<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  let last: T | undefined;
  const scope = options.namespace ? { namespace: options.namespace } : {};
  const settled = (object: T): boolean => {
    last = object;
    options.onProgress?.(object);
    const failure = options.failure?.(object);
    if (failure) throw failure;
    return options.isDone(object);
  };
  try {
    // Read first: a missing object fails at once (NotFoundError), and the watch starts from what was read.
    const current = await client.get(name, { ...scope, signal });
    if (settled(current)) return current;
    const events = client.watch({ ...scope, signal, fieldSelector: `metadata.name=${name}`, resourceVersion: current.metadata?.resourceVersion ?? "0" });
    for await (const event of events) {
      if (event.type === "DELETED") throw new WaitDeletedError(`${client.descriptor.kind} ${name} was deleted while waiting`);
      if (event.type !== "BOOKMARK" && settled(event.object)) return event.object;
    }
    if (options.signal?.aborted) throw options.signal.reason;
    throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${client.descriptor.kind} ${name}`, last);
  } catch (error) {
    if (timeout.signal.aborted && !options.signal?.aborted && !(error instanceof WaitDeletedError)) {
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${client.descriptor.kind} ${name}`, last);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
