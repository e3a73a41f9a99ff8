/**
 * TrainerClient, from the packed package, against Kubeflow itself: the Trainer v2.3.0 controller and webhooks, the
 * JobSet controller, Kubernetes' Job controller and scheduler, and kwok's simulated kubelet (the Kubeflow box). The
 * caller is the seed's user: a ServiceAccount bound to `kubeflow-edit`, with its token and the cluster CA.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { parse } from "yaml";
import type * as KubeflowTs from "../../src/index.ts";
import { controllerConventions } from "../../src/trainer/train-job-summary.ts";
import { FAIL_WITH_EXIT_CODE } from "../controlplane/components/kwok.ts";
import { usePackedPackage } from "../support/packed-package.ts";
import { corpusDir } from "../support/sources.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { assertStatus, kubeRequest } from "./support/kube-request.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { createSeedUser } from "./support/seed-user.ts";
import { createServiceAccount, requestToken } from "./support/service-accounts.ts";

const consumerDir = usePackedPackage();

/** The package as a user installs it (not src/): the build, the exports map and the bundled files are under test. */
async function packed(): Promise<typeof KubeflowTs> {
  return (await import(join(consumerDir(), "node_modules/kubeflow-ts/dist/src/index.js"))) as typeof KubeflowTs;
}

/** The ClusterTrainingRuntimes the box installs from the corpus, by name. */
function corpusRuntimeNames(): string[] {
  const dir = join(corpusDir, "trainer/manifests/base/runtimes");
  const files = ["torch_distributed.yaml", "deepspeed_distributed.yaml", "mlx_distributed.yaml", "data-cache/torch_distributed_with_cache.yaml"];
  return files.map((file) => (parse(readFileSync(join(dir, file), "utf8")) as { metadata: { name: string } }).metadata.name);
}

/** The seed's user (kubeflow-sdk-user bound to kubeflow-edit) with a TrainerClient of the packed package. */
async function seedUser(env: E2eEnv): Promise<{ namespace: string; trainer: KubeflowTs.TrainerClient; requests: string[] }> {
  const { TrainerClient } = await packed();
  const { namespace, token } = await createSeedUser("trainer-box");
  const requests: string[] = [];
  const logger = { debug: (message: string) => void requests.push(message), warn: () => {} };
  const trainer = new TrainerClient({ server: env.server, token, certificateAuthorityData: env.caPem, namespace, logger });
  onTestFinished(() => trainer.close());
  return { namespace, trainer, requests };
}

