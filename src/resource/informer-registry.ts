/**
 * The shared informers of one connection, one per watched collection (kind, namespace or cluster, selectors): every
 * wait, handler and iterator on the connection that watches the same collection shares its watch and cache. An
 * informer is forgotten when its last consumer stops (or when it fails), so the next consumer starts a fresh one.
 */
import type { KubeObject } from "./kube-object.ts";
import { InformerHandle, type Informer } from "./informer.ts";
import { SharedInformer, type SharedInformerSource } from "./shared-informer.ts";

/** The registry a Connection owns; ResourceClient.informer() goes through it. */
export class InformerRegistry {
  readonly #informers = new Map<string, SharedInformer<KubeObject>>();

  /**
   * A handle on the informer of the collection `key` names (its path and selectors), started from `source` when none
   * runs. The handle holds a reference until its `stop()`.
   */
  informer<T extends KubeObject>(key: string, source: SharedInformerSource<T>, namespace: string | undefined): Informer<T> {
    let shared = this.#informers.get(key) as SharedInformer<T> | undefined;
    if (shared === undefined || shared.ended) {
      const created: SharedInformer<T> = new SharedInformer(source, () => {
        if (this.#informers.get(key) === created) this.#informers.delete(key);
      });
      this.#informers.set(key, created as unknown as SharedInformer<KubeObject>);
      shared = created;
    }
    return new InformerHandle(shared, namespace);
  }

  /** How many shared informers run, i.e. how many watches this connection holds open for them. */
  get size(): number {
    return this.#informers.size;
  }

  /** Stops every informer (Connection.close() does it): their watches end, their caches are freed, their waits reject. */
  stop(): void {
    for (const shared of [...this.#informers.values()]) shared.stop(new Error("the connection was closed while an informer was running"));
    this.#informers.clear();
  }

  /** The keys of the running informers (collection path and selectors), for diagnostics. */
  keys(): string[] {
    return [...this.#informers.keys()];
  }
}
