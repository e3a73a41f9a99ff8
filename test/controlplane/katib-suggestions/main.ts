/**
 * The box's suggestion services (`node katib-suggestions/main.ts …`). In a cluster, Katib runs a Deployment per
 * Suggestion and dials its Service, `<suggestion>-<algorithm>.<namespace>:6789`. Here the Deployment's pod is
 * kwok's, so this program runs the real service for it: one Goptuna process per Suggestion, on a loopback port of its
 * own, recorded in the endpoints file katib-controller resolves those names through. Stopped with the Suggestion.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, renameSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KubeApi, type ObjectMeta } from "../kube-api.ts";

const { values: flags } = parseArgs({
  options: {
    server: { type: "string" },
    ca: { type: "string" },
    "token-file": { type: "string" },
    goptuna: { type: "string" },
    algorithms: { type: "string" },
    "endpoints-file": { type: "string" },
    "log-dir": { type: "string" },
    port: { type: "string" },
  },
});
for (const name of ["server", "ca", "token-file", "goptuna", "algorithms", "endpoints-file", "log-dir", "port"] as const) {
  if (!flags[name]) throw new Error(`katib-suggestions: --${name} is required`);
}
const api = new KubeApi(flags.server as string, flags.ca as string, flags["token-file"] as string);
const algorithms = new Set((flags.algorithms as string).split(","));

interface Suggestion extends ObjectMeta {
  spec: { algorithm?: { algorithmName?: string } };
}

/** Running services by Suggestion uid. */
const services = new Map<string, { endpoint: string; address: string; child: ChildProcess }>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function writeEndpoints(): void {
  const file = flags["endpoints-file"] as string;
  const endpoints = Object.fromEntries([...services.values()].map((service) => [service.endpoint, service.address]));
  writeFileSync(`${file}.tmp`, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

async function start(suggestion: Suggestion): Promise<void> {
  const { uid = "", name, namespace = "default" } = suggestion.metadata;
  const algorithm = suggestion.spec.algorithm?.algorithmName ?? "";
  if (services.has(uid)) return;
  if (!algorithms.has(algorithm)) {
    console.log(`suggestion ${namespace}/${name}: algorithm ${algorithm} is not served in the box (${[...algorithms].join(", ")} are)`);
    return;
  }
  const address = `127.0.0.1:${await freePort()}`;
  const log = openSync(join(flags["log-dir"] as string, `${namespace}_${name}-${algorithm}.log`), "a");
  const child = spawn(flags.goptuna as string, [`--address=${address}`], { stdio: ["ignore", log, log] });
  const endpoint = `${name}-${algorithm}.${namespace}:6789`;
  services.set(uid, { endpoint, address, child });
  child.on("exit", (code, signal) => console.log(`suggestion service ${endpoint} exited (${signal ?? code})`));
  writeEndpoints();
  console.log(`suggestion service ${endpoint} → ${address} (pid ${child.pid})`);
}

function stop(suggestion: Suggestion): void {
  const service = services.get(suggestion.metadata.uid ?? "");
  if (service === undefined) return;
  service.child.kill("SIGTERM");
  services.delete(suggestion.metadata.uid ?? "");
  writeEndpoints();
  console.log(`suggestion service ${service.endpoint} stopped`);
}

const aborted = new AbortController();
const health = createHttpServer((_req, res) => void res.end("ok")).listen(Number(flags.port), "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    aborted.abort();
    for (const service of services.values()) service.child.kill("SIGTERM");
    health.close();
    process.exit(0);
  });
}

writeEndpoints();
for await (const event of api.informer<Suggestion>("/apis/kubeflow.org/v1beta1/suggestions", aborted.signal)) {
  if (event.type === "DELETED") stop(event.object);
  else await start(event.object);
}
