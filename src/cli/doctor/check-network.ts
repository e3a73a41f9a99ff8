/** The first two doctor checks: the server's host resolves (DNS), and a TCP connection opens to its port. */
import { lookup } from "node:dns/promises";
import { isIP, Socket } from "node:net";
import { SHOW_SERVER_COMMAND, type CheckResult } from "./doctor-check.ts";

/** Where to connect: the server, or the proxy in front of it. */
export interface NetworkTarget {
  host: string;
  port: number;
  /** `API server` or `proxy`, for messages. */
  role: string;
}

/** The host and port a URL connects to (default ports by scheme). Pure. */
export function toNetworkTarget(url: string, role: string): NetworkTarget {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = parsed.port === "" ? (parsed.protocol === "http:" ? 80 : 443) : Number(parsed.port);
  return { host, port, role };
}

/** DNS: the host resolves to at least one address (an IP literal passes as is). */
export async function checkDns(target: NetworkTarget): Promise<CheckResult> {
  const base = { id: "dns", title: "DNS" };
  if (isIP(target.host) !== 0) return { ...base, status: "pass", message: `${target.role} host ${target.host} is an IP address` };
  try {
    const addresses = await lookup(target.host, { all: true });
    return { ...base, status: "pass", message: `${target.role} host ${target.host} resolves to ${addresses.map((a) => a.address).slice(0, 3).join(", ")}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return { ...base, status: "fail", message: `${target.role} host ${target.host} does not resolve (${code})`, fix: `check the server URL (kubectl uses: ${SHOW_SERVER_COMMAND}), and the DNS or VPN this machine needs to see the cluster` };
  }
}

/** TCP: a connection to host:port opens within `timeoutMs`. */
export async function checkTcp(target: NetworkTarget, timeoutMs: number, signal: AbortSignal): Promise<CheckResult> {
  const base = { id: "tcp", title: "TCP connect" };
  const started = performance.now();
  const outcome = await new Promise<string | undefined>((resolve) => {
    const socket = new Socket();
    const finish = (problem: string | undefined): void => {
      socket.destroy();
      signal.removeEventListener("abort", onAbort);
      resolve(problem);
    };
    const onAbort = (): void => finish("interrupted");
    signal.addEventListener("abort", onAbort, { once: true });
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs / 1000} s`));
    socket.once("error", (error: NodeJS.ErrnoException) => finish(error.code === "ECONNREFUSED" ? "connection refused" : (error.code ?? error.message)));
    socket.connect(target.port, target.host, () => finish(undefined));
  });
  if (outcome === undefined) return { ...base, status: "pass", message: `connected to ${target.role} ${target.host}:${target.port} in ${Math.round(performance.now() - started)} ms` };
  return {
    ...base,
    status: "fail",
    message: `cannot connect to ${target.role} ${target.host}:${target.port}: ${outcome}`,
    fix: `check that the ${target.role} is up, the port is right (kubectl uses: ${SHOW_SERVER_COMMAND}), and no firewall or VPN blocks it`,
  };
}
