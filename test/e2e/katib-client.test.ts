/**
 * KatibClient against the real apiserver. There is no Katib controller: tests write `status` themselves, playing it.
 */
import { expect, test } from "vitest";
import { ExperimentFailedError, NotFoundError, search, WaitTimeoutError, type V1beta1Experiment, type V1beta1Trial } from "../../src/index.ts";
import { adminOptions, katibClient } from "./support/clients.ts";
import { describeE2e } from "./support/describe-e2e.ts";
import { createTestNamespace } from "./support/namespaces.ts";

function experiment(name: string): V1beta1Experiment {
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name },
    spec: {
      maxTrialCount: 3,
      parallelTrialCount: 2,
      algorithm: { algorithmName: "random" },
      objective: { type: "maximize", objectiveMetricName: "accuracy" },
      parameters: [search.double("lr", 0.01, 0.1)],
    },
  };
}

const condition = (type: string, status = "True") => ({ type, status, reason: `Experiment${type}`, message: `Experiment is ${type.toLowerCase()}`, lastUpdateTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() });

describeE2e("KatibClient", (env) => {
  test("create, get, list, conditions and delete an Experiment", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    const created = await katib.createExperiment(experiment("random-example"));
    expect(created.metadata?.uid).toBeTruthy();
    expect((await katib.getExperiment("random-example")).spec?.parameters?.[0]).toEqual({ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } });
    expect((await katib.listExperiments()).map((e) => e.metadata?.name)).toEqual(["random-example"]);
    expect(await katib.getExperimentConditions("random-example")).toEqual([]);
    expect(await katib.isExperimentSucceeded("random-example")).toBe(false);
    await katib.experiments.patchStatus("random-example", { status: { conditions: [condition("Created"), condition("Running")] } });
    expect(await katib.isExperimentRunning("random-example")).toBe(true);
    await katib.deleteExperiment("random-example");
    await expect(katib.getExperiment("random-example")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("an Experiment without a name is refused before anything is sent", async () => {
    const katib = katibClient(adminOptions(env, "default"));
    await expect(katib.createExperiment({ spec: {} })).rejects.toThrow(/metadata.name or metadata.generateName/);
  });

  test("waitForExperimentCondition resolves when the status changes, by watch", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await katib.createExperiment(experiment("wait"));
    const progress: string[] = [];
    let started!: () => void;
    const firstRead = new Promise<void>((resolve) => (started = resolve));
    const waiting = katib.waitForExperimentCondition("wait", { timeoutMs: 20_000, onProgress: (e) => (progress.push(e.status?.conditions?.at(-1)?.type ?? "none"), started()) });
    await firstRead; // the wait has read the Experiment: every later change reaches it through its watch
    await katib.experiments.patchStatus("wait", { status: { conditions: [condition("Created"), condition("Running")] } });
    await katib.experiments.patchStatus("wait", { status: { conditions: [condition("Created"), condition("Running", "False"), condition("Succeeded")] } });
    const done = await waiting;
    expect(done.status?.conditions?.at(-1)?.type).toBe("Succeeded");
    expect(progress).toEqual(["none", "Running", "Succeeded"]);
  });

  test("a failed Experiment rejects the wait with the Experiment attached; a timeout rejects with WaitTimeoutError", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await katib.createExperiment(experiment("fails"));
    // Caught at once: the wait may see the failure (and reject) before the patch's own answer is back.
    const waiting = katib.waitForExperimentCondition("fails", { timeoutMs: 20_000 }).catch((e: unknown) => e);
    await katib.experiments.patchStatus("fails", { status: { conditions: [condition("Failed")] } });
    const error = await waiting;
    expect(error).toBeInstanceOf(ExperimentFailedError);
    expect((error as ExperimentFailedError).experiment.metadata?.name).toBe("fails");
    await katib.createExperiment(experiment("slow"));
    await expect(katib.waitForExperimentCondition("slow", { timeoutMs: 500 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  test("waiting for an Experiment that does not exist rejects with NotFoundError", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await expect(katib.waitForExperimentCondition("missing", { timeoutMs: 1_000 })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("editExperimentBudget from 10 concurrent writers keeps one writer's value and loses no other field", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await katib.createExperiment(experiment("budget"));
    const values = Array.from({ length: 10 }, (_, i) => 10 + i);
    await Promise.all(values.map((maxTrialCount) => katib.editExperimentBudget("budget", { maxTrialCount })));
    await katib.editExperimentBudget("budget", { parallelTrialCount: 5 });
    const spec = (await katib.getExperiment("budget")).spec;
    expect(values).toContain(spec?.maxTrialCount);
    expect(spec?.parallelTrialCount).toBe(5);
    expect(spec?.objective?.objectiveMetricName).toBe("accuracy");
    expect(spec?.parameters).toHaveLength(1);
  });

  test("getOptimalHyperparameters is null until the optimal trial has metrics", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await katib.createExperiment(experiment("optimal"));
    expect(await katib.getOptimalHyperparameters("optimal")).toBeNull();
    const currentOptimalTrial = {
      bestTrialName: "optimal-abc",
      parameterAssignments: [{ name: "lr", value: "0.05" }],
      observation: { metrics: [{ name: "accuracy", latest: "0.91", max: "0.93", min: "0.5" }] },
    };
    await katib.experiments.patchStatus("optimal", { status: { currentOptimalTrial } });
    expect(await katib.getOptimalHyperparameters("optimal")).toEqual(currentOptimalTrial);
  });

  test("Trials of an Experiment, success details, and Suggestions", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    const trial = (name: string, experimentName: string): V1beta1Trial => ({
      metadata: { name, labels: { "katib.kubeflow.org/experiment": experimentName } },
      spec: { parameterAssignments: [{ name: "lr", value: name.endsWith("1") ? "0.01" : "0.02" }], primaryContainerName: "training" },
    });
    for (const [name, owner] of [["exp-a-1", "exp-a"], ["exp-a-2", "exp-a"], ["exp-b-1", "exp-b"]] as const) await katib.trials.create(trial(name, owner));
    await katib.trials.patchStatus("exp-a-1", { status: { conditions: [{ type: "Succeeded", status: "True" }], observation: { metrics: [{ name: "accuracy", latest: "0.8" }] } } });
    expect((await katib.listTrials({ experimentName: "exp-a" })).map((t) => t.metadata?.name).sort()).toEqual(["exp-a-1", "exp-a-2"]);
    expect(await katib.getSuccessTrialDetails("exp-a")).toEqual([
      { name: "exp-a-1", parameterAssignments: [{ name: "lr", value: "0.01" }], metrics: [{ name: "accuracy", latest: "0.8" }] },
    ]);
    await katib.suggestions.create({ metadata: { name: "exp-a" }, spec: { algorithm: { algorithmName: "random" }, requests: 2 } });
    expect((await katib.listSuggestions()).map((s) => s.metadata?.name)).toEqual(["exp-a"]);
    expect((await katib.getSuggestion("exp-a")).spec?.requests).toBe(2);
  });

  test("list pages through a large collection", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await Promise.all(Array.from({ length: 23 }, (_, i) => katib.createExperiment(experiment(`page-${String(i).padStart(2, "0")}`))));
    const pages = [];
    for await (const page of katib.experiments.listPages({ limit: 10 })) pages.push(page.items.length);
    expect(pages).toEqual([10, 10, 3]);
    expect(await katib.listExperiments()).toHaveLength(23);
  });
});

describeE2e("KatibClient.api (openapi-fetch over the transport)", (env) => {
  test("typed GET and POST on the generated paths, errors as data", async () => {
    const namespace = await createTestNamespace("katib-api");
    const katib = katibClient(adminOptions(env, namespace));
    const api = await katib.api();
    const created = await api.POST("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments", { params: { path: { namespace } }, body: experiment("via-api") });
    expect(created.response.status).toBe(201);
    const read = await api.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { namespace, name: "via-api" } } });
    expect(read.data?.spec?.objective?.type).toBe("maximize");
    const missing = await api.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { namespace, name: "nope" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.reason).toBe("NotFound");
  });
});
