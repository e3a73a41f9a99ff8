/**
 * Lifecycle of the local control plane (etcd + kube-apiserver), shared by `cluster.ts up|down` and the vitest
 * global setup: reuse a healthy one, otherwise build if needed, start, bootstrap, and record it in `.cluster/`.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "undici";
import { parse } from "yaml";
import {
  type AdminConnection,
  crdFiles,
  installCrds,
  installRbac,
  toKubeconfig,
  waitForApiserver,
  waitForEtcd,
} from "./bootstrap.ts";
import { ensureBinaries } from "./build.ts";
import { createCredentials } from "./certificates.ts";
import { apiSourcesDir, clusterDir, clusterFiles } from "./paths.ts";
import { findFreePort, isOurProcess, type ProcessRecord, residentKiB, spawnDetached, stopProcess } from "./processes.ts";

/** Who started a cluster: the global setup stops only clusters it started itself. */
export type StartedBy = "cluster:up" | "vitest";

/** Everything `down` and later `up` runs need, persisted as `.cluster/state.json`. */
export interface ClusterState {
  version: string;
  startedBy: StartedBy;
  startedAt: string;
  server: string;
  kubeconfig: string;
  caFile: string;
  logs: { etcd: string; apiserver: string };
  ports: { etcdClient: number; etcdPeer: number; apiserver: number };
  processes: ProcessRecord[];
  /** False until CRDs and RBAC are installed, so an interrupted `up` is completed rather than reused as is. */
  bootstrapped: boolean;
  startupMs?: number;
}

/** How tests and tools connect: the admin identity plus the kubeconfig path for kubectl. */
export interface ControlPlaneConnection extends AdminConnection {
  kubeconfig: string;
  /** `gitVersion` from the apiserver's /version. */
  version: string;
}

