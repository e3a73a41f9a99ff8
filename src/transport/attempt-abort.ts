/**
 * The abort source of one request attempt: its timeout and the caller's signal, behind the one-listener
 * EventEmitter surface that undici documents for a request's `signal` (streams pass it to `request()`; complete
 * answers are read by collect-response.ts, which subscribes the same way). It replaces an AbortController, an
 * AbortSignal.any and their EventTarget listeners per request, which cost more than the rest of a GET's
 * client-side work together.
 *
 * undici registers exactly one listener (`once("abort")`), removes it when the response body closes, and reads
 * `reason` when it fires. There is deliberately no `aborted` property: undici would then treat this as an
 * AbortSignal and call Node's addAbortListener on it.
 */
import type { EventEmitter } from "node:events";

/** The reason an attempt is aborted with when its timeout fires. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

type Listener = () => void;

export class AttemptAbort {
  /** Why it was aborted (`TIMED_OUT`, or the caller signal's reason); `undefined` while not aborted. */
  reason: unknown = undefined;
  /** Whether it was aborted by its timeout (not by the caller). */
  timedOut = false;
  #listener: Listener | undefined;
  // The transport's own watcher, beside undici's listener (see `observe`).
  #observer: Listener | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #signal: AbortSignal | undefined;
  #onSignal: Listener | undefined;

  /** Starts the timeout (`timeoutMs` 0: none) and follows `signal`, if given. */
  constructor(timeoutMs: number, signal: AbortSignal | undefined) {
    this.#signal = signal;
    if (timeoutMs > 0) this.#timer = setTimeout(expire, timeoutMs, this);
    if (signal !== undefined) {
      if (signal.aborted) this.abort(signal.reason);
      else {
        this.#onSignal = () => this.abort(signal.reason);
        signal.addEventListener("abort", this.#onSignal, { once: true });
      }
    }
  }

  /** The value to pass to undici as `signal`. */
  asSignal(): EventEmitter {
    return this as unknown as EventEmitter;
  }

  abort(reason: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.stopTimer();
    const listener = this.#listener;
    const observer = this.#observer;
    this.#listener = undefined;
    this.#observer = undefined;
    listener?.();
    observer?.();
  }

  /**
   * Calls `observer` when the attempt is aborted, besides the listener undici registered (which `once` would
   * replace); returns the function that stops observing.
   */
  observe(observer: Listener): () => void {
    this.#observer = observer;
    return () => {
      if (this.#observer === observer) this.#observer = undefined;
    };
  }

  /** Stops the timeout (the response is complete, or a stream's headers arrived). */
  stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops the timeout and stops following the caller's signal: the attempt is over. */
  dispose(): void {
    this.stopTimer();
    if (this.#onSignal !== undefined) this.#signal?.removeEventListener("abort", this.#onSignal);
    this.#onSignal = undefined;
  }

  // The EventEmitter surface undici uses.
  on(event: string, listener: Listener): this {
    if (event !== "abort") return this;
    // Aborted before undici subscribed (the caller's signal already was): tell it at once, as an aborted
    // AbortSignal would, so the request is never started.
    if (this.reason !== undefined) listener();
    else this.#listener = listener;
    return this;
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  removeListener(event: string, listener: Listener): this {
    if (event === "abort" && this.#listener === listener) this.#listener = undefined;
    return this;
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }
}

function expire(abort: AttemptAbort): void {
  if (abort.reason !== undefined) return;
  abort.timedOut = true;
  abort.abort(TIMED_OUT);
}
