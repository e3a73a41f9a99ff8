/**
 * A request whose answer is read whole, through undici's dispatch handler API rather than `request()`: the
 * chunks go straight into an array instead of through a Node Readable (its creation, buffering, nextTick
 * bookkeeping and async consumption were about a fifth of a small GET's client-side cost). Streams (watch, log
 * follow) still use `request()`, which gives them the Readable they need.
 *
 * It behaves as undici's own RequestHandler does for what the transport uses: informational (1xx) answers are
 * skipped, and an abort fails the request with the abort's reason. Unlike undici's handler, an abort that comes
 * before the request starts (while the connection is still being made) fails it at once: undici only starts the
 * request once connected, and a connection stuck in its TLS handshake would otherwise hold the failure until
 * undici's own connect timeout (10 s), far past the attempt's timeout. The request is then aborted when it starts.
 *
 * With `decodeGzip`, an answer the server sent with `content-encoding: gzip` is decoded while it arrives (zlib works
 * off the main thread, beside the transfer), and handed on without that header: the caller sees the JSON it asked for.
 * A large LIST is many megabytes of JSON that compress about 25 to 1; sending a twenty-fifth of the bytes through TLS
 * and HTTP/2 framing on both ends is faster than the compression costs (bench/families/apiserver-list.ts).
 */
import { createGunzip, type Gunzip } from "node:zlib";
import type { Dispatcher } from "undici";
import type { AttemptAbort } from "./attempt-abort.ts";

/** A complete answer: status, undici's header record, and the body (cut after `limit` bytes for errors). */
export interface CollectedResponse {
  statusCode: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** How an answer is read. */
export interface CollectOptions {
  /** For statuses from 400 on, reading stops once this many (decoded) bytes have arrived. */
  errorBodyLimit: number;
  /** Decode a `content-encoding: gzip` answer (the request asked for one with `accept-encoding: gzip`). */
  decodeGzip?: boolean;
}

/**
 * Sends `options` on `dispatcher` and resolves with the whole answer. For statuses from 400 on, reading stops
 * once `errorBodyLimit` bytes have arrived (the connection is then dropped, as a destroyed body stream would).
 */
export function collectResponse(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, abort: AttemptAbort | undefined, collect: CollectOptions): Promise<CollectedResponse> {
  return new Promise((resolve, reject) => {
    const collector = new Collector(resolve, reject, abort, collect);
    dispatcher.dispatch(options, collector);
  });
}

type Controller = Dispatcher.DispatchController;

const GUNZIP_CHUNK_BYTES = 64 * 1024;

class Collector implements Dispatcher.DispatchHandler {
  readonly #resolve: (response: CollectedResponse) => void;
  readonly #reject: (error: unknown) => void;
  readonly #abort: AttemptAbort | undefined;
  readonly #errorBodyLimit: number;
  readonly #decodeGzip: boolean;
  #gunzip: Gunzip | undefined;
  #encoded = false;
  #controller: Controller | undefined;
  #settled = false;
  #status = 0;
  #statusText = "";
  #headers: CollectedResponse["headers"] = {};
  #chunks: Buffer[] = [];
  #size = 0;
  #limit = Infinity;

  constructor(resolve: (response: CollectedResponse) => void, reject: (error: unknown) => void, abort: AttemptAbort | undefined, collect: CollectOptions) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#abort = abort;
    this.#errorBodyLimit = collect.errorBodyLimit;
    this.#decodeGzip = collect.decodeGzip === true;
    // Before the request starts there is nothing to abort yet: the request fails now, and onRequestStart aborts it
    // when it starts. The reason is passed through as is (undici's own handler does the same with a signal's reason,
    // which may be any value).
    abort?.once("abort", () => {
      if (this.#controller !== undefined) this.#controller.abort(abort.reason as Error);
      else this.onResponseError(null, abort.reason as Error);
    });
  }

  onRequestStart(controller: Controller): void {
    if (this.#abort?.reason !== undefined) controller.abort(this.#abort.reason as Error);
    else this.#controller = controller;
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusText: string): void {
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#statusText = statusText;
    this.#headers = headers;
    this.#limit = statusCode >= 400 ? this.#errorBodyLimit : Infinity;
    if (this.#decodeGzip && isGzip(headers["content-encoding"])) this.#startGunzip(headers);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.#settled) return;
    if (this.#gunzip === undefined) this.#add(controller, chunk);
    else {
      this.#encoded = true;
      this.#gunzip.write(chunk);
    }
  }

  onResponseEnd(): void {
    // An empty body (a 204, a HEAD) is empty whatever its header says; zlib would call it truncated.
    if (this.#gunzip !== undefined && this.#encoded) this.#gunzip.end();
    else this.#finish();
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#gunzip?.destroy();
    this.#reject(error);
  }

  /** Decodes from here on; the answer is handed on as the plain body it encodes, without the encoding header. */
  #startGunzip(headers: CollectedResponse["headers"]): void {
    const { "content-encoding": _encoding, "content-length": _length, ...plain } = headers;
    this.#headers = plain;
    // Larger output chunks than zlib's 16 KiB: a quarter of the callbacks for a LIST of many megabytes.
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
    this.#gunzip = gunzip;
    gunzip.on("data", (chunk: Buffer) => {
      if (this.#controller !== undefined) this.#add(this.#controller, chunk);
    });
    gunzip.once("end", () => this.#finish());
    gunzip.once("error", (error) => {
      // Failed first, so that the abort's own error callback finds the request settled. zlib's error keeps its code
      // (Z_DATA_ERROR…), which the transport reports as a bad response.
      this.onResponseError(null, error);
      this.#controller?.abort(error);
    });
  }

  #add(controller: Controller, chunk: Buffer): void {
    if (this.#settled) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= this.#limit) {
      // An oversized error page is not read to its end.
      this.#finish();
      controller.abort(new Error("error body limit reached"));
    }
  }

  #finish(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#gunzip?.destroy();
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#size);
    this.#resolve({ statusCode: this.#status, statusText: this.#statusText, headers: this.#headers, body });
  }
}

function isGzip(encoding: string | string[] | undefined): boolean {
  return typeof encoding === "string" && encoding.trim().toLowerCase() === "gzip";
}
