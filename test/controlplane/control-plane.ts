/**
 * Lifecycle of the local cluster, shared by `cluster.ts up|down` and the vitest global setup: reuse a healthy one,
 * otherwise build what it runs, start its components wave by wave (box.ts), and record it in `.cluster/`.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import { parse } from "yaml";
import { type AdminConnection, toKubeconfig } from "./bootstrap.ts";
import { ensureBinaries } from "./build.ts";
import type { BinaryPaths } from "./binaries.ts";
import { binariesOf, clusters, componentsOf } from "./box.ts";
import { type ClusterCredentials, createCredentials, loadCredentials } from "./certificates.ts";
import type { BoxContext, Component, PodTiming, Profile } from "./components/component.ts";
import { clusterDir, clusterFiles } from "./paths.ts";
import { findFreePort, isOurProcess, type ProcessRecord, residentKiB, spawnDetached, stopProcess, untilPortsFree } from "./processes.ts";

export type { Profile } from "./components/component.ts";

/** Who started a cluster: the global setup stops only clusters it started itself. */
export type StartedBy = "cluster:up" | "vitest";

/** Everything `down` and later `up` runs need, persisted as `.cluster/state.json`. */
export interface ClusterState {
  profile: Profile;
  version: string;
  startedBy: StartedBy;
  startedAt: string;
  server: string;
  kubeconfig: string;
  caFile: string;
  /** Log file of each component, by name. */
  logs: Record<string, string>;
  /** Loopback ports by `<component>.<listener>`. */
  ports: Record<string, number>;
  processes: ProcessRecord[];
  /** The simulated kubelet's timing the cluster was started with. */
  podTiming: PodTiming;
  /** False until every component is ready and installed, so an interrupted `up` is never reused as is. */
  bootstrapped: boolean;
  startupMs?: number;
}

/** How tests and tools connect: the admin identity plus the kubeconfig path for kubectl. */
export interface ControlPlaneConnection extends AdminConnection {
  kubeconfig: string;
  /** `gitVersion` from the apiserver's /version. */
  version: string;
  /** Which cluster runs: `kubeflow` has the controllers, kwok's nodes, JobSet and the Trainer. */
  profile: Profile;
}

/** Result of {@link upCluster}. */
export interface UpResult {
  connection: ControlPlaneConnection;
  /** True when an already running, healthy cluster was reused (nothing was started). */
  reused: boolean;
  state: ClusterState | undefined;
}

/** Options of {@link upCluster}. */
export interface UpOptions {
  /** Which cluster; default `apiserver`. A running `kubeflow` box also serves an `apiserver` request. */
  profile?: Profile;
  /** Pod phase timing of the simulated kubelet; default 1 s to start, 4 s to run (`KUBEFLOW_BOX_POD_RUN_MS`). */
  podTiming?: Partial<PodTiming>;
}

const readyTimeoutMs = 120_000;

/** Reads `.cluster/state.json`, or undefined when there is none (or it is unreadable). */
export async function readState(): Promise<ClusterState | undefined> {
  try {
    return JSON.parse(await readFile(clusterFiles.state, "utf8")) as ClusterState;
  } catch {
    return undefined;
  }
}

/**
 * The cluster `.cluster/kubeconfig` points at, if it answers /readyz right now and every process it recorded still
 * runs. This is the reuse test: whoever started it (`cluster:up`, an earlier kept test run), it is good to use.
 */
export async function findReadyCluster(): Promise<ControlPlaneConnection | undefined> {
  if (!existsSync(clusterFiles.kubeconfig)) return undefined;
  const state = await readState();
  if (state === undefined || !state.bootstrapped || !state.processes.every(isOurProcess)) return undefined;
  try {
    const admin = parseAdminKubeconfig(await readFile(clusterFiles.kubeconfig, "utf8"));
    const version = await probe(admin);
    return version === undefined ? undefined : { ...admin, kubeconfig: clusterFiles.kubeconfig, version, profile: state.profile ?? "apiserver" };
  } catch {
    return undefined;
  }
}

