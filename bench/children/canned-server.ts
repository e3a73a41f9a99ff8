/**
 * The canned HTTPS API server of the request-overhead family, run as its own process so it does not share an event
 * loop with the client being measured. Fixed, pre-serialized JSON bodies; keep-alive; loopback only.
 *
 * argv: <cert.pem> <key.pem> <list size>. Prints `{"port":N}` once listening; exits when stdin closes.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import { servedExperiment } from "../lib/fixtures.ts";

const [certFile, keyFile, listSizeText] = process.argv.slice(2);
if (certFile === undefined || keyFile === undefined) throw new Error("usage: canned-server.ts <cert> <key> <list size>");
const NAMESPACE = "bench";
const listSize = Number(listSizeText ?? 50);

const itemBody = Buffer.from(JSON.stringify(servedExperiment("exp-0", NAMESPACE)));
const items = Array.from({ length: listSize }, (_, i) => servedExperiment(`exp-${i}`, NAMESPACE, i));
const listBody = Buffer.from(JSON.stringify({ apiVersion: "kubeflow.org/v1beta1", kind: "ExperimentList", metadata: { resourceVersion: "5000" }, items }));
const unauthorized = Buffer.from(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Unauthorized", code: 401 }));
const notFound = Buffer.from(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
const collection = `/apis/kubeflow.org/v1beta1/namespaces/${NAMESPACE}/experiments`;

const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAlive: true }, (req, res) => {
  const path = (req.url ?? "").split("?")[0];
  // Every client must authenticate: a missing token would make one client look cheaper than the others.
  const [status, body] = !req.headers.authorization?.startsWith("Bearer ")
    ? [401, unauthorized]
    : path === collection
      ? [200, listBody]
      : path === `${collection}/exp-0`
        ? [200, itemBody]
        : [404, notFound];
  res.writeHead(status, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0, listBytes: listBody.length, itemBytes: itemBody.length })}\n`);
});
// The parent closes stdin to stop the server; a parent that dies closes it too, so the server never lingers.
process.stdin.on("end", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.stdin.resume();
// Bounded in time whatever happens: never outlive a bench run.
setTimeout(() => process.exit(0), 20 * 60_000).unref();
