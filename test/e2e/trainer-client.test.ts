/**
 * TrainerClient against the real apiserver. No Trainer controller or kubelet runs: tests create the pods a JobSet
 * would and write `status` themselves.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { parse } from "yaml";
import { TrainJobFailedError, type Logger, type TrainerV1alpha1ClusterTrainingRuntime } from "../../src/index.ts";
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

async function createPod(namespace: string, job: string, replicatedJob: string, index: number, phase: string): Promise<void> {
  const name = `${job}-${replicatedJob}-0-${index}`;
  const labels = { "jobset.sigs.k8s.io/jobset-name": job, "jobset.sigs.k8s.io/replicatedjob-name": replicatedJob, "batch.kubernetes.io/job-completion-index": String(index) };
  const resources = { limits: { cpu: "2", "nvidia.com/gpu": replicatedJob === "node" ? "1" : "0" } };
  const created = await kubeRequest("POST", `/api/v1/namespaces/${namespace}/pods`, {
    body: { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: replicatedJob, image: "busybox", resources }] } },
  });
  assertStatus(created, [201], `create pod ${name}`);
  const status = await kubeRequest("PATCH", `/api/v1/namespaces/${namespace}/pods/${name}/status`, { body: { status: { phase } }, contentType: "application/merge-patch+json" });
  assertStatus(status, [200], `set pod ${name} ${phase}`);
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

  test("train creates a TrainJob with the Python SDK's defaults, and getJob/listJobs summarize it with its steps", async () => {
    const namespace = await createTestNamespace("trainer");
    const trainer = trainerClient(adminOptions(env, namespace));
    const name = await trainer.train({
      trainer: { image: "pytorch/pytorch:2.5", command: ["torchrun", "train.py"], env: { EPOCHS: "3" }, numNodes: 2, resourcesPerNode: { cpu: 2, gpu: 1 } },
      labels: { team: "a" },
    });
    expect(name).toMatch(/^[a-z][a-z0-9]{11}$/);
    const job = await trainer.trainJobs.get(name);
    expect(job.spec).toMatchObject({
      runtimeRef: { name: "torch-distributed" },
      trainer: { numNodes: 2, env: [{ name: "EPOCHS", value: "3" }], resourcesPerNode: { limits: { cpu: "2", "nvidia.com/gpu": "1" } } },
    });
    expect((await trainer.getJob(name)).status).toBe("Created");
    await createPod(namespace, name, "node", 0, "Running");
    await createPod(namespace, name, "node", 1, "Pending");
    await createPod(namespace, name, "dataset-initializer", 0, "Succeeded");
    const summary = await trainer.getJob(name);
    expect(summary).toMatchObject({ name, runtime: "torch-distributed", numNodes: 2, status: "Running" });
    expect(summary.steps.map((s) => [s.name, s.status, s.device, s.deviceCount])).toEqual([
      ["dataset-initializer", "Succeeded", "cpu", 2],
      ["node-0", "Running", "gpu", 1],
      ["node-1", "Pending", "gpu", 1],
    ]);
    expect((await trainer.listJobs({ runtime: "torch-distributed" })).map((j) => j.name)).toEqual([name]);
    expect(await trainer.listJobs({ runtime: "other" })).toEqual([]);
    await trainer.deleteJob(name);
    expect(await trainer.listJobs()).toEqual([]);
  });

  test("waitForJobStatus resolves on Complete and rejects with the job when it fails", async () => {
    const namespace = await createTestNamespace("trainer");
    const trainer = trainerClient(adminOptions(env, namespace));
    const ok = await trainer.train({ name: "completes" });
    const seen: string[] = [];
    let started!: () => void;
    const firstRead = new Promise<void>((resolve) => (started = resolve));
    const waiting = trainer.waitForJobStatus(ok, { timeoutMs: 20_000, onProgress: (job) => (seen.push(job.status), started()) });
    await firstRead; // the wait has read the job: every later change reaches it through its watch
    await trainer.trainJobs.patchStatus(ok, { status: { jobsStatus: [{ name: "node", active: 2, ready: 2, succeeded: 0, failed: 0, suspended: 0 }] } });
    await trainer.trainJobs.patchStatus(ok, { status: { conditions: [{ type: "Complete", status: "True", reason: "JobsCompleted", message: "done", lastTransitionTime: new Date().toISOString() }] } });
    expect((await waiting).status).toBe("Complete");
    expect(seen).toEqual(["Created", "Running", "Complete"]);

    const bad = await trainer.train({ name: "fails" });
    // Caught at once: the wait may see the failure (and reject) before the patch's own answer is back.
    const failing = trainer.waitForJobStatus(bad, { timeoutMs: 20_000 }).catch((e: unknown) => e);
    await trainer.trainJobs.patchStatus(bad, { status: { conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "node-0 failed", lastTransitionTime: new Date().toISOString() }] } });
    const error = await failing;
    expect(error).toBeInstanceOf(TrainJobFailedError);
    expect((error as Error).message).toBe("TrainJob fails failed (BackoffLimitExceeded): node-0 failed");
    expect((error as TrainJobFailedError).job.metadata?.name).toBe("fails");
  });

  test("getJobEvents returns the job's and its pods' events, oldest first", async () => {
    const namespace = await createTestNamespace("trainer");
    const trainer = trainerClient(adminOptions(env, namespace));
    const name = await trainer.train({ name: "eventful" });
    const event = (eventName: string, object: string, reason: string, time: string) =>
      kubeRequest("POST", `/api/v1/namespaces/${namespace}/events`, {
        body: { apiVersion: "v1", kind: "Event", metadata: { name: eventName }, involvedObject: { kind: "Pod", name: object, namespace }, reason, message: reason, type: "Normal", lastTimestamp: time, firstTimestamp: time },
      });
    await event("e2", `${name}-node-0-0`, "Started", "2026-01-01T00:00:02Z");
    await event("e1", name, "Created", "2026-01-01T00:00:01Z");
    await event("e3", "unrelated", "Other", "2026-01-01T00:00:00Z");
    expect((await trainer.getJobEvents(name)).map((e) => e.reason)).toEqual(["Created", "Started"]);
  });
});
