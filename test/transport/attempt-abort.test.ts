// The abort source undici gets as `signal`: fires once, for the timeout or the caller's signal, and lets go of
// the caller's signal when disposed (a watch reuses one signal for many requests).
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { AttemptAbort, TIMED_OUT } from "../../src/transport/attempt-abort.ts";

describe("AttemptAbort", () => {
  it("fires its listener once, with TIMED_OUT, when the timeout expires", async () => {
    const abort = new AttemptAbort(5, undefined);
    const listener = vi.fn();
    abort.once("abort", listener);
    await new Promise((r) => setTimeout(r, 30));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(abort.reason).toBe(TIMED_OUT);
    expect(abort.timedOut).toBe(true);
  });

  it("follows the caller's signal, and no longer after dispose()", () => {
    const controller = new AbortController();
    const abort = new AttemptAbort(0, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    abort.dispose();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    controller.abort(new Error("late"));
    expect(abort.reason).toBeUndefined();
  });

  it("takes the caller's reason, and is not a timeout", () => {
    const controller = new AbortController();
    const abort = new AttemptAbort(10_000, controller.signal);
    const listener = vi.fn();
    abort.once("abort", listener);
    const reason = new Error("cancelled");
    controller.abort(reason);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(abort.reason).toBe(reason);
    expect(abort.timedOut).toBe(false);
    abort.dispose();
  });

  it("tells a listener added after the abort at once (an already aborted caller signal)", () => {
    const reason = new Error("before");
    const abort = new AttemptAbort(0, AbortSignal.abort(reason));
    const listener = vi.fn();
    abort.once("abort", listener);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(abort.reason).toBe(reason);
  });

  it("a removed listener is not called; stopTimer() cancels the timeout", async () => {
    const abort = new AttemptAbort(5, undefined);
    const listener = vi.fn();
    abort.once("abort", listener);
    abort.removeListener("abort", listener);
    const other = new AttemptAbort(5, undefined);
    const kept = vi.fn();
    other.once("abort", kept);
    other.stopTimer();
    await new Promise((r) => setTimeout(r, 30));
    expect(listener).not.toHaveBeenCalled();
    expect(kept).not.toHaveBeenCalled();
    expect(other.reason).toBeUndefined();
  });
});
