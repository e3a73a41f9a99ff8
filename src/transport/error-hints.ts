import type { TlsReason } from "./network-errors.ts";
import type { ServiceAccountIdentity } from "./service-account-from-token.ts";

const EXTRACT_CA =
  "kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.crt";

/** Advice for a 401: the token is wrong or expired, and how to mint a new one. */
export function unauthorizedHint(identity: ServiceAccountIdentity | undefined): string {
  const name = identity?.name ?? "<serviceaccount>";
  const namespace = identity?.namespace ?? "<namespace>";
  return (
    "The token is invalid or expired; mint a new one with: " +
    `kubectl create token ${name} -n ${namespace} --duration=8760h`
  );
}

/** Advice for a 403: the RBAC rules to check, as the ServiceAccount of the token when it is one. */
export function forbiddenHint(identity: ServiceAccountIdentity | undefined): string {
  const namespace = identity?.namespace ?? "<namespace>";
  const user = identity === undefined ? "system:serviceaccount:<namespace>:<name>" : `system:serviceaccount:${namespace}:${identity.name}`;
  return (
    "The credential is valid but RBAC does not allow this request; list what it may do with: " +
    `kubectl auth can-i --list --as=${user} -n ${namespace}`
  );
}

/** Advice for a 404 of a whole resource type: its CRD (Katib or Trainer) is probably not installed. */
export function missingResourceHint(): string {
  return "The resource type is not served; check that Katib / Kubeflow Trainer (their CRDs) are installed: kubectl api-resources --api-group=kubeflow.org";
}

/** Advice for a failed TLS handshake, by reason. */
export function tlsHint(reason: TlsReason, host: string): string {
  switch (reason) {
    case "unknown-ca":
      return (
        `The server certificate of ${host} is not signed by a trusted CA; set \`certificateAuthority\` (a PEM file) ` +
        `or \`certificateAuthorityData\` to the cluster CA. Extract it from a working kubeconfig with: ${EXTRACT_CA}`
      );
    case "hostname-mismatch":
      return (
        `The server certificate is not valid for "${host}"; use a URL whose host the certificate names ` +
        "(see its Subject Alternative Names), or set `tlsServerName` to one of them"
      );
    case "expired":
      return "The server certificate has expired (or this machine's clock is wrong); renew the certificate or fix the clock";
    case "not-yet-valid":
      return "The server certificate is not valid yet; check this machine's clock";
    case "other":
      return (
        "Check `certificateAuthority`, and the client certificate if the server requires one (mutual TLS). " +
        `To extract the cluster CA from a kubeconfig: ${EXTRACT_CA}`
      );
  }
}

/** Advice when the server cannot be reached at all. */
export function connectionHint(server: string, viaProxy: string | undefined): string {
  const proxy = viaProxy === undefined ? "" : ` and the proxy ${viaProxy} (or exempt the host with NO_PROXY)`;
  return (
    `Check the server URL ${server}${proxy} and the network; the URL kubectl uses is shown by: ` +
    "kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'"
  );
}
