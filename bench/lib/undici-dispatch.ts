/**
 * The raw-undici limit rows: undici's lowest public API, `dispatcher.dispatch()`, with a minimal handler that
 * collects the body chunks and parses the JSON once at the end. `undici.request()` sits on top of the same
 * dispatch and adds a Readable body stream, an abort-signal hook and the body mixin, so it is not the floor a client
 * built on undici can reach; this is. Used by the measured children (children/request-client.ts, list-node.ts).
 *
 * With `gzip`, the request asks for a gzip-encoded answer and the handler decodes it as it arrives (one zlib stream,
 * chunks collected), as a client that wants a large LIST fast would: the apiserver compresses answers from 128 KiB on.
 */
import { createGunzip } from "node:zlib";
import type { Dispatcher } from "undici";

/** What a GET needs besides the dispatcher: the origin and path split once, outside the measured loop. */
export interface DispatchTarget {
  origin: string;
  headers: Record<string, string>;
  /** Passed to dispatch as is (e.g. bodyTimeout), as `request()` would pass them. */
  options?: Pick<Dispatcher.DispatchOptions, "bodyTimeout" | "headersTimeout">;
  /** Ask for gzip (`accept-encoding: gzip`) and decode a gzip-encoded answer while it arrives. */
  gzip?: boolean;
}

/** The origin of `server` and its path prefix (empty for `https://host:port`), to prepend to request paths. */
export function splitServer(server: string): { origin: string; prefix: string } {
  const url = new URL(server);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}

/** GET `path` on `target.origin` through `dispatcher`; resolves with the parsed JSON body of a 200, rejects otherwise. */
export function dispatchGetJson(dispatcher: Dispatcher, target: DispatchTarget, path: string): Promise<unknown> {
  const headers = target.gzip ? { ...target.headers, "accept-encoding": "gzip" } : target.headers;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let gunzip: ReturnType<typeof createGunzip> | undefined;
    const done = (): void => {
      if (status !== 200) {
        reject(new Error(`HTTP ${status}`));
        return;
      }
      try {
        resolve(JSON.parse((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8")));
      } catch (error) {
        reject(error);
      }
    };
    dispatcher.dispatch(
      { origin: target.origin, path, method: "GET", headers, ...target.options },
      {
        // Required by undici (its types say optional); nothing to do: no abort signal, no context.
        onRequestStart() {},
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          if (target.gzip && responseHeaders["content-encoding"] === "gzip") {
            gunzip = createGunzip({ chunkSize: 64 * 1024 });
            gunzip.on("data", (chunk: Buffer) => chunks.push(chunk));
            gunzip.once("end", done);
            gunzip.once("error", reject);
          }
        },
        onResponseData(_controller, chunk) {
          if (gunzip) gunzip.write(chunk);
          else chunks.push(chunk);
        },
        onResponseEnd() {
          if (gunzip) gunzip.end();
          else done();
        },
        onResponseError(_controller, error) {
          gunzip?.destroy();
          reject(error);
        },
      },
    );
  });
}
