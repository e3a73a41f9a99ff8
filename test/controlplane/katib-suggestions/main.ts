/**
 * The box's suggestion services (`node katib-suggestions/main.ts …`). In a cluster, Katib runs a Deployment per
 * Suggestion and dials its Service, `<suggestion>-<algorithm>.<namespace>:6789`. Here the Deployment's pod is
 * kwok's, so this program runs the real service for it: one Goptuna process per Suggestion, on a loopback port of its
 * own, recorded in the endpoints file katib-controller resolves those names through once it listens. Stopped with
 * the Suggestion; restarted if it crashes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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
/** Suggestions whose service is starting (not yet listening). */
const starting = new Set<string>();
/** The Suggestions that exist, by uid: a crashed service is restarted only while its Suggestion does. */
const present = new Set<string>();

function writeEndpoints(): void {
  const file = flags["endpoints-file"] as string;
  const endpoints = Object.fromEntries([...services.values()].map((service) => [service.endpoint, service.address]));
  writeFileSync(`${file}.tmp`, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * Starts one Goptuna process on a port the system picks, and resolves with its address once it listens (it writes
 * the address to a file then), or rejects when it exits or stays silent first. Only then does the endpoint go in the
 * endpoints file, as a Service lists a pod only once it is ready.
 */
async function listen(logName: string): Promise<{ address: string; child: ChildProcess }> {
  const addressFile = join(flags["log-dir"] as string, `${logName}.address`);
  rmSync(addressFile, { force: true });
  const log = openSync(join(flags["log-dir"] as string, `${logName}.log`), "a");
  const child = spawn(flags.goptuna as string, ["--address=127.0.0.1:0", `--address-file=${addressFile}`], { stdio: ["ignore", log, log] });
  closeSync(log);
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = `${signal ?? code}`));
  for (const started = Date.now(); Date.now() - started < LISTEN_TIMEOUT_MS; await sleep(20)) {
    if (existsSync(addressFile)) return { address: readFileSync(addressFile, "utf8").trim(), child };
    if (exited !== undefined) throw new Error(`exited (${exited}) before listening; see ${logName}.log`);
  }
  child.kill("SIGKILL");
  throw new Error(`did not listen within ${LISTEN_TIMEOUT_MS} ms; see ${logName}.log`);
}
const LISTEN_TIMEOUT_MS = 30_000;

async function start(suggestion: Suggestion): Promise<void> {
  const { uid = "", name, namespace = "default" } = suggestion.metadata;
  const algorithm = suggestion.spec.algorithm?.algorithmName ?? "";
  if (services.has(uid) || starting.has(uid)) return;
  if (!algorithms.has(algorithm)) {
    console.log(`suggestion ${namespace}/${name}: algorithm ${algorithm} is not served in the box (${[...algorithms].join(", ")} are)`);
    return;
  }
  const endpoint = `${name}-${algorithm}.${namespace}:6789`;
  starting.add(uid);
  try {
    const { address, child } = await listen(`${namespace}_${name}-${algorithm}`);
    if (!starting.has(uid)) {
      child.kill("SIGTERM"); // the Suggestion went while its service started
      return;
    }
    services.set(uid, { endpoint, address, child });
    writeEndpoints();
    console.log(`suggestion service ${endpoint} → ${address} (pid ${child.pid})`);
    child.once("exit", (code, signal) => {
      if (services.get(uid)?.child !== child) return; // stopped with its Suggestion
      // Crashed: restarted, as a Deployment restarts its pod (the endpoint moves to the new process's port).
      console.log(`suggestion service ${endpoint} exited (${signal ?? code}); restarting it`);
      services.delete(uid);
      writeEndpoints();
      setTimeout(() => {
        if (present.has(uid)) start(suggestion).catch(report(endpoint));
      }, 1_000);
    });
  } finally {
    starting.delete(uid);
  }
}

function stop(suggestion: Suggestion): void {
  const uid = suggestion.metadata.uid ?? "";
  starting.delete(uid);
  const service = services.get(uid);
  if (service === undefined) return;
  services.delete(uid);
  service.child.kill("SIGTERM");
  writeEndpoints();
  console.log(`suggestion service ${service.endpoint} stopped`);
}

/** Logs a service that could not start; the box goes on (Katib reports the Suggestion as not ready, as in a cluster). */
function report(endpoint: string): (error: unknown) => void {
  return (error) => console.log(`suggestion service ${endpoint}: ${error instanceof Error ? error.message : String(error)}`);
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
  const { uid = "", name, namespace } = event.object.metadata;
  if (event.type === "DELETED") {
    present.delete(uid);
    stop(event.object);
  } else {
    present.add(uid);
    await start(event.object).catch(report(`${namespace}/${name}`));
  }
}
