/** The result of one doctor check, and the fixes doctor suggests (the seed guide's troubleshooting commands). */

/** pass / warn (works, but look) / fail (blocking) / skip (could not run because an earlier check failed). */
export type CheckStatus = "pass" | "warn" | "fail" | "skip";

/** One line of the doctor's report. */
export interface CheckResult {
  /** Stable identifier for scripts, e.g. `tls`, `rbac:experiments.kubeflow.org`. */
  id: string;
  /** Short label shown in the text report. */
  title: string;
  status: CheckStatus;
  /** What was found. Never contains a credential. */
  message: string;
  /** What to do about it, with the exact command when there is one. */
  fix?: string;
}

/** The command that extracts the cluster CA from a working kubeconfig (the seed's). */
export const EXTRACT_CA_COMMAND = "kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.crt";

/** The command that shows the server URL kubectl uses (the seed's). */
export const SHOW_SERVER_COMMAND = "kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'";

/** A ServiceAccount, or placeholders when the identity is unknown. */
export interface AccountRef {
  namespace: string;
  name: string;
}

/** `kubectl create token …` for the account (the seed's step 2). */
export function createTokenCommand(account: AccountRef | undefined): string {
  return `kubectl create token ${account?.name ?? "<serviceaccount>"} -n ${account?.namespace ?? "<namespace>"} --duration=8760h`;
}

/** `kubectl auth can-i --list …` as the account, in the namespace (the seed's RBAC check). */
export function canIListCommand(user: string, namespace: string): string {
  return `kubectl auth can-i --list --as=${user} -n ${namespace}`;
}

/** A check that did not run, and why. */
export function skipped(id: string, title: string, reason: string): CheckResult {
  return { id, title, status: "skip", message: `skipped: ${reason}` };
}
