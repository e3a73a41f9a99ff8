import type { ConnectionOptions } from "node:tls";
import type { TlsConfig } from "../config/cluster-config.ts";
import type { Credential } from "./auth/credential-source.ts";

/**
 * Node TLS options for the API server connection: the CA bundle (replacing the system roots, intermediates
 * included), verification on unless `insecureSkipTlsVerify`, `tlsServerName` as SNI and verification name,
 * and the client certificate, from the config or from an exec plugin's credential (which wins).
 */
export function toTlsConnectOptions(tls: TlsConfig, credential: Credential = {}): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: !tls.insecureSkipTlsVerify };
  if (tls.certificateAuthorityData !== undefined) options.ca = tls.certificateAuthorityData;
  // Node checks the certificate against `servername` when set, which is what kubeconfig tls-server-name means.
  if (tls.serverName !== undefined) options.servername = tls.serverName;
  const cert = credential.clientCertificateData ?? tls.clientCertificateData;
  const key = credential.clientKeyData ?? tls.clientKeyData;
  if (cert !== undefined && key !== undefined) {
    options.cert = cert;
    options.key = key.reveal();
  }
  return options;
}