/** Starts (or reuses) the cluster; idempotent. `log` receives human-readable progress lines. */
export async function upCluster(startedBy: StartedBy, log: (line: string) => void, options: UpOptions = {}): Promise<UpResult> {
  const profile = options.profile ?? "apiserver";
  const started = Date.now();
  const ready = await findReadyCluster();
  const previous = await readState();
  if (ready !== undefined && (ready.profile === profile || ready.profile === "kubeflow")) {
    log(`reusing the running ${ready.profile} cluster at ${ready.server} (${ready.version})`);
    return { connection: ready, reused: true, state: previous };
  }
  if (ready !== undefined) log(`the running cluster is ${ready.profile}-only: stopping it to start the ${profile} cluster`);
  else if (previous !== undefined || existsSync(clusterDir)) log("found a stale .cluster/ (not ready): stopping what it recorded and starting fresh");
  if (ready !== undefined || previous !== undefined || existsSync(clusterDir)) await downCluster(() => {});

  const binaries = await ensureBinaries(binariesOf(profile), log);
  log(binaries.built.length > 0 ? `built ${binaries.built.join(", ")}` : `using cached binaries ${binaries.version}`);
  const startStarted = Date.now();
  await mkdir(clusterDir, { recursive: true });
  const credentials = await createCredentials(clusterDir);
  const ports: Record<string, number> = {};
  for (const component of componentsOf(profile)) {
    for (const name of component.ports) ports[`${component.name}.${name}`] = await findFreePort();
  }
  const server = `https://127.0.0.1:${ports["kube-apiserver.secure"]}`;
  const admin: AdminConnection = { server, caPem: credentials.caPem, token: credentials.adminToken };
  const state: ClusterState = {
    profile,
    version: binaries.version,
    startedBy,
    startedAt: new Date().toISOString(),
    server,
    kubeconfig: clusterFiles.kubeconfig,
    caFile: credentials.caCert,
    logs: Object.fromEntries(componentsOf(profile).map((c) => [c.name, logFile(c)])),
    ports,
    processes: [],
    podTiming: { startMs: 1_000, runMs: Number(process.env.KUBEFLOW_BOX_POD_RUN_MS ?? 4_000), ...options.podTiming },
    bootstrapped: false,
  };
  const context = boxContext(state, credentials, binaries.paths, log);
  await writeFile(clusterFiles.kubeconfig, toKubeconfig(admin), { mode: 0o600 });
  await writeState(state);

  // Ctrl-C (or a TERM) during start-up: stop what was started, so nothing is left behind, then exit as interrupted.
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping what was started`);
    void stopAll(state).finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    for (const wave of clusters[profile]) {
      await Promise.all(wave.map((component) => startComponent(component, context, state, startStarted)));
    }
    state.bootstrapped = true;
    state.startupMs = Date.now() - startStarted;
    await writeState(state);
  } catch (error) {
    await stopAll(state);
    const first = error instanceof Error ? error.message : String(error);
    const tails = await logTails(state, error instanceof ComponentError ? [error.component] : Object.keys(state.logs));
    throw new Error(`${first}${tails}`, { cause: error });
  } finally {
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
  }
  const version = (await probe(admin)) ?? binaries.version;
  log(`${profile} cluster ${version} up in ${seconds(startStarted)} (total ${seconds(started)}); ${memorySummary(state)}`);
  log(`kubeconfig: ${clusterFiles.kubeconfig}`);
  return { connection: { ...admin, kubeconfig: clusterFiles.kubeconfig, version, profile }, reused: false, state };
}

/** Stops the processes recorded in `.cluster/state.json` (only if they are still ours) and removes `.cluster/`. */
export async function downCluster(log: (line: string) => void): Promise<void> {
  const state = await readState();
  if (state !== undefined) await stopAll(state, log);
  await rm(clusterDir, { recursive: true, force: true });
  log("removed .cluster/");
}

/** RSS of the running processes, for start-up reports and the docs' memory figures. */
export function memorySummary(state: ClusterState): string {
  const parts = state.processes.map((p) => {
    const kib = residentKiB(p.pid);
    return `${p.name} ${kib === undefined ? "?" : Math.round(kib / 1024)} MiB`;
  });
  return `RSS ${parts.join(", ")}`;
}

/**
 * Restarts one component of the running cluster in place: the same ports, certificates, files and etcd data; only
 * its process is new (SIGTERM, or SIGKILL with `kill`, then started again and waited on until ready).
 */
export async function restartComponent(name: string, log: (line: string) => void, options: { kill?: boolean } = {}): Promise<void> {
  const state = await readState();
  if (state === undefined || !state.bootstrapped) throw new Error("no running cluster recorded in .cluster/ (npm run cluster:up)");
  const components = componentsOf(state.profile);
  const component = components.find((c) => c.name === name);
  if (component === undefined) throw new Error(`no component ${name} in the ${state.profile} cluster (it has ${components.map((c) => c.name).join(", ")})`);
  const binaries = await ensureBinaries(binariesOf(state.profile), log);
  const context = boxContext(state, await loadCredentials(clusterDir), binaries.paths, log);
  const index = state.processes.findIndex((record) => record.name === name);
  const record = state.processes[index];
  if (record !== undefined && isOurProcess(record)) {
    log(`${options.kill ? "killing" : "stopping"} ${name} (pid ${record.pid})`);
    await stopProcess(record, undefined, options.kill ? "SIGKILL" : "SIGTERM");
    await untilPortsFree(component.ports.map((port) => context.port(name, port)));
  }
  if (index >= 0) state.processes.splice(index, 1);
  const started = Date.now();
  await launch(component, context, state);
  log(`${name} restarted and ready (${seconds(started)})`);
}

/** What a component may read, for the cluster `state` records. */
function boxContext(state: ClusterState, credentials: ClusterCredentials, binaries: BinaryPaths, log: (line: string) => void): BoxContext {
  return {
    profile: state.profile,
    dir: clusterDir,
    credentials,
    admin: { server: state.server, caPem: credentials.caPem, token: credentials.adminToken },
    kubeconfig: clusterFiles.kubeconfig,
    binaries,
    port(component, name) {
      const port = state.ports[`${component}.${name}`];
      if (port === undefined) throw new Error(`no port ${name} allocated for ${component}`);
      return port;
    },
    podTiming: state.podTiming,
    log,
  };
}

/** A start-up failure of one component: its message is the one line `cluster:up` prints first. */
class ComponentError extends Error {
  readonly component: string;
  constructor(component: string, message: string) {
    super(message);
    this.component = component;
  }
}

/** Prepares, starts, probes until ready and installs one component, recording its process in `state`. */
async function startComponent(component: Component, context: BoxContext, state: ClusterState, since: number): Promise<void> {
  const log = logFile(component);
  const fail = (what: string, error?: unknown): ComponentError =>
    new ComponentError(component.name, `${component.name} ${what}${error === undefined ? "" : `: ${error instanceof Error ? error.message : String(error)}`}; see ${log}`);
  try {
    await component.prepare?.(context);
  } catch (error) {
    throw fail("could not be prepared", error);
  }
  await launch(component, context, state);
  let installed: string | void;
  try {
    installed = await component.install?.(context);
  } catch (error) {
    throw fail("started, but installing what depends on it failed", error);
  }
  context.log(`${component.name} ready (${seconds(since)})${installed ? `: ${installed}` : ""}`);
}

/** Starts a prepared component's process, records it in `state`, and waits until it is ready. */
async function launch(component: Component, context: BoxContext, state: ClusterState): Promise<void> {
  const log = logFile(component);
  const fail = (what: string): ComponentError => new ComponentError(component.name, `${component.name} ${what}; see ${log}`);
  const { binary } = component;
  const command = binary === "node" ? process.execPath : typeof binary === "object" ? binary.system : context.binaries[binary];
  const record = spawnDetached(component.name, command, await component.args(context), log, clusterDir, component.env?.(context));
  state.processes.push(record);
  await writeState(state);
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await component.ready(context))) {
    if (!isOurProcess(record)) throw fail(`exited during start-up${lastLine(log)}`);
    if (Date.now() > deadline) throw fail(`not ready after ${readyTimeoutMs / 1000}s`);
    await sleep(250);
  }
}

/** Stops the recorded processes, newest first (so the apiserver does not log a storm of etcd errors). */
async function stopAll(state: ClusterState, log: (line: string) => void = () => {}): Promise<void> {
  for (const record of [...state.processes].reverse()) {
    if (isOurProcess(record)) {
      log(`stopping ${record.name} (pid ${record.pid})`);
      await stopProcess(record);
    }
  }
  state.processes = [];
  if (existsSync(clusterDir)) await writeState(state);
}

/** The last line a process wrote to its log (usually why it exited), as `: <line>`, or "" when there is none. */
function lastLine(logPath: string): string {
  try {
    const tail = readFileSync(logPath, "utf8").slice(-4096).trimEnd().split("\n").at(-1)?.trim() ?? "";
    return tail === "" ? "" : `: ${tail.length > 300 ? `${tail.slice(0, 300)}…` : tail}`;
  } catch {
    return "";
  }
}

function logFile(component: Component): string {
  return join(clusterDir, `${component.name}.log`);
}

/** One /readyz + /version probe; the version string when ready, undefined otherwise. */
async function probe(admin: AdminConnection): Promise<string | undefined> {
  const dispatcher = new Agent({ connect: { ca: admin.caPem, timeout: 2_000 } });
  try {
    const headers = { authorization: `Bearer ${admin.token}` };
    const ready = await request(`${admin.server}/readyz`, { dispatcher, headers, headersTimeout: 3_000 });
    if (ready.statusCode !== 200 || (await ready.body.text()).trim() !== "ok") return undefined;
    const version = await request(`${admin.server}/version`, { dispatcher, headers, headersTimeout: 3_000 });
    const body = (await version.body.json()) as { gitVersion?: string };
    return body.gitVersion ?? "unknown";
  } catch {
    return undefined;
  } finally {
    await dispatcher.close();
  }
}

/** Reads server, CA and token of the current context; only the shape this module writes is supported. */
function parseAdminKubeconfig(text: string): AdminConnection {
  interface Kubeconfig {
    "current-context"?: string;
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string; cluster: { server: string; "certificate-authority-data"?: string } }[];
    users?: { name: string; user: { token?: string } }[];
  }
  const config = parse(text) as Kubeconfig;
  const context = config.contexts?.find((c) => c.name === config["current-context"])?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user)?.user;
  if (cluster === undefined || user?.token === undefined || cluster["certificate-authority-data"] === undefined) {
    throw new Error("kubeconfig lacks server, CA data or token");
  }
  const caPem = Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8");
  return { server: cluster.server, caPem, token: user.token };
}

async function writeState(state: ClusterState): Promise<void> {
  await writeFile(clusterFiles.state, `${JSON.stringify(state, null, 2)}\n`);
}

async function logTails(state: ClusterState, names: readonly string[]): Promise<string> {
  let out = "";
  for (const name of names) {
    const file = state.logs[name];
    if (file === undefined) continue;
    try {
      const lines = (await readFile(file, "utf8")).trimEnd().split("\n").slice(-15);
      out += `\n--- last lines of ${file} (${name}) ---\n${lines.join("\n")}`;
    } catch {
      // No log yet: that process was never started.
    }
  }
  return out;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}
