/** A ServiceAccount identity read from a token. */
export interface ServiceAccountIdentity {
  namespace: string;
  name: string;
}

/**
 * The ServiceAccount a token belongs to, read from the JWT payload's `kubernetes.io` claims or its
 * `system:serviceaccount:<ns>:<name>` subject, without verifying the signature (it only fills in hints).
 * `undefined` for anything else (opaque tokens, OIDC users). Pure; never throws.
 */
export function toServiceAccountIdentity(token: string | undefined): ServiceAccountIdentity | undefined {
  const payload = token?.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const k8s = claims["kubernetes.io"] as { namespace?: unknown; serviceaccount?: { name?: unknown } } | undefined;
    if (typeof k8s?.namespace === "string" && typeof k8s.serviceaccount?.name === "string") {
      return { namespace: k8s.namespace, name: k8s.serviceaccount.name };
    }
    // Legacy Secret-based tokens carry only the subject.
    const match = typeof claims["sub"] === "string" ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(claims["sub"]) : null;
    if (match?.[1] !== undefined && match[2] !== undefined) return { namespace: match[1], name: match[2] };
  } catch {
    // Not a JWT: no identity to show.
  }
  return undefined;
}
