/**
 * The seed guide (shared/seed/out-of-cluster-usage.rst) against the Kubeflow box: a ServiceAccount bound to
 * `kubeflow-edit`, its token, the server URL and the cluster CA taken with kubectl, then KatibClient and
 * TrainerClient with nothing but that token and CA — and the guide's troubleshooting cases as typed errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { AdmissionDeniedError, ForbiddenError, UnauthorizedError, type ClientOptions } from "../../src/index.ts";
import { katibClient, trainerClient } from "./support/clients.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import { boxExperiment, seedGuideExperiment } from "./support/experiments.ts";
import { kubectl } from "./support/kubectl.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { bindClusterRole, createServiceAccount, deleteServiceAccount, requestToken } from "./support/service-accounts.ts";

/** Writes the CA to a file, as the guide's `base64 -d > ca.crt` does. */
function caFile(pem: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kfts-seed-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "ca.crt");
  writeFileSync(path, pem);
  return path;
}

describeKubeflow("seed: out-of-cluster usage with ServiceAccount tokens", (env) => {
  test("the guide's kubectl steps yield a token that lists, creates and runs Experiments in kubeflow", { timeout: 120_000 }, async () => {
    const sa = uniqueName("kubeflow-sdk-user");
    const binding = `${sa}-binding`;
    const experiment = uniqueName("random-example");
    onTestFinished(async () => {
      await kubectl("delete", "experiment.kubeflow.org", experiment, "-n", "kubeflow", "--ignore-not-found");
      await kubectl("delete", "clusterrolebinding", binding, "--ignore-not-found");
      await kubectl("delete", "serviceaccount", sa, "-n", "kubeflow", "--ignore-not-found");
    });

    // 1. Create Service Account
    await kubectl("create", "serviceaccount", sa, "-n", "kubeflow");
    await kubectl("create", "clusterrolebinding", binding, "--clusterrole=kubeflow-edit", `--serviceaccount=kubeflow:${sa}`);
    // 2. Get Service Account Token
    const token = (await kubectl("create", "token", sa, "-n", "kubeflow", "--duration=8760h")).trim();
    // 3. Get API Server URL, and the CA ("... certificate-authority-data}' | base64 -d > ca.crt")
    const server = await kubectl("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");
    const caPath = "jsonpath={.clusters[0].cluster.certificate-authority-data}";
    const caData = await kubectl("config", "view", "--raw", "-o", caPath);
    const caPem = Buffer.from(caData, "base64").toString("utf8");
    expect(caPem).toContain("-----BEGIN CERTIFICATE-----");
    expect(server).toBe(env.server);
    const options: ClientOptions = { server, token, certificateAuthority: caFile(caPem) };

    // Using KatibClient: katib_client.list_experiments(namespace="kubeflow")
    const katib = katibClient(options);
    expect(Array.isArray(await katib.listExperiments({ namespace: "kubeflow" }))).toBe(true);

    // Complete Katib example as the guide writes it: Katib's webhook refuses it, and says why.
    const denied = await katib.createExperiment(seedGuideExperiment(experiment), { namespace: "kubeflow" }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AdmissionDeniedError);
    expect((denied as AdmissionDeniedError).webhook).toBe("validator.experiment.katib.kubeflow.org");
    expect((denied as AdmissionDeniedError).denial).toBe("spec.trialTemplate: Required value: must be specified");

    // With the trialTemplate it needs, Katib runs it to Succeeded and the optimal hyperparameters are its best trial.
    const fixed = { ...boxExperiment(experiment), metadata: { name: experiment, namespace: "kubeflow" } };
    const created = await katib.createExperiment(fixed, { namespace: "kubeflow" });
    expect(created.metadata?.uid).toEqual(expect.any(String));
    expect((await katib.listExperiments({ namespace: "kubeflow" })).map((e) => e.metadata?.name)).toContain(experiment);
    expect(await katib.getOptimalHyperparameters(experiment, { namespace: "kubeflow" })).toBeNull();
    const done = await katib.waitForExperimentCondition(experiment, { namespace: "kubeflow", timeoutMs: 80_000 });
    const optimal = await katib.getOptimalHyperparameters(experiment, { namespace: "kubeflow" });
    expect(optimal).toEqual(done.status?.currentOptimalTrial);
    expect(optimal?.parameterAssignments?.[0]?.name).toBe("lr");

    // Using TrainerClient, bound to the kubeflow namespace.
    const trainer = trainerClient({ ...options, namespace: "kubeflow" });
    expect(Array.isArray(await trainer.listRuntimes())).toBe(true);
    expect(Array.isArray(await trainer.listJobs())).toBe(true);
  });

  test("a garbage token is rejected with UnauthorizedError and the create-token hint", async () => {
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token: "not-a-real-token" });
    const error = await katib.listExperiments({ namespace: "kubeflow" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).reason).toBe("Unauthorized");
    expect((error as UnauthorizedError).hint).toContain("kubectl create token");
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain("not-a-real-token");
  });

  test("a ServiceAccount without a binding gets ForbiddenError with the can-i command for that account", async () => {
    const ns = await createTestNamespace("seed-unbound");
    await createServiceAccount(ns, "no-binding");
    const token = await requestToken(ns, "no-binding", { expirationSeconds: 600 });
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token });
    const error = await katib.listExperiments({ namespace: "kubeflow" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toContain(`system:serviceaccount:${ns}:no-binding`);
    expect((error as ForbiddenError).hint).toContain(`kubectl auth can-i --list --as=system:serviceaccount:${ns}:no-binding -n ${ns}`);
  });

  test("deleting the ServiceAccount turns its token into UnauthorizedError", async () => {
    const ns = await createTestNamespace("seed-revoked");
    await createServiceAccount(ns, "sdk-user");
    await bindClusterRole(uniqueName("seed-revoked"), "kubeflow-edit", ns, "sdk-user");
    const token = await requestToken(ns, "sdk-user", { expirationSeconds: 600 });
    const katib = katibClient({ server: env.server, certificateAuthorityData: env.caPem, token, retry: false });
    await expect(katib.listExperiments({ namespace: "kubeflow" })).resolves.toEqual(expect.any(Array));

    await deleteServiceAccount(ns, "sdk-user");
    // Successful token authentications are cached for 10 s (kube-apiserver's default token success cache TTL), and
    // the account lookup is informer-backed: the revocation shows within about that time, not instantly.
    await expect
      .poll(async () => (await katib.listExperiments({ namespace: "kubeflow" }).catch((e: unknown) => e)) instanceof UnauthorizedError, { timeout: 20_000, interval: 250 })
      .toBe(true);
  }, 40_000);
});
