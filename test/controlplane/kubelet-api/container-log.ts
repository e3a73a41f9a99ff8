/**
 * The log a simulated container writes: its command line when it starts and a completion line when it ends, with the
 * times the simulated kubelet (kwok) recorded in the pod's status. Pure functions, so tests can check them directly.
 */

/** The parts of a Pod this module reads. */
export interface LoggedPod {
  metadata: { name: string; namespace: string };
  spec: { containers: LoggedContainer[]; initContainers?: LoggedContainer[] };
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}

interface LoggedContainer {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

/** A container's state as the kubelet reports it. */
export interface ContainerStatus {
  name: string;
  state?: {
    waiting?: { reason?: string };
    running?: { startedAt?: string };
    terminated?: { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string };
  };
}

/** One line of a container log, with the time it was written. */
export interface LogLine {
  time: string;
  text: string;
}

/** The request options of the kubelet's containerLogs endpoint that change what is returned. */
export interface LogQuery {
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
}

/** The container of `pod` named `name` (init containers included), or undefined. */
export function findContainer(pod: LoggedPod, name: string): LoggedContainer | undefined {
  return [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((container) => container.name === name);
}

/** The status of container `name`, or undefined before the kubelet reported one. */
export function containerStatus(pod: LoggedPod, name: string): ContainerStatus | undefined {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === name);
}

/** The command line as a shell would echo it (`set -x` style), or what the image runs when none is given. */
export function commandLine(container: LoggedContainer): string {
  const words = [...(container.command ?? []), ...(container.args ?? [])];
  if (words.length === 0) return `+ (entrypoint of image ${container.image ?? "?"})`;
  return `+ ${words.map(shellQuote).join(" ")}`;
}

/** The lines written so far by a started container: the command line, and the completion line once it ended. */
export function containerLog(container: LoggedContainer, status: ContainerStatus): LogLine[] {
  const running = status.state?.running;
  const terminated = status.state?.terminated;
  const started = running?.startedAt ?? terminated?.startedAt ?? new Date(0).toISOString();
  const lines: LogLine[] = [{ time: started, text: commandLine(container) }];
  if (terminated !== undefined) lines.push({ time: terminated.finishedAt ?? started, text: completionLine(container.name, terminated) });
  return lines;
}

/** The last line of every container log: how it ended. */
export function completionLine(name: string, terminated: NonNullable<NonNullable<ContainerStatus["state"]>["terminated"]>): string {
  const reason = terminated.reason ? ` (${terminated.reason})` : "";
  return `${name}: exited with code ${terminated.exitCode}${reason}`;
}

/** The lines as the kubelet would send them for `query` (sinceSeconds, tailLines, timestamps, then limitBytes). */
export function renderLog(lines: readonly LogLine[], query: LogQuery, now = Date.now()): string {
  let selected = lines;
  if (query.sinceSeconds !== undefined) {
    const since = now - query.sinceSeconds * 1000;
    selected = selected.filter((line) => Date.parse(line.time) >= since);
  }
  if (query.tailLines !== undefined) selected = query.tailLines === 0 ? [] : selected.slice(-query.tailLines);
  const text = selected.map((line) => renderLine(line, query.timestamps)).join("");
  return query.limitBytes === undefined ? text : Buffer.from(text).subarray(0, query.limitBytes).toString();
}

/** One line, newline-terminated, with the RFC 3339 nanosecond timestamp the kubelet prefixes when asked. */
export function renderLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return `${line.text}\n`;
  const nanos = new Date(line.time).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
  return `${nanos} ${line.text}\n`;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
