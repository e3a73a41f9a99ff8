/**
 * A plain-http stand-in for the API server on loopback (where the transport allows a bearer token over http):
 * canned JSON answers per "METHOD path", and a record of what was asked, for unit tests of the CLI.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { onTestFinished } from "vitest";

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A canned answer. */
export interface FakeResponse {
  status?: number;
  body?: unknown;
}

/** The fake server: its URL and the requests it got. */
export interface FakeApiServer {
  url: string;
  requests: RecordedRequest[];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts a server answering `routes["GET /path"]` (query ignored), 404 Status otherwise; closed when the test ends. */
export async function startFakeApiServer(routes: Record<string, FakeResponse | ((body: string) => FakeResponse)>): Promise<FakeApiServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = request.url ?? "/";
      requests.push({ method: request.method ?? "GET", url, authorization: request.headers.authorization, body });
      const route = routes[`${request.method} ${url.split("?")[0]}`];
      const answer = typeof route === "function" ? route(body) : (route ?? { status: 404, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: "the server could not find the requested resource" } });
      response.writeHead(answer.status ?? 200, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, requests };
}