/** Result of {@link upCluster}. */
export interface UpResult {
  connection: ControlPlaneConnection;
  /** True when an already running, healthy cluster was reused (nothing was started). */
  reused: boolean;
  state: ClusterState | undefined;
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
 * The cluster `.cluster/kubeconfig` points at, if it answers /readyz right now. This is the reuse test: whoever
 * started it (`cluster:up`, an earlier kept test run), a ready apiserver behind that kubeconfig is good to use.
 */
export async function findReadyCluster(): Promise<ControlPlaneConnection | undefined> {
  if (!existsSync(clusterFiles.kubeconfig)) return undefined;
  try {
    const admin = parseAdminKubeconfig(await readFile(clusterFiles.kubeconfig, "utf8"));
    const version = await probe(admin);
    return version === undefined ? undefined : { ...admin, kubeconfig: clusterFiles.kubeconfig, version };
  } catch {
    return undefined;
  }
}

/** Starts (or reuses) the control plane; idempotent. `log` receives human-readable progress lines. */
export async function upCluster(startedBy: StartedBy, log: (line: string) => void): Promise<UpResult> {
  const started = Date.now();
  const ready = await findReadyCluster();
  const previous = await readState();
  if (ready !== undefined) {
    if (previous !== undefined && !previous.bootstrapped) {
      log("completing the bootstrap of the running control plane");
      await bootstrap(ready.kubeconfig, await crdFiles(apiSourcesDir()), log);
      await writeState({ ...previous, bootstrapped: true });
    }
    log(`reusing the running control plane at ${ready.server} (${ready.version})`);
    return { connection: ready, reused: true, state: previous };
  }
  if (previous !== undefined || existsSync(clusterDir)) {
    log("found a stale .cluster/ (not ready): stopping what it recorded and starting fresh");
    await downCluster(() => {});
  }

  // Resolve inputs first: a wrong KUBEFLOW_API_SOURCES should fail before anything is built or started.
  const crds = await crdFiles(apiSourcesDir());
  const binaries = await ensureBinaries(log);
  log(binaries.built ? "binaries built" : `using cached binaries ${binaries.version} (${binaries.kubeApiserver})`);
  const startStarted = Date.now();
  await mkdir(clusterDir, { recursive: true });
  const credentials = await createCredentials(clusterDir);
  const ports = { etcdClient: await findFreePort(), etcdPeer: await findFreePort(), apiserver: await findFreePort() };
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const state: ClusterState = {
    version: binaries.version,
    startedBy,
    startedAt: new Date().toISOString(),
    server,
    kubeconfig: clusterFiles.kubeconfig,
    caFile: credentials.caCert,
    logs: { etcd: clusterFiles.etcdLog, apiserver: clusterFiles.apiserverLog },
    ports,
    processes: [],
    bootstrapped: false,
  };
  const admin: AdminConnection = { server, caPem: credentials.caPem, token: credentials.adminToken };
  try {
    const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
    const etcd = spawnDetached("etcd", binaries.etcd, etcdArgs(ports), clusterFiles.etcdLog, clusterDir);
    state.processes.push(etcd);
    await writeState(state);
    await waitForEtcd(etcdUrl, 30_000, () => isOurProcess(etcd));
    log(`etcd ready on ${etcdUrl} (${seconds(startStarted)})`);

    const apiserverArgs = kubeApiserverArgs(etcdUrl, ports.apiserver, credentials);
    const apiserverLog = clusterFiles.apiserverLog;
    const apiserver = spawnDetached("kube-apiserver", binaries.kubeApiserver, apiserverArgs, apiserverLog, clusterDir);
    state.processes.push(apiserver);
    await writeState(state);
    await waitForApiserver(admin, readyTimeoutMs, () => isOurProcess(apiserver));
    log(`kube-apiserver ready on ${server} (${seconds(startStarted)})`);

    await writeFile(clusterFiles.kubeconfig, toKubeconfig(admin), { mode: 0o600 });
    await bootstrap(clusterFiles.kubeconfig, crds, log);
    state.bootstrapped = true;
    state.startupMs = Date.now() - startStarted;
    await writeState(state);
  } catch (error) {
    // Newest first (apiserver before etcd), as in downCluster, so the logs end with the failure, not with noise.
    for (const record of [...state.processes].reverse()) await stopProcess(record);
    await writeState({ ...state, processes: [] });
    const tails = await logTails(state);
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tails}`, { cause: error });
  }
  const version = (await probe(admin)) ?? binaries.version;
  log(`control plane ${version} up in ${seconds(startStarted)} (total ${seconds(started)}); ${memorySummary(state)}`);
  log(`kubeconfig: ${clusterFiles.kubeconfig}`);
  return { connection: { ...admin, kubeconfig: clusterFiles.kubeconfig, version }, reused: false, state };
}

/** Stops the processes recorded in `.cluster/state.json` (only if they are still ours) and removes `.cluster/`. */
export async function downCluster(log: (line: string) => void): Promise<void> {
  const state = await readState();
  // apiserver first, so it does not log a storm of etcd connection errors while shutting down.
  for (const record of [...(state?.processes ?? [])].reverse()) {
    if (isOurProcess(record)) {
      log(`stopping ${record.name} (pid ${record.pid})`);
      await stopProcess(record);
    }
  }
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

async function bootstrap(kubeconfig: string, crds: string[], log: (line: string) => void): Promise<void> {
  const t = Date.now();
  const names = await installCrds(kubeconfig, crds);
  await installRbac(kubeconfig);
  log(`installed ${names.length} CRDs (${names.join(", ")}), namespace kubeflow, ClusterRole kubeflow-edit (${seconds(t)})`);
}

function etcdArgs(ports: ClusterState["ports"]): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    "--name=kubeflow-ts",
    `--data-dir=${clusterFiles.etcdData}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=kubeflow-ts=${peer}`,
    "--initial-cluster-state=new",
    // Throw-away test data: skipping fsync makes writes (CRD installs, every test object) much faster.
    "--unsafe-no-fsync",
    "--log-level=warn",
  ];
}

function kubeApiserverArgs(
  etcdUrl: string,
  port: number,
  c: Awaited<ReturnType<typeof createCredentials>>,
): string[] {
  const issuer = "https://kubernetes.default.svc.cluster.local";
  return [
    `--etcd-servers=${etcdUrl}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${port}`,
    `--tls-cert-file=${c.servingCert}`,
    `--tls-private-key-file=${c.servingKey}`,
    `--client-ca-file=${c.caCert}`,
    `--token-auth-file=${c.tokenFile}`,
    "--authorization-mode=RBAC",
    `--service-account-issuer=${issuer}`,
    `--api-audiences=${issuer}`,
    `--service-account-key-file=${c.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${c.serviceAccountPrivateKey}`,
    // No controller-manager runs, so nothing would create the `default` ServiceAccount this plugin insists on.
    "--disable-admission-plugins=ServiceAccount",
    // No kubelets or controllers: don't try to maintain the `kubernetes` Endpoints for a single loopback server.
    "--endpoint-reconciler-type=none",
    // Only a config value (Service ClusterIP allocation); nothing routes it.
    "--service-cluster-ip-range=10.96.0.0/16",
    // Certificates are provided; this only keeps any generated files inside .cluster/ rather than the cwd.
    `--cert-dir=${clusterDir}/pki`,
    "--profiling=false",
    "--v=1",
  ];
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

async function logTails(state: ClusterState): Promise<string> {
  let out = "";
  for (const [name, file] of Object.entries(state.logs)) {
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
