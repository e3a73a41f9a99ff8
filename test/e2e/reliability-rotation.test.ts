/**
 * Token rotation on the real apiserver, with two real ServiceAccount tokens. A KatibClient reads its token from a
 * file and waits for an Experiment (by watch, through a loopback proxy that can cut the connection). The file is
 * replaced with the other account's token, the first account loses its RBAC, and the watch is cut: the reconnected
 * watch, and every later request, must run as the second account, or the wait would fail with 403.
 * (The 401 → one re-read → one retry path is counted exactly in test/reliability/rotation.test.ts: the apiserver
 * caches successful token authentications for a few seconds, so revoking a token here is not immediate.)
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { KatibClient } from "../../src/index.ts";
import { TOKEN_FILE_RECHECK_MS } from "../../src/transport/auth/file-token-source.ts";
import { startTcpProxy } from "../reliability/support/tcp-proxy.ts";
import { adminOptions, katibClient } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { assertStatus, kubeRequest } from "./support/kube-request.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { createServiceAccount, requestToken } from "./support/service-accounts.ts";

async function grantExperimentAccess(namespace: string, sa: string): Promise<void> {
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  const role = await kubeRequest("POST", `${rbac}/roles`, {
    body: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: `read-${sa}` }, rules: [{ apiGroups: ["kubeflow.org"], resources: ["experiments"], verbs: ["get", "list", "watch"] }] },
  });
  assertStatus(role, [201], `create role read-${sa}`);
  const binding = await kubeRequest("POST", `${rbac}/rolebindings`, {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: `read-${sa}` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `read-${sa}` },
      subjects: [{ kind: "ServiceAccount", name: sa, namespace }],
    },
  });
  assertStatus(binding, [201], `create rolebinding read-${sa}`);
}

async function until(condition: () => boolean | Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const condition = (type: string) => ({ type, status: "True", reason: `Experiment${type}`, message: type, lastUpdateTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() });

describeE2e("token rotation (reliability)", (env) => {
  test("the token file is replaced during a long wait: the next requests run as the new ServiceAccount", async () => {
    const namespace = await createTestNamespace("rel-rotate");
    for (const sa of ["first", "second"]) {
      await createServiceAccount(namespace, sa);
      await grantExperimentAccess(namespace, sa);
    }
    const [first, second] = [await requestToken(namespace, "first"), await requestToken(namespace, "second")];
    const dir = mkdtempSync(join(tmpdir(), "kubeflow-ts-rotate-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "token");
    const rotate = (token: string): void => {
      writeFileSync(`${file}.new`, token);
      renameSync(`${file}.new`, file);
    };
    rotate(first);

    const admin = katibClient(adminOptions(env, namespace));
    // Idle (Katib runs no trial for it): the test plays its progress, so that it can rotate the token mid-wait.
    await admin.createExperiment(boxExperiment("rotating", { idle: true }));

    const api = new URL(env.server);
    const proxy = await startTcpProxy(api.hostname, Number(api.port));
    onTestFinished(() => proxy.close());
    const katib = new KatibClient({ server: `https://127.0.0.1:${proxy.port}`, tokenFile: file, certificateAuthorityData: env.caPem, namespace, logger: { debug: () => {}, warn: () => {} } });
    onTestFinished(() => katib.close());

    const seen: string[] = [];
    const waiting = katib.waitForExperimentCondition("rotating", { timeoutMs: 60_000, onProgress: (e) => seen.push(e.status?.conditions?.at(-1)?.type ?? "none") });
    waiting.catch(() => {});
    // The watch is live once it delivers a change.
    await until(() => seen.length === 1, "the first read");
    await admin.experiments.patchStatus("rotating", { status: { conditions: [condition("Created"), condition("Running")] } });
    await until(() => seen.includes("Running"), "the watch to deliver Running");

    rotate(second);
    // The first account may no longer read Experiments: a request that still carried its token would get 403.
    assertStatus(await kubeRequest("DELETE", `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings/read-first`), [200], "revoke the first account");
    await until(async () => (await kubeRequest("GET", `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/experiments/rotating`, { token: first })).status === 403, "the revocation to take effect");
    await new Promise((resolve) => setTimeout(resolve, TOKEN_FILE_RECHECK_MS + 200));

    const before = proxy.accepted();
    expect(proxy.cut()).toBeGreaterThan(0);
    await until(() => proxy.accepted() > before && proxy.open() > 0, "the watch to reconnect");
    await admin.experiments.patchStatus("rotating", { status: { conditions: [condition("Created"), condition("Running"), condition("Succeeded")] } });
    const done = await waiting;
    expect(done.status?.conditions?.at(-1)?.type).toBe("Succeeded");
    expect(seen.at(-1)).toBe("Succeeded");

    // Who the client is now, according to the apiserver.
    const review = await katib.connection.request<{ status?: { userInfo?: { username?: string } } }>({
      method: "POST",
      path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    });
    expect(review.body.status?.userInfo?.username).toBe(`system:serviceaccount:${namespace}:second`);
    expect((await katib.getExperiment("rotating")).metadata?.name).toBe("rotating");
  }, 120_000);
});
