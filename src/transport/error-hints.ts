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
    case "client-certificate-required":
      return "The server requires a client certificate (mutual TLS): set `clientCertificate` and `clientKey` (or their `…Data` forms), or use a kubeconfig user that has them";
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

/** Advice when a request or a stream outlasted its timeout. */
export function timeoutHint(timeoutMs: number, stream: boolean): string {
  if (stream) {
    return `The stream sent nothing for ${timeoutMs} ms; a proxy or load balancer may be dropping idle connections. Raise \`idleTimeoutMs\`, or use a shorter server-side \`timeoutSeconds\` so the watch reconnects on its own`;
  }
  return `The API server did not answer within ${timeoutMs} ms; raise \`timeoutMs\` (client option or per call) for slow calls, and check the server's load and the network path`;
}

/** Advice when a 2xx answer is not the JSON that was asked for (truncated, or a page from something in between). */
export function badResponseHint(): string {
  return "The answer did not come from the Kubernetes API as expected: a proxy, gateway or login page may be in between (check the server URL, HTTPS_PROXY and NO_PROXY), or the connection was cut; retry, and compare with `kubectl get --raw /version`";
}

/** Advice when a streamed line has no end. */
export function lineTooLongHint(): string {
  return "The stream is not line-delimited JSON (watch) or text (logs) as expected; check the server URL and any proxy in between";
}

/**
 * Advice for an API error by status, for the statuses that have no more specific hint (401, 403 and a missing
 * resource type have their own). `undefined` where nothing useful can be said.
 */
export function apiErrorHint(status: number, reason: string, retryAfterMs: number | undefined): string | undefined {
  const wait = retryAfterMs === undefined ? "" : ` (the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s)`;
  switch (status) {
    case 400:
      return "The request itself was rejected; check the object's shape against the API (validateManifests checks Katib and Trainer manifests offline)";
    case 404:
      return "Check the name and the namespace (the client's default namespace, or the `namespace` option of the call)";
    case 409:
      return reason === "AlreadyExists"
        ? "An object of that name exists; pick another name, use metadata.generateName, or update the existing one"
        : "The object changed since it was read; read it again and re-apply the change (updateWithRetry and editExperimentBudget do this)";
    case 410:
      return "The resourceVersion is too old (etcd compacted it); list again and watch from the list's resourceVersion (watch() does this by itself)";
    case 422:
      return "The object failed validation; `details.causes` names each field (validateManifests finds most of these offline)";
    case 429:
      return `The API server is throttling this client (API Priority and Fairness)${wait}; send fewer requests at once, or raise \`retry.maxRetries\``;
  }
  if (status >= 500 && status <= 599) {
    return status === 500
      ? "The API server failed (often a webhook or etcd behind it); retry later, and check the apiserver logs if it persists"
      : `The API server, or a proxy or load balancer in front of it, is unavailable${wait}; reads are retried automatically, so retry later`;
  }
  return undefined;
}

/** Who answers for an admission webhook, by the domain its name ends in. */
const WEBHOOK_OWNERS: ReadonlyArray<[RegExp, string]> = [
  [/\.trainer\.kubeflow\.org$/, "Kubeflow Trainer's webhook (trainer-controller-manager)"],
  [/\.katib\.kubeflow\.org$|^validator\.experiment\.katib|katib/, "Katib's webhook (katib-controller)"],
  [/jobset|\.kb\.io$/, "JobSet's webhook (jobset-controller-manager)"],
];

function ownerOf(webhook: string): string {
  return WEBHOOK_OWNERS.find(([pattern]) => pattern.test(webhook))?.[1] ?? `the admission webhook ${webhook}`;
}

/** Advice for a webhook's refusal: the object must change, as the webhook's message says; permissions are fine. */
export function admissionDeniedHint(webhook: string): string {
  return `${ownerOf(webhook)} refused the object (not RBAC: the credentials are fine); change what its message names and send it again`;
}

/** Advice when the apiserver could not reach a webhook: the component behind it is down; nothing was stored. */
export function webhookUnavailableHint(webhook: string): string {
  const owner = ownerOf(webhook);
  const program = /\(([^)]+)\)$/.exec(owner)?.[1];
  const check = program ? `check that ${program} runs and that its webhook Service reaches it (kubectl get pods,svc -A | grep ${program})` : "check the component that serves it and its Service";
  return `the API server could not call ${owner} (${webhook}), so nothing was stored; ${check}, then send the request again`;
}
