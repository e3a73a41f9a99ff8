/**
 * A TCP connection to a pod's port through the API server (`pods/portforward`, what `kubectl port-forward` uses), as
 * a Node stream and without a local listening port: one WebSocket per connection, speaking the kubelet's
 * `v4.channel.k8s.io` framing. Every message starts with its channel: 0 carries the connection's bytes, 1 the
 * kubelet's error text; the first message on each channel is the port number (2 bytes, little-endian).
 */
import { Duplex } from "node:stream";
import type { WebSocket } from "undici";
import type { WebSocketRequest } from "../transport/web-socket.ts";

/** The WebSocket subprotocol of port forwarding. */
export const PORT_FORWARD_PROTOCOL = "v4.channel.k8s.io";

const DATA_CHANNEL = 0;
const ERROR_CHANNEL = 1;

/** Where to forward to. */
export interface PortForwardTarget {
  namespace: string;
  pod: string;
  port: number;
  signal?: AbortSignal;
}

/** What port forwarding needs from a connection. */
export interface WebSocketOpener {
  webSocket(request: WebSocketRequest): Promise<WebSocket>;
}

/** The kubelet could not connect to the pod's port (nothing listens there, the pod is gone, ...). */
export class PortForwardError extends Error {
  readonly pod: string;
  readonly namespace: string;
  readonly port: number;

  /** The forward that failed, and how. */
  constructor(target: PortForwardTarget, detail: string) {
    super(`port-forward to ${target.namespace}/${target.pod}:${target.port} failed: ${detail}`);
    this.name = "PortForwardError";
    this.pod = target.pod;
    this.namespace = target.namespace;
    this.port = target.port;
  }
}

/**
 * Opens a connection to `target.port` of a pod. Reading ends when the pod side closes; an error the kubelet reports
 * destroys the stream with a {@link PortForwardError}. Ending or destroying the stream closes the WebSocket.
 */
export async function openPortForward(opener: WebSocketOpener, target: PortForwardTarget): Promise<Duplex> {
  const socket = await opener.webSocket({
    path: `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward`,
    query: { ports: target.port },
    protocols: [PORT_FORWARD_PROTOCOL],
    ...(target.signal ? { signal: target.signal } : {}),
  });
  return new PortForwardStream(socket, target);
}

class PortForwardStream extends Duplex {
  readonly #socket: WebSocket;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;
  // Each channel's first message is its port number, not data.
  readonly #portSeen = [false, false];
  #errorText = "";

  constructor(socket: WebSocket, target: PortForwardTarget) {
    super();
    this.#socket = socket;
    socket.addEventListener("message", (event) => {
      const message = Buffer.from(event.data as ArrayBuffer);
      const channel = message[0];
      if (channel !== DATA_CHANNEL && channel !== ERROR_CHANNEL) return;
      let payload = message.subarray(1);
      if (!this.#portSeen[channel]) {
        this.#portSeen[channel] = true;
        payload = payload.subarray(2);
      }
      if (payload.length === 0) return;
      if (channel === DATA_CHANNEL) this.push(payload);
      else this.#errorText += payload.toString("utf8");
    });
    socket.addEventListener("close", () => {
      if (this.#errorText !== "") this.destroy(new PortForwardError(target, this.#errorText.trim()));
      else this.push(null);
    });
    socket.addEventListener("error", () => {
      if (!this.destroyed) this.destroy(new PortForwardError(target, "the WebSocket to the API server failed"));
    });
    this.#signal = target.signal;
    this.#onAbort = () => this.destroy(target.signal?.reason as Error);
    target.signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  override _read(): void {
    // Messages are pushed as they arrive; WebSocket has no pause to apply back-pressure with.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return callback(new Error("the port-forward WebSocket is closed"));
    const frame = Buffer.allocUnsafe(chunk.length + 1);
    frame[0] = DATA_CHANNEL;
    chunk.copy(frame, 1);
    this.#socket.send(frame);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    // A WebSocket cannot half-close: the connection ends when this side is done writing.
    this.#socket.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING) this.#socket.close();
    callback(error);
  }
}
