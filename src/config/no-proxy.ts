import { BlockList, isIP } from "node:net";

/**
 * Whether `NO_PROXY`-style `noProxy` exempts `host:port` from the proxy. Entries are comma (or space)
 * separated, as curl and kubectl read them: `*` (everything), a domain with or without a leading dot (matches
 * itself and its subdomains, as curl does), an IP literal, a CIDR (`10.0.0.0/8`, `fd00::/8`), or any of these
 * with `:port` (then the port must match too). `host` may be an IPv6 literal with or without brackets. Pure.
 */
export function isNoProxyMatch(host: string, port: number, noProxy: string): boolean {
  const target = normalizeHost(host);
  const targetIpType = isIP(target);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const slash = name.indexOf("/");
    if (slash !== -1) {
      if (targetIpType !== 0 && cidrContains(name.slice(0, slash), name.slice(slash + 1), target, targetIpType)) return true;
      continue;
    }
    const entryHost = normalizeHost(name);
    if (isIP(entryHost) !== 0) {
      if (targetIpType !== 0 && sameIp(entryHost, target)) return true;
      continue;
    }
    const domain = entryHost.replace(/^\*?\./, "");
    if (domain !== "" && (target === domain || target.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/**
 * Whether `host` is loopback (`localhost`, 127.0.0.0/8, ::1). Like Go's net/http (and so kubectl), requests
 * to these never go through an environment proxy: a local test cluster must keep working behind a corporate
 * `HTTPS_PROXY`.
 */
export function isLoopbackHost(host: string): boolean {
  const h = normalizeHost(host);
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const type = isIP(h);
  if (type === 4) return h.startsWith("127.");
  if (type === 6) return sameIp(h, "::1");
  return false;
}

function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  const unbracketed = lower.startsWith("[") && lower.endsWith("]") ? lower.slice(1, -1) : lower;
  return unbracketed.endsWith(".") ? unbracketed.slice(0, -1) : unbracketed;
}

function splitPort(entry: string): { name: string; entryPort?: number } {
  // "[::1]:8443", "host:443", "10.0.0.0/8:443"; a bare IPv6 literal has several colons and no port.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return portResult(bracketed[1] ?? "", bracketed[2]);
  const colons = entry.split(":").length - 1;
  if (colons === 1) {
    const [name = "", port] = entry.split(":");
    return portResult(name, port);
  }
  return { name: entry };
}

function portResult(name: string, port: string | undefined): { name: string; entryPort?: number } {
  return port === undefined || port === "" ? { name } : { name, entryPort: Number(port) };
}

function cidrContains(network: string, prefixText: string, ip: string, ipType: number): boolean {
  const networkType = isIP(network);
  const prefix = Number(prefixText);
  if (networkType === 0 || networkType !== ipType || !Number.isInteger(prefix)) return false;
  const list = new BlockList();
  try {
    list.addSubnet(network, prefix, networkType === 4 ? "ipv4" : "ipv6");
  } catch {
    return false; // a malformed entry exempts nothing, as in curl
  }
  return list.check(ip, ipType === 4 ? "ipv4" : "ipv6");
}

function sameIp(a: string, b: string): boolean {
  const type = isIP(a);
  if (type === 0 || type !== isIP(b)) return false;
  const list = new BlockList();
  list.addAddress(a, type === 4 ? "ipv4" : "ipv6");
  return list.check(b, type === 4 ? "ipv4" : "ipv6");
}
