/**
 * Brings a freshly started apiserver to the state the e2e tests and the seed guide assume: ready, reachable through
 * a kubeconfig, with the Katib and Trainer CRDs established, a `kubeflow` namespace and a `kubeflow-edit` ClusterRole.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";

/** How to reach the apiserver as the static admin user. */
export interface AdminConnection {
  server: string;
  caPem: string;
  token: string;
}

/** Polls etcd's /health until it reports healthy; `alive` lets us fail fast when the process has died. */
export async function waitForEtcd(clientUrl: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  await poll(`etcd at ${clientUrl}`, timeoutMs, alive, async () => {
    const response = await request(`${clientUrl}/health`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    const body = await response.body.text();
    return response.statusCode === 200 && body.includes('"health":"true"');
  });
}

/** Polls the apiserver's /readyz (all post-start hooks done, e.g. RBAC bootstrap roles) with the admin token. */
export async function waitForApiserver(conn: AdminConnection, timeoutMs: number, alive: () => boolean): Promise<void> {
  const dispatcher = new Agent({ connect: { ca: conn.caPem } });
  try {
    await poll(`kube-apiserver at ${conn.server}`, timeoutMs, alive, async () => {
      const response = await request(`${conn.server}/readyz`, {
        dispatcher,
        headers: { authorization: `Bearer ${conn.token}` },
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      });
      const body = await response.body.text();
      return response.statusCode === 200 && body.trim() === "ok";
    });
  } finally {
    await dispatcher.close();
  }
}

/** A kubeconfig with one cluster, user and context, all named as the seed guide's commands expect. */
export function toKubeconfig(conn: AdminConnection): string {
  // JSON strings are valid YAML scalars, which avoids any quoting question for the token or the URL.
  const q = JSON.stringify;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: local",
    "    cluster:",
    `      server: ${q(conn.server)}`,
    `      certificate-authority-data: ${q(Buffer.from(conn.caPem).toString("base64"))}`,
    "users:",
    "  - name: admin",
    "    user:",
    `      token: ${q(conn.token)}`,
    "contexts:",
    "  - name: local",
    "    context:",
    "      cluster: local",
    "      user: admin",
    "      namespace: default",
    "current-context: local",
    "preferences: {}",
    "",
  ].join("\n");
}

/** The CRD files to install: Katib v0.19.0 (experiments, trials, suggestions) and every Trainer v2.3.0 CRD. */
export async function crdFiles(sourcesDir: string): Promise<string[]> {
  const katib = ["experiment.yaml", "trial.yaml", "suggestion.yaml"].map((f) => join(sourcesDir, "katib/v0.19.0", f));
  const trainerDir = join(sourcesDir, "trainer/v2.3.0");
  const trainer = existsSync(trainerDir)
    ? (await readdir(trainerDir))
        .filter((f) => f.startsWith("trainer.kubeflow.org_") && f.endsWith(".yaml"))
        .sort()
        .map((f) => join(trainerDir, f))
    : [];
  const missing = katib.filter((f) => !existsSync(f));
  if (trainer.length === 0 || missing.length > 0) {
    const what = [...missing, ...(trainer.length === 0 ? [`${trainerDir}/trainer.kubeflow.org_*.yaml`] : [])];
    throw new Error(`CRD sources not found (set KUBEFLOW_API_SOURCES; default ../shared/crds): ${what.join(", ")}`);
  }
  return [...katib, ...trainer];
}

/**
 * Installs the CRDs and waits until they are Established. Server-side apply, because the Trainer runtimes are
 * ~900 KB and client-side apply's last-applied annotation would exceed the 256 KB annotation limit.
 */
export async function installCrds(kubeconfig: string, files: string[]): Promise<string[]> {
  const args = ["apply", "--server-side", "--force-conflicts", "--field-manager=kubeflow-ts-test", "-o", "name"];
  const out = await kubectl(kubeconfig, [...args, ...files.flatMap((f) => ["-f", f])]);
  const names = out.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  await kubectl(kubeconfig, ["wait", "--for=condition=Established", "--timeout=60s", ...names]);
  return names.map((name) => name.replace(/^.*\//, ""));
}

/** The namespace the seed guide uses and a ClusterRole shaped like Kubeflow's aggregated `kubeflow-edit`. */
export const rbacManifest = `apiVersion: v1
kind: Namespace
metadata:
  name: kubeflow
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kubeflow-edit
  labels:
    app.kubernetes.io/part-of: kubeflow-ts-test
rules:
  - apiGroups: ["kubeflow.org"]
    resources: ["experiments", "experiments/status", "trials", "trials/status", "suggestions", "suggestions/status"]
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
  - apiGroups: ["trainer.kubeflow.org"]
    resources:
      - trainjobs
      - trainjobs/status
      - trainingruntimes
      - trainingruntimes/status
      - clustertrainingruntimes
      - clustertrainingruntimes/status
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
  - apiGroups: [""]
    resources: ["pods", "pods/log", "events"]
    verbs: ["get", "list", "watch"]
`;

/** Applies {@link rbacManifest}; server-side apply keeps it idempotent across `up` runs. */
export async function installRbac(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-test", "-f", "-"], rbacManifest);
}

/** Runs kubectl (`$KUBECTL` or PATH) against the given kubeconfig and returns stdout. */
export function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const bin = process.env.KUBECTL ?? "kubectl";
  return new Promise((resolveOut, reject) => {
    const child = execFile(bin, ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`));
      else resolveOut(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function poll(what: string, timeoutMs: number, alive: () => boolean, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "not ready";
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${what} exited during start-up`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000}s (${lastError})`);
}
