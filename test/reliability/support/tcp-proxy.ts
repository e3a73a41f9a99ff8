/**
 * A loopback TCP relay between a client and a server, for faults below HTTP: it copies bytes both ways without
 * looking at them (TLS passes through untouched, so the client still verifies the real server's certificate), and
 * the test can cut every connection at once or have the proxy swallow the answer to a request it forwarded.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

/** Drop mode: forward the request, never the answer. */
export interface DropAnswersOptions {
  /** Once a connection's client has sent more than this many bytes, nothing more goes from the server to it. */
  afterClientBytes: number;
  /** Then both sides are destroyed after this long (time for the server to act on what it received). */
  closeAfterMs: number;
}

/** A running proxy. */
export interface TcpProxy {
  /** Port on 127.0.0.1. */
  readonly port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections open right now. */
  open(): number;
  /** Bytes the clients sent, over all connections. */
  clientBytes(): number;
  /** Destroys every open connection (both sides); returns how many were cut. */
  cut(): number;
  /** Applies to connections accepted from now on; `undefined` switches it off. */
  dropAnswers(options: DropAnswersOptions | undefined): void;
  /** Connections whose answer was swallowed. */
  dropped(): number;
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 (random port) toward `targetHost:targetPort`. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  let clientBytes = 0;
  let dropped = 0;
  let drop: DropAnswersOptions | undefined;

  const server: Server = createServer((client) => {
    accepted++;
    const mode = drop;
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    let sent = 0;
    let swallowing = false;
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on("data", (chunk: Buffer) => {
      sent += chunk.length;
      clientBytes += chunk.length;
      upstream.write(chunk);
      if (mode !== undefined && !swallowing && sent > mode.afterClientBytes) {
        swallowing = true;
        dropped++;
        setTimeout(end, mode.closeAfterMs);
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!swallowing) client.write(chunk);
    });
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    accepted: () => accepted,
    open: () => pairs.size,
    clientBytes: () => clientBytes,
    cut: () => {
      const count = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return count;
    },
    dropAnswers: (options) => {
      drop = options;
    },
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}
