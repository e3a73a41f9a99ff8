/**
 * The kubelet API of the simulated nodes (`node kubelet-api/main.ts --port … --kwok …`): the apiserver's pods/log
 * lands here. Container logs are served from the pod's own status (see container-log.ts) because kwok's log reader
 * never ends a `follow` (it cannot tell that a simulated container stopped); every other kubelet path (exec, attach,
 * port-forward, healthz) is passed through to kwok unchanged.
 */
import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer } from "node:https";
import { connect } from "node:net";
import { parseArgs } from "node:util";
import { KubeApi } from "../kube-api.ts";
import { containerLog, containerStatus, findContainer, type LoggedPod, type LogQuery, renderLine, renderLog } from "./container-log.ts";

const { values: flags } = parseArgs({
  options: {
    port: { type: "string" },
    cert: { type: "string" },
    key: { type: "string" },
    server: { type: "string" },
    ca: { type: "string" },
    "token-file": { type: "string" },
    kwok: { type: "string" },
  },
});
for (const name of ["port", "cert", "key", "server", "ca", "token-file", "kwok"] as const) {
  if (!flags[name]) throw new Error(`kubelet-api: --${name} is required`);
}
const api = new KubeApi(flags.server as string, flags.ca as string, flags["token-file"] as string);
const [kwokHost, kwokPort] = (flags.kwok as string).split(":") as [string, string];

const logPath = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/;

const server = createServer({ cert: readFileSync(flags.cert as string), key: readFileSync(flags.key as string) }, (req, res) => {
  const url = new URL(req.url ?? "/", "https://kubelet");
  const match = logPath.exec(url.pathname);
  if (req.method === "GET" && match) {
    serveLogs(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!), decodeURIComponent(match[3]!), url, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`kubelet-api: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    return;
  }
  passToKwok(req, res);
});
// exec, attach and port-forward upgrade the connection: relay the raw bytes both ways.
server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
  const upstream = connect(Number(kwokPort), kwokHost, () => {
    const headers = Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]));
    upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`);
    upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  upstream.on("error", () => socket.destroy());
  socket.on("error", () => upstream.destroy());
});
server.listen(Number(flags.port), "127.0.0.1", () => console.log(`kubelet-api serving on 127.0.0.1:${flags.port}, other paths to kwok at ${flags.kwok}`));
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());

async function serveLogs(namespace: string, name: string, containerName: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const podPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
  const got = await api.send<LoggedPod & { metadata: { resourceVersion?: string } }>("GET", podPath);
  if (got.status !== 200) return reply(res, got.status, `pod "${name}" not found`);
  let pod = got.body;
  const container = findContainer(pod, containerName);
  if (container === undefined) return reply(res, 400, `container ${containerName} is not valid for pod ${name}`);
  const status = containerStatus(pod, containerName);
  if (status?.state?.running === undefined && status?.state?.terminated === undefined) {
    return reply(res, 400, `container "${containerName}" in pod "${name}" is waiting to start: ${status?.state?.waiting?.reason ?? "ContainerCreating"}`);
  }
  const query = parseQuery(url);
  const lines = containerLog(container, status);
  res.writeHead(200, { "content-type": "text/plain" });
  res.write(renderLog(lines, query));
  if (url.searchParams.get("follow") !== "true" || status.state?.terminated !== undefined) return void res.end();

  // Follow: hold the stream open until the container ends (the kubelet ends it then), or the pod goes away.
  const aborted = new AbortController();
  req.on("close", () => aborted.abort());
  const watchPath = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods?fieldSelector=metadata.name%3D${encodeURIComponent(name)}`;
  try {
    for await (const event of api.watchOnce<typeof pod>(watchPath, pod.metadata.resourceVersion ?? "", aborted.signal)) {
      if (event.type === "DELETED") break;
      pod = event.object;
      const now = containerStatus(pod, containerName);
      if (now?.state?.terminated !== undefined) {
        const last = containerLog(container, now).at(-1)!;
        res.write(renderLine(last, query.timestamps));
        break;
      }
    }
  } catch (error) {
    if (!aborted.signal.aborted) throw error;
  }
  res.end();
}

function parseQuery(url: URL): LogQuery {
  const number = (key: string): number | undefined => {
    const value = url.searchParams.get(key);
    return value === null || value === "" ? undefined : Number(value);
  };
  const query: LogQuery = { timestamps: url.searchParams.get("timestamps") === "true" };
  const tailLines = number("tailLines");
  const sinceSeconds = number("sinceSeconds");
  const limitBytes = number("limitBytes");
  if (tailLines !== undefined) query.tailLines = tailLines;
  if (sinceSeconds !== undefined) query.sinceSeconds = sinceSeconds;
  if (limitBytes !== undefined) query.limitBytes = limitBytes;
  return query;
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(`${message}\n`);
}

function passToKwok(req: IncomingMessage, res: ServerResponse): void {
  const forwarded = httpRequest({ host: kwokHost, port: Number(kwokPort), method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forwarded.on("error", () => reply(res, 502, "kwok is not reachable"));
  req.pipe(forwarded);
}
