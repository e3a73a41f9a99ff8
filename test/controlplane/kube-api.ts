/**
 * Kubernetes API access for the box's own programs (kubelet-api, katib-suggestions, katib-metrics), as the admin
 * user: JSON requests and a list-then-watch loop that resumes where it stopped and lists again when its
 * resourceVersion expired. Plain undici: the box must not depend on the client it tests.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";

/** A watch event, or one item of the initial list (`type: "ADDED"`). */
export interface WatchEvent<T> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: T;
}

/** Metadata every object has. */
export interface ObjectMeta {
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; ownerReferences?: { kind: string; name: string }[] };
}

/** The admin's connection, read from the files the box gives its programs. */
export class KubeApi {
  readonly #server: string;
  readonly #token: string;
  readonly #dispatcher: Agent;

  constructor(server: string, caFile: string, tokenFile: string) {
    this.#server = server;
    this.#token = readFileSync(tokenFile, "utf8").trim();
    this.#dispatcher = new Agent({ connect: { ca: readFileSync(caFile, "utf8") } });
  }

  /** One JSON request; the parsed body (or text) with the status. */
  async send<T>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = contentType;
    const response = await request(`${this.#server}${path}`, { method, headers, dispatcher: this.#dispatcher, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.statusCode, body: parsed as T };
  }

  /** The events of one watch request from `resourceVersion`, until the server ends it or `signal` aborts. */
  async *watchOnce<T>(path: string, resourceVersion: string, signal?: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    const separator = path.includes("?") ? "&" : "?";
    const url = `${this.#server}${path}${separator}watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`;
    const response = await request(url, { dispatcher: this.#dispatcher, headers: { authorization: `Bearer ${this.#token}` }, bodyTimeout: 0, ...(signal ? { signal } : {}) });
    if (response.statusCode !== 200) throw new Error(`watch ${path}: HTTP ${response.statusCode}: ${await response.body.text()}`);
    let buffered = "";
    for await (const chunk of response.body) {
      buffered += (chunk as Buffer).toString("utf8");
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim() !== "") yield JSON.parse(line) as WatchEvent<T>;
      }
    }
  }

  /**
   * Every object of the collection at `path` as `ADDED`, then its changes, for as long as `signal` allows: the watch
   * resumes from the last resourceVersion when the server ends it, and lists again (items as `ADDED`) when that
   * version expired (410 Gone, or an ERROR event).
   */
  async *informer<T extends ObjectMeta>(path: string, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    while (!signal.aborted) {
      const list = await this.send<{ items: T[]; metadata: { resourceVersion: string } }>("GET", path);
      if (list.status !== 200) throw new Error(`list ${path}: HTTP ${list.status}`);
      for (const item of list.body.items) yield { type: "ADDED", object: item };
      let resourceVersion = list.body.metadata.resourceVersion;
      let expired = false;
      while (!signal.aborted && !expired) {
        try {
          for await (const event of this.watchOnce<T>(path, resourceVersion, signal)) {
            if (event.type === "ERROR") {
              expired = true;
              break;
            }
            resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
            if (event.type !== "BOOKMARK") yield event;
          }
        } catch (error) {
          if (signal.aborted) return;
          if (/HTTP 410/.test(String(error))) expired = true;
          else await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    }
  }
}
