/**
 * Detached server processes and how to stop exactly those again: a pid alone can be reused by an unrelated process,
 * so each record also keeps the process start time and the command line marker it was started with.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** What `state.json` keeps about one started process. */
export interface ProcessRecord {
  name: string;
  pid: number;
  /** Opaque start-time identity (Linux: /proc starttime in clock ticks; elsewhere: ps lstart). */
  startTime: string;
  /**
   * The cluster directory the process belongs to, checked before signalling it: its environment carries it as
   * `KUBEFLOW_TS_CLUSTER` (programs whose command line names no path, such as the DB manager, are told apart too).
   */
  marker: string;
}

/**
 * A free loopback port below the kernel's ephemeral range. Ports from `listen(0)` come from that range, and while a
 * component is stopped (`cluster:restart`) any outgoing connection on the machine may be given its port, so the
 * component could not bind it again; ports below the range are only ever taken by an explicit bind.
 */
export async function findFreePort(): Promise<number> {
  const ephemeralLow = ephemeralPortRangeStart();
  const low = 10_000;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (ephemeralLow - low));
    if (await canBind(port)) return port;
  }
  throw new Error(`no free loopback port between ${low} and ${ephemeralLow}`);
}

function ephemeralPortRangeStart(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * Waits until every port in `ports` can be bound on loopback again. A killed process's sockets outlive what /proc
 * shows of it: its leader thread is a zombie while the other threads still hold the open files.
 */
export async function untilPortsFree(ports: readonly number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    while (!(await canBind(port))) {
      if (Date.now() > deadline) throw new Error(`port ${port} is still in use ${timeoutMs / 1000}s after its process was stopped`);
      await sleep(100);
    }
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolveBind) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolveBind(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveBind(true)));
  });
}

/**
 * Starts `command` in its own process group, detached from this process, with stdout and stderr appended to
 * `logFile`, so it survives the `cluster:up` command (or vitest) that started it; `env` adds to this process's.
 */
export function spawnDetached(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  marker: string,
  env: Record<string, string> = {},
): ProcessRecord {
  const fd = openSync(logFile, "a");
  try {
    const child = spawn(command, args, { detached: true, stdio: ["ignore", fd, fd], env: { ...process.env, ...env, [MARKER_VARIABLE]: marker } });
    child.unref();
    if (child.pid === undefined) throw new Error(`failed to start ${name} (${command})`);
    const startTime = processStartTime(child.pid);
    if (startTime === undefined) throw new Error(`${name} exited immediately; see ${logFile}`);
    return { name, pid: child.pid, startTime, marker };
  } finally {
    closeSync(fd);
  }
}

/** The environment variable naming a started process's cluster directory. */
const MARKER_VARIABLE = "KUBEFLOW_TS_CLUSTER";

/** True while the recorded process is still running and is still the one we started (not a reused pid). */
export function isOurProcess(record: ProcessRecord): boolean {
  if (processStartTime(record.pid) !== record.startTime) return false;
  return environment(record.pid).includes(`\0${MARKER_VARIABLE}=${record.marker}\0`) || commandLine(record.pid).includes(record.marker);
}

/** The process's environment as `\0NAME=value\0…` (empty where /proc cannot be read). */
function environment(pid: number): string {
  try {
    return `\0${readFileSync(`/proc/${pid}/environ`, "utf8")}`;
  } catch {
    return "";
  }
}

/**
 * Stops a recorded process: `first` (SIGTERM; SIGKILL to crash it), then SIGKILL after `graceMs`. Does nothing if it
 * is gone or not ours.
 */
export async function stopProcess(record: ProcessRecord, graceMs = 10_000, first: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!isOurProcess(record)) return;
  // Once signalled, wait on the process itself, not on its marker: an exiting process loses its environment (its
  // memory is released) before its open files and listening sockets are, and a component restarted in that window
  // finds its port still taken.
  const running = (): boolean => processStartTime(record.pid) === record.startTime;
  signal(record.pid, first);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!running()) return;
    await sleep(100);
  }
  if (running()) signal(record.pid, "SIGKILL");
  while (running()) await sleep(50);
}

/** Resident memory of a process in KiB (from /proc), or undefined where that is not available. */
export function residentKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone between the check and the signal.
  }
}

/** Start-time identity of a live process; undefined if it is gone or a zombie (exited, not yet reaped). */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    return fields[19];
  } catch {
    return psField(pid, "lstart=");
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return psField(pid, "command=") ?? "";
  }
}

/** Fallback for systems without /proc (macOS); undefined when the process does not exist. */
function psField(pid: number, field: string): string | undefined {
  try {
    const out = execFileSync("ps", ["-p", String(pid), "-o", field], { encoding: "utf8" }).trim();
    return out === "" ? undefined : out;
  } catch {
    return undefined;
  }
}
