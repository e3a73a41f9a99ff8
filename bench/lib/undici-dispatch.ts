/**
 * The raw-undici limit rows: undici's lowest public API, `dispatcher.dispatch()`, with a minimal handler that
 * collects the body chunks and parses the JSON once at the end. `undici.request()` sits on top of the same
 * dispatch and adds a Readable body stream, an abort-signal hook and the body mixin, so it is not the floor a client
 * built on undici can reach; this is. Used by the measured children (children/request-client.ts, list-node.ts).
 */
import type { Dispatcher } from "undici";

/** What a GET needs besides the dispatcher: the origin and path split once, outside the measured loop. */
export interface DispatchTarget {
  origin: string;
  headers: Record<string, string>;
  /** Passed to dispatch as is (e.g. bodyTimeout), as `request()` would pass them. */
  options?: Pick<Dispatcher.DispatchOptions, "bodyTimeout" | "headersTimeout">;
}

/** The origin of `server` and its path prefix (empty for `https://host:port`), to prepend to request paths. */
export function splitServer(server: string): { origin: string; prefix: string } {
  const url = new URL(server);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}

/** GET `path` on `target.origin` through `dispatcher`; resolves with the parsed JSON body of a 200, rejects otherwise. */
export function dispatchGetJson(dispatcher: Dispatcher, target: DispatchTarget, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    dispatcher.dispatch(
      { origin: target.origin, path, method: "GET", headers: target.headers, ...target.options },
      {
        // Required by undici (its types say optional); nothing to do: no abort signal, no context.
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          if (status !== 200) {
            reject(new Error(`HTTP ${status}`));
            return;
          }
          try {
            resolve(JSON.parse((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      },
    );
  });
}
