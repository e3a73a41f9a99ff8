import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/** A local forward proxy that only tunnels (HTTP CONNECT), as corporate proxies in front of API servers do. */
export interface ConnectProxy {
  url: string;
  /** `host:port` targets of every CONNECT, in order. */
  tunnels: string[];
  /** `Proxy-Authorization` headers received. */
  authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

/**
 * Starts the proxy on 127.0.0.1. `hosts` maps names the proxy resolves itself (e.g. `kube.test` →
 * `127.0.0.1`), so a test can prove a request went through the proxy: the client alone cannot resolve them.
 */
export async function startConnectProxy(hosts: Record<string, string> = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end("tunnels only");
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    tunnels.push(target);
    authorizations.push(req.headers["proxy-authorization"]);
    const sep = target.lastIndexOf(":");
    const host = target.slice(0, sep);
    const upstream = connect(Number(target.slice(sep + 1)), hosts[host] ?? host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
