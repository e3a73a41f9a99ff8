/**
 * The Trainer webhooks' checks that need no cluster state, and the warning for the one that does (the TrainJob's
 * runtime must exist), as kubeflow-ts/validate reports them. The box's differential test holds them to the real
 * webhooks (test/e2e/validate-differential.test.ts).
 */
import { describe, expect, test } from "vitest";
import { validateObject } from "../../src/validate/index.ts";
import { clusterTrainingRuntime, trainJob } from "./fixtures.ts";

async function issuesOf(object: Record<string, any>) {
  const report = await validateObject(object);
  return report.issues.map(({ severity, path, rule, message }) => ({ severity, path, rule, message }));
}

describe("TrainJob runtimeRef", () => {
  test("a runtime Trainer ships needs no warning", async () => {
    expect(await issuesOf(trainJob())).toEqual([]);
  });

  test("another ClusterTrainingRuntime is valid offline, with a warning naming the cluster state it needs", async () => {
    const job = trainJob();
    job.spec.runtimeRef.name = "flux-distributed";
    expect(await issuesOf(job)).toEqual([
      {
        severity: "warning",
        path: "spec.runtimeRef.name",
        rule: "trainer.runtime-exists",
        message: expect.stringMatching(/^depends on cluster state: the Trainer webhook refuses this TrainJob unless ClusterTrainingRuntime "flux-distributed" exists /),
      },
    ]);
  });

  test("a namespaced TrainingRuntime always depends on the cluster, in the TrainJob's namespace", async () => {
    const job = trainJob();
    job.spec.runtimeRef.kind = "TrainingRuntime";
    const [issue] = await issuesOf(job);
    expect(issue?.message).toContain('TrainingRuntime "torch-distributed" exists in the TrainJob\'s namespace (default)');
  });

  test.each([
    ["kind", "Deployment", "unsupported runtime: Deployment.trainer.kubeflow.org"],
    ["apiGroup", "example.com", "unsupported runtime: ClusterTrainingRuntime.example.com"],
  ])("runtimeRef.%s that is no Trainer runtime is an error, as the webhook says it", async (field, value, message) => {
    const job = trainJob();
    job.spec.runtimeRef[field] = value;
    expect(await issuesOf(job)).toEqual([{ severity: "error", path: "spec.runtimeRef", rule: "trainer.runtime-ref", message: expect.stringContaining(message) }]);
  });

  test("the webhook's checks are not reported when the schema already refuses the object (the apiserver never calls it)", async () => {
    const job = trainJob();
    job.spec.runtimeRef.kind = "Deployment";
    job.spec.trainer.numNodes = "two";
    expect((await issuesOf(job)).map((issue) => issue.rule)).toEqual(["schema.type"]);
  });
});

describe("runtimes' replicated jobs of an ancestor step", () => {
  test("the trainer step must have a container named node", async () => {
    const runtime = clusterTrainingRuntime();
    const job = runtime.spec.template.spec.replicatedJobs[0];
    job.template.metadata = { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } };
    expect(await issuesOf(runtime)).toEqual([]);
    job.template.spec.template.spec.containers[0].name = "main";
    expect(await issuesOf(runtime)).toEqual([
      {
        severity: "error",
        path: "spec.template.spec.replicatedJobs[0].template.spec.template.spec.containers",
        rule: "trainer.ancestor-container",
        message: 'must contain the required container for the ancestor: trainer (a container named "node")',
      },
    ]);
  });

  test("an initializer step runs exactly one replica", async () => {
    const runtime = clusterTrainingRuntime();
    const job = runtime.spec.template.spec.replicatedJobs[0];
    job.template.metadata = { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "dataset-initializer" } };
    job.template.spec.template.spec.containers[0].name = "dataset-initializer";
    job.replicas = 2;
    expect((await issuesOf(runtime)).map(({ path, rule }) => [path, rule])).toEqual([["spec.template.spec.replicatedJobs[0].replicas", "trainer.ancestor-replicas"]]);
  });

  test("a runtime labelled webhook-validation: disabled is not sent to the webhook, so not checked", async () => {
    const runtime = clusterTrainingRuntime();
    runtime.metadata.labels = { "trainer.kubeflow.org/webhook-validation": "disabled" };
    const job = runtime.spec.template.spec.replicatedJobs[0];
    job.template.metadata = { labels: { "trainer.kubeflow.org/trainjob-ancestor-step": "trainer" } };
    job.template.spec.template.spec.containers[0].name = "main";
    expect(await issuesOf(runtime)).toEqual([]);
  });

  test("a replicated job of no ancestor step is not checked", async () => {
    const runtime = clusterTrainingRuntime();
    runtime.spec.template.spec.replicatedJobs[0].template.spec.template.spec.containers[0].name = "anything";
    expect(await issuesOf(runtime)).toEqual([]);
  });
});
