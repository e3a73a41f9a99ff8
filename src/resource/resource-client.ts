/**
 * One generic typed client for every kind, driven by a generated descriptor (like client-go's gentype): get, list
 * (all pages, or page by page), create, replace, patch, delete, the status subresource, and watch.
 */
import type { ResourceDescriptor } from "../../generated/resource-descriptor.ts";
import { badResponseHint } from "../transport/error-hints.ts";
import { NetworkError } from "../transport/network-errors.ts";
import type { KubeObject } from "./kube-object.ts";
import { collectionPath, itemPath } from "./resource-path.ts";
import type { ResourceRequest, ResourceTransport } from "./resource-transport.ts";
import type { QueryParams } from "../transport/request-url.ts";
import { watchCollection, type ListSnapshot, type WatchOptions } from "./watch.ts";
import type { WatchEvent } from "./watch-event.ts";
import type { Informer, InformerOptions } from "./informer.ts";
import { InformerRegistry } from "./informer-registry.ts";

/** Options every call takes. */
export interface CallOptions {
  /** Namespace of the call; defaults to the client's. Ignored for cluster-scoped kinds. */
  namespace?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Options of calls that write. */
export interface WriteOptions extends CallOptions {
  /** Validate and default on the server without persisting (`dryRun=All`). */
  dryRun?: boolean;
  fieldManager?: string;
  /** How the server treats unknown or duplicate fields. */
  fieldValidation?: "Strict" | "Warn" | "Ignore";
}

/** The patch flavours the apiserver accepts for custom resources. */
export type PatchType = "merge" | "json" | "apply";

/** Options of patch calls. */
export interface PatchOptions extends WriteOptions {
  /** Defaults to `merge`. `apply` needs a fieldManager. */
  type?: PatchType;
  /** Server-side apply only: take over fields other managers own. */
  force?: boolean;
}

/** Options of delete calls. */
export interface DeleteOptions extends CallOptions {
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  gracePeriodSeconds?: number;
  /** Delete only if the object still has this resourceVersion / uid. */
  preconditions?: { resourceVersion?: string; uid?: string };
  dryRun?: boolean;
}

/** Options of list calls. */
export interface ListOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** List across every namespace. */
  allNamespaces?: boolean;
  /** Page size; every page is fetched either way. */
  limit?: number;
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  /** The token of the next page, when there is one. */
  continue?: string;
}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  apply: "application/apply-patch+yaml",
};

const DEFAULT_PAGE_SIZE = 500;

function writeQuery(options: WriteOptions): QueryParams {
  return { dryRun: options.dryRun ? "All" : undefined, fieldManager: options.fieldManager, fieldValidation: options.fieldValidation };
}

/** The request of one call, built field by field (spreading option objects was a share of every call's cost). */
function toRequest(method: ResourceRequest["method"], path: string, options: CallOptions, extra?: { query?: QueryParams; body?: unknown; contentType?: string }): ResourceRequest {
  const request: ResourceRequest = { method, path };
  if (extra !== undefined) {
    if (extra.query !== undefined) request.query = extra.query;
    if (extra.body !== undefined) request.body = extra.body;
    if (extra.contentType !== undefined) request.contentType = extra.contentType;
  }
  if (options.signal) request.signal = options.signal;
  if (options.timeoutMs) request.timeoutMs = options.timeoutMs;
  return request;
}

/** A typed client for one kind. `T` is the object type, inferred from the descriptor. */
export class ResourceClient<T extends KubeObject, L = unknown> {
  readonly descriptor: ResourceDescriptor<T, L>;
  readonly #transport: ResourceTransport;
  readonly #informers: InformerRegistry;

  /** A client of the kind `descriptor` describes (a generated one, such as experimentResource), over a Connection. */
  constructor(transport: ResourceTransport, descriptor: ResourceDescriptor<T, L>) {
    this.#transport = transport;
    this.descriptor = descriptor;
    this.#informers = transport.informers ?? new InformerRegistry();
  }

