/**
 * Read-modify-write with optimistic concurrency, like client-go's RetryOnConflict: the object's resourceVersion is
 * a precondition of the replace, and on 409 Conflict the object is read again and the change re-applied, a bounded
 * number of times. Other writers' fields are never overwritten with stale values.
 */
import { isConflict } from "../transport/error-predicates.ts";
import type { KubeObject } from "./kube-object.ts";
import type { CallOptions, ResourceClient } from "./resource-client.ts";
import { abortableSleep } from "../transport/abortable-sleep.ts";

/** Applies `mutate` to the latest object and replaces it; retries on conflict up to `attempts` times (default 8). */
export async function updateWithRetry<T extends KubeObject>(
  client: ResourceClient<T>,
  name: string,
  mutate: (object: T) => T,
  options: CallOptions & { attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const current = await client.get(name, options);
    try {
      return await client.replace(mutate(structuredClone(current)), options);
    } catch (error) {
      if (!isConflict(error) || attempt >= attempts) throw error;
      // Writers that collided would collide again in lockstep; a little jitter spreads them out.
      await abortableSleep(Math.random() * 20 * attempt, options.signal);
    }
  }
}
