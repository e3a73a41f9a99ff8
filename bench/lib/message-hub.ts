/**
 * Demultiplexes a waiter's JSON lines (`{"started": name}`, `{"resolved": name, "at"}`, `{"failed": name}`) so the
 * writer can await one event of one object, with a time limit.
 */

/** One waiter message. */
export interface WaiterMessage {
  started?: string;
  resolved?: string;
  failed?: string;
  at?: number;
  error?: string;
}

/** Awaits events by kind and name. */
export interface MessageHub {
  next(kind: "started" | "resolved", name: string, timeoutMs: number): Promise<WaiterMessage>;
}

/** Starts consuming `lines` in the background. */
export function createMessageHub(lines: AsyncIterator<string>): MessageHub {
  const arrived = new Map<string, WaiterMessage>();
  const pending = new Map<string, (message: WaiterMessage) => void>();
  const deliver = (key: string, message: WaiterMessage): void => {
    const resolve = pending.get(key);
    if (resolve) {
      pending.delete(key);
      resolve(message);
    } else arrived.set(key, message);
  };
  void (async () => {
    for (;;) {
      const line = await lines.next().catch(() => ({ done: true as const, value: undefined }));
      if (line.done) return;
      let message: WaiterMessage;
      try {
        message = JSON.parse(line.value) as WaiterMessage;
      } catch {
        continue;
      }
      if (message.started !== undefined) deliver(`started:${message.started}`, message);
      // A failed wait settles the sample too; the caller sees `failed` and records it.
      const done = message.resolved ?? message.failed;
      if (done !== undefined) deliver(`resolved:${done}`, message);
    }
  })();
  return {
    next(kind, name, timeoutMs) {
      const key = `${kind}:${name}`;
      const ready = arrived.get(key);
      if (ready) {
        arrived.delete(key);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(key);
          reject(new Error(`no "${kind}" for ${name} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(key, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
  };
}