  /**
   * The namespace of a call: a plain value when the caller named one (or none applies), so the common call
   * does not wait a turn for it; the transport's default, which may still be loading, otherwise.
   */
  #namespace(options: { namespace?: string | undefined; allNamespaces?: boolean | undefined }): string | undefined | Promise<string> {
    if (!this.descriptor.namespaced || options.allNamespaces) return undefined;
    return options.namespace ?? this.#transport.defaultNamespace();
  }

  async #send<R>(method: ResourceRequest["method"], path: string, options: CallOptions, extra?: { query?: QueryParams; body?: unknown; contentType?: string }): Promise<R> {
    return (await this.#transport.request<R>(toRequest(method, path, options, extra))).body;
  }

  /** Reads one object. Throws NotFoundError when it does not exist. */
  async get(name: string, options: CallOptions = {}): Promise<T> {
    const namespace = this.#namespace(options);
    const path = itemPath(this.descriptor, typeof namespace === "object" ? await namespace : namespace, name);
    return (await this.#transport.request<T>(toRequest("GET", path, options))).body;
  }

  /**
   * Lists page by page, following `continue` tokens. Only the page being read is held, so what the client keeps does
   * not grow with the total count: for tens of thousands of objects, iterate this rather than {@link list}.
   */
  async *listPages(options: ListOptions = {}): AsyncGenerator<ListPage<T>> {
    let token: string | undefined;
    do {
      const page = await this.#page(options, token);
      token = page.continue;
      yield page;
    } while (token);
  }

  /** Lists every object, all pages; `resourceVersion` is the one to watch from. */
  async list(options: ListOptions = {}): Promise<ListSnapshot<T>> {
    // The pages are fetched here rather than through listPages: an async generator costs several turns per page.
    let items: T[] | undefined;
    let resourceVersion = "";
    let token: string | undefined;
    do {
      const page = await this.#page(options, token);
      // The first page's array is fresh from JSON.parse and not handed out elsewhere, so it becomes the result.
      if (items === undefined) items = page.items;
      else for (const item of page.items) items.push(item);
      resourceVersion = page.resourceVersion;
      token = page.continue;
    } while (token);
    return { items, resourceVersion };
  }

  /** One page of a list, from the `continue` token of the previous one. */
  async #page(options: ListOptions, token: string | undefined): Promise<ListPage<T>> {
    const query = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: options.limit ?? DEFAULT_PAGE_SIZE, continue: token };
    const namespace = this.#namespace(options);
    const path = collectionPath(this.descriptor, typeof namespace === "object" ? await namespace : namespace);
    const page = await this.#send<unknown>("GET", path, options, { query });
    // A list answer is checked before use: a null body, a non-array `items` or non-object items (a broken server,
    // a proxy's page) crashed deep in list() or a watch's relist with a bare TypeError (found by fuzzing).
    if (!isListPage<T>(page)) {
      throw new NetworkError({ method: "GET", url: path, detail: `the answer to a ${this.descriptor.listKind} request is not a list of objects`, hint: badResponseHint() }, "ERR_KUBE_BAD_RESPONSE");
    }
    const next = page.metadata?.continue || undefined;
    return { items: page.items ?? [], resourceVersion: page.metadata?.resourceVersion ?? "", ...(next ? { continue: next } : {}) };
  }

  /** Creates an object; the namespace comes from the options, then the object, then the client. */
  async create(object: T, options: WriteOptions = {}): Promise<T> {
    if (!object.metadata?.name && !object.metadata?.generateName) {
      throw new TypeError(`${this.descriptor.kind}: metadata.name or metadata.generateName is required`);
    }
    const namespace = await this.#namespace({ namespace: options.namespace ?? object.metadata?.namespace });
    return this.#send("POST", collectionPath(this.descriptor, namespace), options, { query: writeQuery(options), body: this.#withTypeMeta(object) });
  }

  /** Replaces an object (PUT). Its metadata.resourceVersion, when set, is a precondition: a stale one gives ConflictError. */
  replace(object: T, options: WriteOptions = {}): Promise<T> {
    return this.#write("PUT", object, undefined, options);
  }

  /** Patches an object: a merge patch by default, or a JSON patch, or server-side apply. */
  patch(name: string, patch: unknown, options: PatchOptions = {}): Promise<T> {
    return this.#patch(name, patch, undefined, options);
  }

  /** Deletes an object. Resolves with what the server returns (the object while finalizers run, or a Status). */
  async delete(name: string, options: DeleteOptions = {}): Promise<T | { kind: "Status"; status?: string }> {
    const query = { propagationPolicy: options.propagationPolicy, gracePeriodSeconds: options.gracePeriodSeconds, dryRun: options.dryRun ? "All" : undefined };
    const body = options.preconditions ? { apiVersion: "v1", kind: "DeleteOptions", preconditions: options.preconditions } : undefined;
    return this.#send("DELETE", itemPath(this.descriptor, await this.#namespace(options), name), options, { query, body });
  }

  /** Reads the status subresource. */
  async getStatus(name: string, options: CallOptions = {}): Promise<T> {
    const subresource = this.#statusSubresource();
    return this.#send("GET", itemPath(this.descriptor, await this.#namespace(options), name, subresource), options);
  }

  /** Replaces the status subresource (what controllers do). */
  async replaceStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.#write("PUT", object, this.#statusSubresource(), options);
  }

  /** Patches the status subresource. */
  async patchStatus(name: string, patch: unknown, options: PatchOptions = {}): Promise<T> {
    return this.#patch(name, patch, this.#statusSubresource(), options);
  }

  /** Watches the collection; see watchCollection for resume, relist and de-duplication. */
  watch(options: WatchOptions & { namespace?: string; allNamespaces?: boolean } = {}): AsyncGenerator<WatchEvent<T>> {
    const scope = { namespace: options.namespace, allNamespaces: options.allNamespaces };
    return watchCollection<T>(
      {
        transport: this.#transport,
        path: async () => collectionPath(this.descriptor, await this.#namespace(scope)),
        list: (listOptions) => this.list({ ...scope, ...listOptions } as ListOptions),
      },
      options,
    );
  }

  /**
   * A live, cached view of the collection (list, then watch; resumed, relisted on 410 Gone), shared with every other
   * consumer of the same kind, namespace and selectors on this connection: one watch on the API server for all of
   * them, waits included. Resolves once the namespace is known; `await informer.synced()` for the first list. Call
   * `stop()` when done: the last consumer's stop ends the watch and frees the cache.
   */
  async informer(options: InformerOptions = {}): Promise<Informer<T>> {
    const scope = { namespace: options.namespace, allNamespaces: options.allNamespaces };
    const namespaceOf = this.#namespace(scope);
    const namespace = typeof namespaceOf === "object" ? await namespaceOf : namespaceOf;
    const path = collectionPath(this.descriptor, namespace);
    const selectors = { ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}), ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}) };
    const key = `${path}?labelSelector=${selectors.labelSelector ?? ""}&fieldSelector=${selectors.fieldSelector ?? ""}`;
    const source = {
      transport: this.#transport,
      path: () => path,
      list: (listOptions: { labelSelector?: string; fieldSelector?: string; signal?: AbortSignal }) => this.list({ ...listOptions, ...(namespace === undefined ? { allNamespaces: true } : { namespace }) }),
    };
    return this.#informers.informer<T>(key, { source, watch: selectors }, namespace);
  }

  /** The object with apiVersion and kind filled in where the caller left them out. */
  #withTypeMeta(object: T): T {
    return { ...object, apiVersion: object.apiVersion ?? this.descriptor.apiVersion, kind: object.kind ?? this.descriptor.kind };
  }

  #statusSubresource(): string {
    if (!this.descriptor.subresources.includes("status")) throw new TypeError(`${this.descriptor.kind} has no status subresource`);
    return "status";
  }

  async #write(method: "PUT", object: T, subresource: string | undefined, options: WriteOptions): Promise<T> {
    const name = object.metadata?.name;
    if (!name) throw new TypeError(`${this.descriptor.kind}: metadata.name is required to replace`);
    const path = itemPath(this.descriptor, await this.#namespace({ namespace: options.namespace ?? object.metadata?.namespace }), name, subresource);
    return this.#send(method, path, options, { query: writeQuery(options), body: this.#withTypeMeta(object) });
  }

  async #patch(name: string, patch: unknown, subresource: string | undefined, options: PatchOptions): Promise<T> {
    const type = options.type ?? "merge";
    if (type === "apply" && !options.fieldManager) throw new TypeError("server-side apply needs options.fieldManager");
    const query = { ...writeQuery(options), force: type === "apply" && options.force ? true : undefined };
    const path = itemPath(this.descriptor, await this.#namespace(options), name, subresource);
    return this.#send("PATCH", path, options, { query, body: patch, contentType: PATCH_CONTENT_TYPES[type] });
  }
}

/** Whether `value` has the shape of a list page: an object whose `items`, if any, is an array of objects. */
function isListPage<T>(value: unknown): value is { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { items, metadata } = value as { items?: unknown; metadata?: unknown };
  if (metadata !== undefined && (typeof metadata !== "object" || metadata === null)) return false;
  return items === undefined || items === null || (Array.isArray(items) && items.every((item) => typeof item === "object" && item !== null && !Array.isArray(item)));
}
