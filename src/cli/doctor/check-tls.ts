/**
 * TLS: the handshake with the API server verifies against the configured CA. Any HTTP answer (even 401) proves the
 * handshake; a TlsError gets the seed's fix: the CA file, and the kubectl command that extracts it.
 */
import type { ClusterConfig } from "../../config/cluster-config.ts";
import { KubernetesApiError } from "../../transport/errors.ts";
import { NetworkError, TlsError } from "../../transport/network-errors.ts";
import { hintOf, toSummary } from "../format-error.ts";
import { EXTRACT_CA_COMMAND, type CheckResult } from "./doctor-check.ts";
import type { Probe } from "./probe.ts";

const CA_FIX = `pass the cluster CA with --certificate-authority ca.crt (or certificate-authority-data in the kubeconfig); extract it from a working kubeconfig with: ${EXTRACT_CA_COMMAND}`;

/** GETs /version and classifies the outcome. */
export async function checkTls(config: ClusterConfig, probe: Probe): Promise<CheckResult> {
  const base = { id: "tls", title: "TLS" };
  const plain = config.server.startsWith("http:");
  let version = "";
  try {
    version = (await probe.request<{ gitVersion?: string }>({ method: "GET", path: "/version" }))?.gitVersion ?? "";
  } catch (error) {
    if (error instanceof TlsError) {
      const fix = error.tlsReason === "unknown-ca" || error.tlsReason === "other" ? CA_FIX : (hintOf(error) ?? CA_FIX);
      return { ...base, status: "fail", message: `${toSummary(error)}${error.tlsCode ? ` [${error.tlsCode}]` : ""}`, fix };
    }
    if (error instanceof NetworkError) return { ...base, status: "fail", message: toSummary(error), ...(hintOf(error) ? { fix: hintOf(error) } : {}) };
    if (!(error instanceof KubernetesApiError)) throw error;
  }
  const server = version ? ` (Kubernetes ${version})` : "";
  if (plain) return { ...base, status: "warn", message: `plain http: no TLS to verify${server}`, fix: "use the https:// URL of the API server" };
  if (config.tls.insecureSkipTlsVerify) {
    return { ...base, status: "warn", message: `connected, but certificate verification is disabled (--insecure-skip-tls-verify)${server}`, fix: CA_FIX };
  }
  return { ...base, status: "pass", message: `server certificate verified${config.tls.certificateAuthorityData ? " against the configured CA" : " against the system roots"}${server}` };
}