async function objectsOf(namespace: string, name: string): Promise<{ jobSets: number; jobs: number; pods: number }> {
  const count = async (path: string, selector: string): Promise<number> => {
    const response = await kubeRequest<{ items: unknown[] }>("GET", `${path}?labelSelector=${encodeURIComponent(selector)}`);
    assertStatus(response, [200], `list ${path}`);
    return response.body.items.length;
  };
  const jobSet = await kubeRequest("GET", `/apis/jobset.x-k8s.io/v1alpha2/namespaces/${namespace}/jobsets/${name}`);
  const selector = `jobset.sigs.k8s.io/jobset-name=${name}`;
  return {
    jobSets: jobSet.status === 200 ? 1 : 0,
    jobs: await count(`/apis/batch/v1/namespaces/${namespace}/jobs`, selector),
    pods: await count(`/api/v1/namespaces/${namespace}/pods`, selector),
  };
}

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describeKubeflow("TrainerClient on Kubeflow (Trainer, JobSet, kwok)", (env) => {
  test("listRuntimes and getRuntime show the ClusterTrainingRuntimes installed from the corpus", async () => {
    const { trainer } = await seedUser(env);
    const runtimes = await trainer.listRuntimes();
    expect(runtimes.map((runtime) => runtime.name)).toEqual(expect.arrayContaining(corpusRuntimeNames()));
    expect(await trainer.getRuntime("torch-distributed")).toMatchObject({ name: "torch-distributed", scope: "Cluster", framework: "torch", mlPolicy: "torch", numNodes: 1 });
    expect(await trainer.getRuntime("deepspeed-distributed")).toMatchObject({ scope: "Cluster", mlPolicy: "mpi" });
  });

  test("train on torch-distributed with 2 nodes runs TrainJob → JobSet → Job → Pods to Complete; wait, steps, logs, events and delete follow it", { timeout: 120_000 }, async () => {
    const { namespace, trainer, requests } = await seedUser(env);
    const name = await trainer.train({ trainer: { image: "pytorch/pytorch:2.5.1", command: ["torchrun", "--nproc-per-node=1", "train.py"], args: ["--epochs", "3"], numNodes: 2, resourcesPerNode: { cpu: 2, gpu: 1 } } });

    // Watch until Running: one list of the namespace's TrainJobs (the shared informer's) and one watch, however long it
    // takes (a poll reads again and again).
    const seen: string[] = [];
    const record = (job: KubeflowTs.TrainJobSummary): void => void (seen.at(-1) !== job.status && seen.push(job.status));
    const before = requests.length;
    await trainer.waitForJobStatus(name, { status: ["Running"], timeoutMs: 60_000, onProgress: record });
    const calls = requests.slice(before).filter((line) => line.includes("/trainjobs"));
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatch(/trainjobs\?watch=true&/);

    // While it runs: the steps are the real pods (Pending until kwok starts them, then Running); node-0's log is
    // followed until its container ends.
    const running = await eventually("both nodes Running", () => trainer.getJob(name), (job) => job.steps.length === 2 && job.steps.every((step) => step.status === "Running"), 30_000);
    expect(running.steps.map((step) => [step.name, step.status])).toEqual([
      ["node-0", "Running"],
      ["node-1", "Running"],
    ]);
    const logLines: string[] = [];
    const following = (async () => {
      for await (const line of trainer.getJobLogs(name, { step: "node-0", follow: true })) logLines.push(line);
    })();

    const finished = await trainer.waitForJobStatus(name, { timeoutMs: 90_000, onProgress: record });
    expect(finished.status).toBe("Complete");
    // Each status as the controller wrote it, in order; Created is seen when the first read beats the JobSet.
    expect(["Created,Running,Complete", "Running,Complete"]).toContain(seen.join(","));

    await following;
    expect(logLines).toEqual(["+ torchrun --nproc-per-node=1 train.py --epochs 3", "node: exited with code 0 (Completed)"]);

    // Steps: one per pod, named by JobSet's labels, with the real pods' phases and devices.
    const job = await trainer.getJob(name);
    expect(job).toMatchObject({ name, runtime: "torch-distributed", numNodes: 2, status: "Complete" });
    expect(job.steps.map((step) => [step.name, step.status, step.device, step.deviceCount])).toEqual([
      ["node-0", "Succeeded", "gpu", 1],
      ["node-1", "Succeeded", "gpu", 1],
    ]);
    expect(job.steps.every((step) => step.podName.startsWith(`${name}-node-0-`))).toBe(true);
    expect((await trainer.listJobs()).map((j) => j.name)).toEqual([name]);

    // Events written by the controllers: the Job controller's pod creations, JobSet's completion, kwok's containers.
    const reasons = (await trainer.getJobEvents(name)).map((event) => `${event.involvedObject?.kind}/${event.reason}`);
    expect(reasons).toEqual(expect.arrayContaining(["Job/SuccessfulCreate", "JobSet/AllJobsCompleted", "Job/Completed"]));

    // Delete: the TrainJob goes, and the garbage collector takes its JobSet, Jobs and Pods with it.
    expect(await objectsOf(namespace, name)).toMatchObject({ jobSets: 1, jobs: 1 });
    await trainer.deleteJob(name);
    await eventually("JobSet, Jobs and Pods of the deleted TrainJob", () => objectsOf(namespace, name), (left) => left.jobSets + left.jobs + left.pods === 0);
    expect(await trainer.listJobs()).toEqual([]);
  });

  test("a failing node fails the TrainJob, and waitForJobStatus rejects with the controller's reason", { timeout: 120_000 }, async () => {
    const { namespace, trainer } = await seedUser(env);
    // A runtime of the user's that gives up on the first failure (upstream's torch-distributed retries 6 times).
    const runtime = parse(readFileSync(join(corpusDir, "trainer/manifests/base/runtimes/torch_distributed.yaml"), "utf8")) as KubeflowTs.TrainerV1alpha1TrainingRuntime;
    const job = runtime.spec?.template?.spec?.replicatedJobs?.[0]?.template.spec;
    if (job === undefined) throw new Error("torch_distributed.yaml has no replicated job");
    job.backoffLimit = 0;
    const created = await kubeRequest("POST", `/apis/trainer.kubeflow.org/v1alpha1/namespaces/${namespace}/trainingruntimes`, {
      body: { ...runtime, kind: "TrainingRuntime", metadata: { name: "torch-no-retry", namespace } },
    });
    assertStatus(created, [201], "create TrainingRuntime torch-no-retry");

    const name = await trainer.train({ runtime: "torch-no-retry", runtimeKind: "TrainingRuntime", trainer: { command: ["python", "train.py"], numNodes: 1, env: { [FAIL_WITH_EXIT_CODE]: "3" } } });
    const error = await trainer.waitForJobStatus(name, { timeoutMs: 90_000 }).catch((e: unknown) => e);
    const { TrainJobFailedError } = await packed();
    expect(error).toBeInstanceOf(TrainJobFailedError);
    expect((error as Error).message).toBe(`TrainJob ${name} failed (FailedJobs): jobset failed due to one or more job failures (first failed job: ${name}-node-0)`);
    const failed = (error as KubeflowTs.TrainJobFailedError).job.status?.conditions?.find((c) => c.type === "Failed");
    expect(failed).toMatchObject({ status: "True", reason: "FailedJobs" });

    expect((await trainer.getJob(name)).steps.map((step) => [step.name, step.status])).toEqual([["node-0", "Failed"]]);
    const lines: string[] = [];
    for await (const line of trainer.getJobLogs(name)) lines.push(line);
    expect(lines).toEqual(["+ python train.py", "node: exited with code 3 (Error)"]);
  });

  test("a TrainJob the Trainer webhook refuses is an AdmissionDeniedError carrying its message, not a ForbiddenError", async () => {
    const { trainer } = await seedUser(env);
    const { AdmissionDeniedError, ForbiddenError, isForbidden, isAdmissionDenied } = await packed();
    const error = await trainer.train({ runtime: "no-such-runtime", trainer: { numNodes: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdmissionDeniedError);
    expect(error).not.toBeInstanceOf(ForbiddenError);
    expect(isAdmissionDenied(error)).toBe(true);
    expect(isForbidden(error)).toBe(false);
    const denied = error as KubeflowTs.AdmissionDeniedError;
    expect(denied.webhook).toBe("validator.trainjob.trainer.kubeflow.org");
    expect(denied.denial).toMatch(/ClusterTrainingRuntime\.trainer\.kubeflow\.org "no-such-runtime" not found: specified clusterTrainingRuntime must be created before the TrainJob is created/);
    expect(denied.message).toContain("Kubeflow Trainer's webhook (trainer-controller-manager) refused the object (not RBAC");
  });

  test("RBAC's refusal stays a ForbiddenError: a ServiceAccount without kubeflow-edit may not create TrainJobs", async () => {
    const { TrainerClient, ForbiddenError, isAdmissionDenied } = await packed();
    const namespace = await createTestNamespace("trainer-box");
    await createServiceAccount(namespace, "nobody");
    const token = await requestToken(namespace, "nobody", { expirationSeconds: 600 });
    const trainer = new TrainerClient({ server: env.server, token, certificateAuthorityData: env.caPem, namespace });
    onTestFinished(() => trainer.close());
    const error = await trainer.train({ trainer: { numNodes: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(isAdmissionDenied(error)).toBe(false);
    expect((error as Error).message).toMatch(/cannot create resource "trainjobs"/);
  });

  test("what the clients assume about the controllers is what they write: labels, replicated job, container, conditions", { timeout: 120_000 }, async () => {
    const { namespace, trainer } = await seedUser(env);
    const name = await trainer.train({ trainer: { command: ["python", "train.py"], numNodes: 2 } });
    await trainer.waitForJobStatus(name, { timeoutMs: 90_000 });
    const c = controllerConventions;
    interface Pod {
      metadata: { labels?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };
      spec: { containers: { name: string }[] };
    }
    const pods = await kubeRequest<{ items: Pod[] }>("GET", `/api/v1/namespaces/${namespace}/pods`);
    // Found by owner (the Job), not by the labels under test.
    const ours = pods.body.items.filter((pod) => pod.metadata.ownerReferences?.some((owner) => owner.kind === "Job" && owner.name.startsWith(`${name}-`)));
    expect(ours).toHaveLength(2);
    for (const pod of ours) {
      expect(pod.metadata.labels?.[c.jobSetNameLabel]).toBe(name);
      expect(pod.metadata.labels?.[c.replicatedJobLabel]).toBe(c.trainerReplicatedJob);
      expect(pod.spec.containers.map((container) => container.name)).toContain(c.trainerContainer);
    }
    expect(ours.map((pod) => pod.metadata.labels?.[c.completionIndexLabel]).sort()).toEqual(["0", "1"]);
    const job = await kubeRequest<KubeflowTs.TrainerV1alpha1TrainJob>("GET", `/apis/trainer.kubeflow.org/v1alpha1/namespaces/${namespace}/trainjobs/${name}`);
    expect(job.body.status?.conditions?.map((condition) => condition.type)).toContain(c.completeCondition);
    // The failed condition's type is checked by the failing-node test above (waitForJobStatus rejects on it).
  });
});
