/**
 * `kfts doctor`: the seed guide's troubleshooting as ordered checks. Each check runs only when the ones it depends
 * on passed (no TLS, no identity; no identity, no RBAC), so the first failure is the one to fix, and the rest say
 * they were skipped rather than failing for the same reason.
 */
import type { ClusterConfig } from "../../config/cluster-config.ts";
import { toServiceAccountIdentity } from "../../transport/service-account-from-token.ts";
import type { CliContext } from "../cli-context.ts";
import { hintOf, toSummary } from "../format-error.ts";
import { checkApis } from "./check-apis.ts";
import { checkIdentity, loadBearerToken, toAccountRef } from "./check-identity.ts";
import { checkDns, checkTcp, toNetworkTarget } from "./check-network.ts";
import { checkNamespace } from "./check-namespace.ts";
import { checkRbac, toCanIUser } from "./check-rbac.ts";
import { checkTls } from "./check-tls.ts";
import { toClockSkewCheck } from "./clock-skew.ts";
import { EXTRACT_CA_COMMAND, skipped, type CheckResult } from "./doctor-check.ts";
import { createProbe, type Probe } from "./probe.ts";
import { toTokenExpiryCheck } from "./token-expiry.ts";

/** Timeout of each of doctor's requests and of the TCP connect: a broken setup should fail fast, not retry. */
const CHECK_TIMEOUT_MS = 10_000;

/** What doctor found. */
export interface DoctorReport {
  server?: string;
  namespace?: string;
  /** Where the configuration came from (options, kubeconfig and context, in-cluster). */
  source?: string;
  checks: CheckResult[];
  /** No check failed. */
  ok: boolean;
}

/** The checks after `id`, reported as skipped when it fails. */
const LATER: readonly (readonly [string, string])[] = [
  ["dns", "DNS"],
  ["tcp", "TCP connect"],
  ["tls", "TLS"],
  ["identity", "who am I"],
  ["rbac", "RBAC"],
  ["apis", "Katib and Trainer APIs"],
  ["namespace-label", "namespace label"],
  ["clock-skew", "clock skew"],
];

function skipAfter(id: string, reason: string): CheckResult[] {
  const index = LATER.findIndex(([later]) => later === id);
  return LATER.slice(index + 1).map(([later, title]) => skipped(later, title, reason));
}

function toReport(checks: CheckResult[], config?: ClusterConfig): DoctorReport {
  const where = config ? { server: config.server, namespace: config.namespace, source: config.source } : {};
  return { ...where, checks, ok: checks.every((check) => check.status !== "fail") };
}

/** Runs every check it can and returns the report; only an interrupt rejects. */
export async function runDoctor(ctx: CliContext): Promise<DoctorReport> {
  const connection = ctx.openConnection({ retry: false, timeoutMs: CHECK_TIMEOUT_MS });
  let config: ClusterConfig;
  try {
    config = await connection.config();
  } catch (error) {
    const message = toSummary(error);
    const fallback = /certificateAuthority/.test(message) ? `extract the cluster CA with: ${EXTRACT_CA_COMMAND}` : "pass --server with --token-file and --certificate-authority, or --kubeconfig (see kfts --help)";
    const failed: CheckResult = { id: "config", title: "configuration", status: "fail", message, fix: hintOf(error) ?? fallback };
    return toReport([failed, ...skipAfter("config", "no configuration")]);
  }
  const checks: CheckResult[] = [{ id: "config", title: "configuration", status: "pass", message: `server ${config.server}, namespace ${config.namespace} (from ${config.source})` }];
  const network = await checkNetwork(config, ctx.signal);
  checks.push(...network);
  if (network.some((check) => check.status === "fail")) return toReport(checks, config);
  const probe = createProbe(await connection.transport(), ctx.signal);
  const tls = await checkTls(config, probe);
  checks.push(tls);
  if (tls.status === "fail") return toReport([...checks, ...skipAfter("tls", "no TLS connection")], config);
  checks.push(...(await checkApiAccess(config, probe)), toClockSkewCheck(probe.serverDate()));
  return toReport(checks, config);
}

async function checkNetwork(config: ClusterConfig, signal: AbortSignal): Promise<CheckResult[]> {
  const target = config.proxy ? toNetworkTarget(config.proxy.url, "proxy") : toNetworkTarget(config.server, "API server");
  const dns = await checkDns(target);
  if (dns.status === "fail") return [dns, ...skipAfter("dns", "the host does not resolve")];
  const tcp = await checkTcp(target, CHECK_TIMEOUT_MS, signal);
  return tcp.status === "fail" ? [dns, tcp, ...skipAfter("tcp", "no connection")] : [dns, tcp];
}

/** Identity and token expiry, then (when the token is accepted) RBAC, discovery and the namespace, in parallel. */
async function checkApiAccess(config: ClusterConfig, probe: Probe): Promise<CheckResult[]> {
  const token = await loadBearerToken(config);
  const identity = await checkIdentity(probe, token);
  const account = toAccountRef(identity.username) ?? toServiceAccountIdentity(token);
  const checks = [identity.result, toTokenExpiryCheck(token, account, new Date())];
  if (!identity.authenticated) return [...checks, ...skipAfter("identity", "the token is not accepted").filter((check) => check.id !== "clock-skew")];
  const [rbac, apis, namespace] = await Promise.all([
    checkRbac(probe, config.namespace, toCanIUser(identity.username, account), account),
    checkApis(probe),
    checkNamespace(probe, config.namespace),
  ]);
  return [...checks, ...rbac, ...apis, namespace];
}
