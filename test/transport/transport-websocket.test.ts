/**
 * WebSockets through the transport, and port-forward framing on them, against a real HTTPS server with a generated CA
 * that plays the apiserver's side of pods/portforward: the handshake carries the client's token and subprotocol over
 * the client's TLS; the `v4.channel.k8s.io` frames go both ways; a refused handshake comes back as the typed error
 * the apiserver's answer means.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { openPortForward, PortForwardError, type WebSocketOpener } from "../../src/resource/port-forward.ts";
import { ForbiddenError } from "../../src/transport/errors.ts";
import { NetworkError } from "../../src/transport/network-errors.ts";
import { createTransport } from "../../src/transport/transport.ts";
import { TestPki, type IssuedCertificate } from "../support/tls/generate-certificates.ts";
import { tokenConfig } from "./helpers/cluster-config.ts";
import { statusBody } from "./helpers/local-server.ts";

const TOKEN = "websocket-test-token-0123456789";
let pki: TestPki;
let root: IssuedCertificate;
let leaf: IssuedCertificate;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(() => {
  pki = new TestPki();
  root = pki.createRoot("kube-root-ca");
  leaf = pki.issue(root, { commonName: "kube-apiserver", altNames: ["IP:127.0.0.1"] });
});
afterAll(() => pki.dispose());
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

interface Upgrade {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  socket: Duplex;
}

/** An HTTPS server: `onUpgrade` gets WebSocket handshakes, `onGet` plain requests (as `[status, body]`). */
async function apiserver(onUpgrade: (upgrade: Upgrade) => void, onGet: () => [number, unknown] = () => [400, statusBody(400, "BadRequest", "Upgrade request required")]): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => {
    const [status, body] = onGet();
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (req, socket: Duplex) => onUpgrade({ url: req.url ?? "", headers: req.headers, socket }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function open(server: string, timeoutMs = 5_000): WebSocketOpener {
  const transport = createTransport(tokenConfig(server, TOKEN, { tls: { insecureSkipTlsVerify: false, certificateAuthorityData: root.cert } }), { retry: false, timeoutMs });
  cleanup.push(() => transport.close());
  return { webSocket: (request) => transport.webSocket!(request) };
}

/** Completes the handshake (RFC 6455) with `protocol`. */
function accept(upgrade: Upgrade, protocol: string): void {
  const key = createHash("sha1").update(`${String(upgrade.headers["sec-websocket-key"])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  upgrade.socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${key}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
}

/** One unmasked binary frame from the server (payloads under 126 bytes). */
function binaryFrame(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x82, payload.length]), payload]);
}

/** The payloads of the masked frames a client sent (small frames only), close frames left out. */
function clientPayloads(bytes: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  for (let at = 0; at + 6 <= bytes.length; ) {
    const opcode = bytes[at]! & 0x0f;
    const length = bytes[at + 1]! & 0x7f;
    const mask = bytes.subarray(at + 2, at + 6);
    const payload = Buffer.from(bytes.subarray(at + 6, at + 6 + length).map((byte, i) => byte ^ mask[i % 4]!));
    if (opcode === 0x2) payloads.push(payload);
    at += 6 + length;
  }
  return payloads;
}

const portPrefix = (channel: number, port: number): Buffer => Buffer.from([channel, port & 0xff, port >> 8]);

test("a port-forward: the handshake carries token and subprotocol; bytes go both ways on channel 0; the port prefixes are not data", async () => {
  let seen: Upgrade | undefined;
  const received: Buffer[] = [];
  const server = await apiserver((upgrade) => {
    seen = upgrade;
    accept(upgrade, "v4.channel.k8s.io");
    upgrade.socket.write(binaryFrame(portPrefix(0, 6789)));
    upgrade.socket.write(binaryFrame(portPrefix(1, 6789)));
    upgrade.socket.write(binaryFrame(Buffer.concat([Buffer.from([0]), Buffer.from("from the pod")])));
    upgrade.socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      if (clientPayloads(Buffer.concat(received)).length === 1) upgrade.socket.end(Buffer.from([0x88, 0x00]));
    });
  });
  const stream = await openPortForward(open(server), { namespace: "kubeflow", pod: "katib-db-manager-0", port: 6789 });
  stream.write("to the pod");
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);

  expect(Buffer.concat(chunks).toString()).toBe("from the pod");
  expect(seen?.url).toBe("/api/v1/namespaces/kubeflow/pods/katib-db-manager-0/portforward?ports=6789");
  expect(seen?.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
  expect(seen?.headers["sec-websocket-protocol"]).toBe("v4.channel.k8s.io");
  expect(clientPayloads(Buffer.concat(received))).toEqual([Buffer.concat([Buffer.from([0]), Buffer.from("to the pod")])]);
});

test("the kubelet's text on channel 1 destroys the stream with a PortForwardError naming pod and port", async () => {
  const server = await apiserver((upgrade) => {
    accept(upgrade, "v4.channel.k8s.io");
    upgrade.socket.write(binaryFrame(portPrefix(0, 7000)));
    upgrade.socket.write(binaryFrame(portPrefix(1, 7000)));
    upgrade.socket.write(binaryFrame(Buffer.concat([Buffer.from([1]), Buffer.from("dial tcp 127.0.0.1:7000: connect: connection refused")])));
    upgrade.socket.end(Buffer.from([0x88, 0x00]));
  });
  const stream = await openPortForward(open(server), { namespace: "ns", pod: "p", port: 7000 });
  const error = await new Promise((resolve) => {
    stream.on("error", resolve);
    stream.resume();
  });
  expect(error).toBeInstanceOf(PortForwardError);
  expect((error as Error).message).toBe("port-forward to ns/p:7000 failed: dial tcp 127.0.0.1:7000: connect: connection refused");
});

test("a handshake refused with 403 is the ForbiddenError a plain GET of the path gets, and no token is in it", async () => {
  const server = await apiserver(
    (upgrade) => upgrade.socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n"),
    () => [403, statusBody(403, "Forbidden", 'pods "p" is forbidden: User "system:serviceaccount:ns:user" cannot create resource "pods/portforward" in API group "" in the namespace "ns"')],
  );
  const error = await openPortForward(open(server), { namespace: "ns", pod: "p", port: 1 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ForbiddenError);
  expect((error as ForbiddenError).message).toContain('cannot create resource "pods/portforward"');
  expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(TOKEN);
});

test("a refused upgrade where the plain GET is fine says the upgrade itself was refused", async () => {
  const server = await apiserver((upgrade) => upgrade.socket.end("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
  const error = await openPortForward(open(server), { namespace: "ns", pod: "p", port: 1 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect(error).toMatchObject({ code: "ERR_KUBE_WEBSOCKET" });
  expect((error as Error).message).toMatch(/^the server refused the WebSocket upgrade \(GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/ns\/pods\/p\/portforward\?ports=1\)\. a proxy/);
});

test("a server that never completes the handshake fails at the timeout", async () => {
  const server = await apiserver(() => {
    // Holds the connection without answering.
  });
  const error = await openPortForward(open(server, 300), { namespace: "ns", pod: "p", port: 1 }).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: "TimeoutError" });
  expect((error as Error).message).toContain("the WebSocket handshake did not complete within 300 ms");
});
