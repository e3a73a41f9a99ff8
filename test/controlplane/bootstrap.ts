/**
 * Brings a freshly started apiserver to the state the e2e tests and the seed guide assume: reachable through a
 * kubeconfig, with the Katib and Trainer CRDs established, a `kubeflow` namespace and a `kubeflow-edit` ClusterRole;
 * and kubectl, which every install step runs.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { parseKubernetesVersion } from "./build.ts";
import { cacheRoot, moduleDir } from "./paths.ts";

/** How to reach the apiserver as the static admin user. */
export interface AdminConnection {
  server: string;
  caPem: string;
  token: string;
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
  await waitEstablished(kubeconfig, names);
  return names.map((name) => name.replace(/^.*\//, ""));
}

/**
 * Polls until every CRD (`customresourcedefinition.apiextensions.k8s.io/<name>`) is Established. Not `kubectl wait`:
 * it fails outright on a CRD so new that it has no conditions yet.
 */
async function waitEstablished(kubeconfig: string, names: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  interface Crd {
    metadata: { name: string };
    status?: { conditions?: { type: string; status: string }[] };
  }
  for (;;) {
    const out = JSON.parse(await kubectl(kubeconfig, ["get", ...names, "-o", "json"])) as Crd | { items: Crd[] };
    const crds = "items" in out ? out.items : [out];
    const pending = crds.filter((crd) => !crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True"));
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`CRDs not Established after 60s: ${pending.map((crd) => crd.metadata.name).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
  # From kubeflow-kubernetes-edit, which kubeflow-edit aggregates (the pod and service rights of Kubernetes' edit
  # role): enough to reach Katib's DB manager through pods/portforward, as KatibClient.getTrialMetrics does.
  - apiGroups: [""]
    resources: ["pods", "pods/log", "events", "services"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["pods/portforward"]
    verbs: ["get", "create"]
`;

/** Applies {@link rbacManifest}; server-side apply keeps it idempotent across `up` runs. */
export async function installRbac(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-test", "-f", "-"], rbacManifest);
}

/**
 * The kubectl to run: `$KUBECTL`, else the one built beside the control plane (same version as the apiserver), else
 * `kubectl` on PATH.
 */
export function kubectlBinary(): string {
  if (process.env.KUBECTL) return process.env.KUBECTL;
  const version = parseKubernetesVersion(readFileSync(join(moduleDir, "go.mod"), "utf8"));
  const built = join(cacheRoot(), version, "kubectl");
  return existsSync(built) ? built : "kubectl";
}

/** Runs kubectl ({@link kubectlBinary}) against the given kubeconfig and returns stdout. */
export function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const bin = kubectlBinary();
  return new Promise((resolveOut, reject) => {
    const child = execFile(bin, ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`));
      else resolveOut(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}
