/**
 * `kfts doctor` on the real apiserver with the seed guide's identities: a ServiceAccount bound to kubeflow-edit
 * (all green), one bound to nothing (RBAC denials), a garbage token (401) and a wrong CA (TLS).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import type { CheckResult } from "../../src/cli/doctor/doctor-check.ts";
import { run, tempDir } from "../cli/support/run.ts";
import { TestPki } from "../support/tls/generate-certificates.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { bindClusterRole, createServiceAccount, requestToken } from "./support/service-accounts.ts";

const EXTRACT_CA = "kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.crt";

interface Report {
  ok: boolean;
  checks: CheckResult[];
}

/** Runs doctor -o json with a token file and a CA file, as an out-of-cluster user would. */
async function doctor(env: E2eEnv, namespace: string, token: string, caPem = env.caPem): Promise<{ code: number; report: Report; text: string }> {
  const dir = await tempDir("kfts-doctor-");
  await writeFile(join(dir, "token"), token);
  await writeFile(join(dir, "ca.crt"), caPem);
  const flags = ["--server", env.server, "--token-file", join(dir, "token"), "--certificate-authority", join(dir, "ca.crt"), "-n", namespace];
  const json = await run(["doctor", "-o", "json", ...flags]);
  const text = await run(["doctor", ...flags]);
  expect(text.code).toBe(json.code);
  expect(json.stdout + json.stderr + text.stdout + text.stderr).not.toContain(token);
  return { code: json.code, report: JSON.parse(json.stdout) as Report, text: text.stdout };
}

const byId = (report: Report, id: string): CheckResult | undefined => report.checks.find((check) => check.id === id);

/** A ServiceAccount in `namespace`, optionally bound to kubeflow-edit, and a bound token for it. */
async function serviceAccountToken(namespace: string, bind: boolean): Promise<{ name: string; token: string }> {
  const name = uniqueName("kubeflow-sdk-user");
  await createServiceAccount(namespace, name);
  if (bind) await bindClusterRole(`${name}-binding`, "kubeflow-edit", namespace, name);
  return { name, token: await requestToken(namespace, name, { expirationSeconds: 7200 }) };
}

describeE2e("kfts doctor", (env) => {
  test("a ServiceAccount bound to kubeflow-edit is all green (the namespace label may only warn)", async () => {
    const namespace = await createTestNamespace("doctor");
    const { name, token } = await serviceAccountToken(namespace, true);
    const { code, report, text } = await doctor(env, namespace, token);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    const notPassed = report.checks.filter((check) => check.status !== "pass").map((check) => check.id);
    // The token lives 2 h (< 24 h: a warning), and kubeflow-edit cannot read namespaces.
    expect(notPassed).toEqual(["token-expiry", "namespace-label"]);
    expect(byId(report, "identity")?.message).toBe(`authenticated as system:serviceaccount:${namespace}:${name} (groups: system:serviceaccounts, system:serviceaccounts:${namespace}, system:authenticated)`);
    expect(byId(report, "token-expiry")).toMatchObject({ status: "warn", fix: `mint a new token: kubectl create token ${name} -n ${namespace} --duration=8760h` });
    expect(byId(report, "namespace-label")?.message).toContain(`cannot read namespace ${namespace}`);
    for (const id of ["dns", "tcp", "tls", "rbac:experiments.kubeflow.org", "rbac:trials.kubeflow.org", "rbac:suggestions.kubeflow.org", "rbac:trainjobs.trainer.kubeflow.org", "rbac:trainingruntimes.trainer.kubeflow.org", "rbac:clustertrainingruntimes.trainer.kubeflow.org", "rbac:pods/log", "rbac:events", "api:kubeflow.org", "api:trainer.kubeflow.org", "clock-skew"]) {
      expect(byId(report, id)?.status, id).toBe("pass");
    }
    expect(text).toMatch(/^PASS {2}TLS +server certificate verified against the configured CA/m);
    expect(text).toMatch(/: ready \(see the warnings\)\n$/);
  });

  test("an unbound ServiceAccount: RBAC denials with the can-i hint, exit 1", async () => {
    const namespace = await createTestNamespace("doctor");
    const { name, token } = await serviceAccountToken(namespace, false);
    const { code, report } = await doctor(env, namespace, token);
    expect(code).toBe(1);
    expect(byId(report, "identity")?.status).toBe("pass");
    const rbac = report.checks.filter((check) => check.id.startsWith("rbac:"));
    expect(rbac).toHaveLength(8);
    for (const check of rbac) {
      expect(check.status, check.id).toBe("fail");
      expect(check.fix).toContain(`kubectl auth can-i --list --as=system:serviceaccount:${namespace}:${name} -n ${namespace}`);
      expect(check.fix).toContain(`kubectl create clusterrolebinding ${name}-binding --clusterrole=kubeflow-edit --serviceaccount=${namespace}:${name}`);
    }
    expect(byId(report, "rbac:experiments.kubeflow.org")?.message).toBe(`list, get, create, delete denied in namespace ${namespace}`);
    expect(byId(report, "rbac:clustertrainingruntimes.trainer.kubeflow.org")?.message).toBe("list, get, create, delete denied cluster-wide");
  });

  test("a garbage token: 401 with the create-token hint; the API checks are skipped", async () => {
    const namespace = await createTestNamespace("doctor");
    const { code, report, text } = await doctor(env, namespace, "not-a-real-token-0123456789");
    expect(code).toBe(1);
    expect(byId(report, "tls")?.status).toBe("pass");
    expect(byId(report, "identity")).toMatchObject({
      status: "fail",
      message: "the API server rejected the token (401 Unauthorized): it is invalid or expired",
      fix: "mint a new token: kubectl create token <serviceaccount> -n <namespace> --duration=8760h",
    });
    expect(byId(report, "rbac")?.status).toBe("skip");
    expect(byId(report, "apis")?.status).toBe("skip");
    expect(text).toMatch(/^FAIL {2}who am I +the API server rejected the token/m);
  });

  test("a wrong CA: TLS fails with the CA hint and the kubectl command that extracts the CA", async () => {
    const namespace = await createTestNamespace("doctor");
    const pki = new TestPki();
    onTestFinished(() => pki.dispose());
    const { code, report, text } = await doctor(env, namespace, env.token, pki.createRoot("not-the-cluster-ca").cert);
    expect(code).toBe(1);
    expect(byId(report, "tcp")?.status).toBe("pass");
    const tls = byId(report, "tls");
    expect(tls?.status).toBe("fail");
    expect(tls?.fix).toContain("--certificate-authority ca.crt");
    expect(tls?.fix).toContain(EXTRACT_CA);
    expect(report.checks.filter((check) => check.status === "skip").map((check) => check.id)).toEqual(["identity", "rbac", "apis", "namespace-label", "clock-skew"]);
    expect(text).toContain(`fix: pass the cluster CA with --certificate-authority ca.crt`);
  });
});
