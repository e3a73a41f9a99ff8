/**
 * A local HTTP(S) server for fault injection that also answers "did anything stay open?": it counts requests as
 * they arrive (before their body), knows its open sockets, and cancels the timers its handlers scheduled when it
 * closes, so a slow-answer case cannot keep a process alive.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type ServerOptions } from "node:https";
import type { AddressInfo, Socket } from "node:net";

/** What a fault handler gets besides the request and response. */
export interface FaultTools {
  /** `setTimeout` that is cancelled when the server closes. */
  later(fn: () => void, ms: number): void;
  /** 1-based number of this request on the server. */
  attempt: number;
}

/** Answers (or fails) one request. */
export type FaultHandler = (req: IncomingMessage, res: ServerResponse, tools: FaultTools) => void;

/** A running fault server. */
export interface FaultServer {
  url: string;
  /** Requests that reached the server (TLS failures never get here). */
  requests(): number;
  /** Sockets open right now. */
  openSockets(): number;
  /** Closes the listener and destroys open sockets. */
  close(): Promise<void>;
}

/** Starts a fault server on 127.0.0.1 (HTTPS when `tls` is given). */
export async function startFaultServer(handler: FaultHandler, tls?: ServerOptions): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;
  const later = (fn: () => void, ms: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    requests++;
    // Drain the body so a POST's answer is not held up, but answer from the handler at once.
    req.resume();
    handler(req, res, { later, attempt: requests });
  };
  const server: Server = tls === undefined ? createHttpServer(listener) : createHttpsServer(tls, listener);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A failed handshake is the point of the TLS cases; it must not become an unhandled error.
  server.on("tlsClientError", () => {});
  server.on("clientError", (_error, socket: Socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    requests: () => requests,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Replies with a `metav1.Status` failure. */
export function sendStatus(res: ServerResponse, code: number, reason: string, message: string, extra: { details?: Record<string, unknown>; headers?: Record<string, string> } = {}): void {
  const body = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code, ...(extra.details ? { details: extra.details } : {}) };
  res.writeHead(code, { "content-type": "application/json", ...extra.headers });
  res.end(JSON.stringify(body));
}

/** Replies with raw text and a content type. */
export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(text);
}
