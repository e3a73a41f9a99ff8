/**
 * TrainerClient against the real apiserver: runtimes by scope and RBAC, and the TrainJob `train()` stores. What the
 * controllers then do with it (JobSet, pods, statuses, logs, events) is tested on the Kubeflow box in
 * trainer-box.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { parse } from "yaml";
import type { Logger, TrainerV1alpha1ClusterTrainingRuntime } from "../../src/index.ts";
import { corpusDir } from "../support/sources.ts";
import { adminOptions, trainerClient } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { assertStatus, kubeRequest } from "./support/kube-request.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { createServiceAccount, requestToken } from "./support/service-accounts.ts";

/** The upstream torch-distributed ClusterTrainingRuntime, renamed so tests on a shared cluster do not collide. */
function torchRuntime(name: string): TrainerV1alpha1ClusterTrainingRuntime {
  const runtime = parse(readFileSync(join(corpusDir, "trainer/manifests/base/runtimes/torch_distributed.yaml"), "utf8")) as TrainerV1alpha1ClusterTrainingRuntime;
  return { ...runtime, metadata: { ...runtime.metadata, name } };
}

describeE2e("TrainerClient", (env) => {
  test("listRuntimes merges namespaced and cluster runtimes by name, namespaced first; getRuntime falls back to the cluster", async () => {
    const namespace = await createTestNamespace("trainer");
    const trainer = trainerClient(adminOptions(env, namespace));
    const [shared, clusterOnly] = [uniqueName("rt"), uniqueName("rt")];
    for (const name of [shared, clusterOnly]) {
      await trainer.clusterTrainingRuntimes.create(torchRuntime(name));
      onTestFinished(() => trainer.clusterTrainingRuntimes.delete(name).then(() => undefined));
    }
    await trainer.trainingRuntimes.create({ ...torchRuntime(shared), kind: "TrainingRuntime" });
    const runtimes = await trainer.listRuntimes();
    expect(runtimes.find((r) => r.name === shared)).toMatchObject({ scope: "Namespaced", framework: "torch", mlPolicy: "torch", numNodes: 1 });
    expect(runtimes.find((r) => r.name === clusterOnly)).toMatchObject({ scope: "Cluster" });
    expect(runtimes.filter((r) => r.name === shared)).toHaveLength(1);
    expect((await trainer.getRuntime(shared)).scope).toBe("Namespaced");
    expect((await trainer.getRuntime(clusterOnly)).scope).toBe("Cluster");
  });

  test("when cluster runtimes are forbidden, namespaced ones still answer and the denial is logged", async () => {
    const namespace = await createTestNamespace("trainer");
    await createServiceAccount(namespace, "runtime-reader");
    const role = await kubeRequest("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, {
      body: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "runtime-reader" }, rules: [{ apiGroups: ["trainer.kubeflow.org"], resources: ["trainingruntimes"], verbs: ["get", "list"] }] },
    });
    assertStatus(role, [201], "create role");
    const binding = await kubeRequest("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
      body: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "runtime-reader" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "runtime-reader" }, subjects: [{ kind: "ServiceAccount", name: "runtime-reader", namespace }] },
    });
    assertStatus(binding, [201], "bind role");
    const admin = trainerClient(adminOptions(env, namespace));
    await admin.trainingRuntimes.create({ ...torchRuntime("mine"), kind: "TrainingRuntime" });
    const warnings: string[] = [];
    const logger: Logger = { debug: () => {}, warn: (message) => warnings.push(message) };
    const token = await requestToken(namespace, "runtime-reader");
    const trainer = trainerClient({ ...adminOptions(env, namespace), token, logger });
    expect((await trainer.listRuntimes()).map((r) => `${r.scope}/${r.name}`)).toEqual(["Namespaced/mine"]);
    expect(warnings.join("\n")).toMatch(/ClusterTrainingRuntimes unavailable: .*forbidden/i);
  });

  test("train creates a TrainJob with the Python SDK's defaults, as the apiserver stores it", async () => {
    const namespace = await createTestNamespace("trainer");
    const trainer = trainerClient(adminOptions(env, namespace));
    const name = await trainer.train({
      trainer: { image: "pytorch/pytorch:2.5", command: ["torchrun", "train.py"], env: { EPOCHS: "3" }, numNodes: 2, resourcesPerNode: { cpu: 2, gpu: 1 } },
      labels: { team: "a" },
    });
    expect(name).toMatch(/^[a-z][a-z0-9]{11}$/);
    const job = await trainer.trainJobs.get(name);
    expect(job.metadata?.labels).toEqual({ team: "a" });
    expect(job.spec).toMatchObject({
      runtimeRef: { name: "torch-distributed" },
      // Whole quantities stay numbers, as the Python SDK sends them.
      trainer: { numNodes: 2, env: [{ name: "EPOCHS", value: "3" }], resourcesPerNode: { limits: { cpu: 2, "nvidia.com/gpu": 1 } } },
    });
    expect((await trainer.listJobs({ runtime: "torch-distributed" })).map((j) => j.name)).toEqual([name]);
    expect(await trainer.listJobs({ runtime: "other" })).toEqual([]);
    await trainer.deleteJob(name);
    expect(await trainer.listJobs()).toEqual([]);
  });
});
