/**
 * KatibClient against Katib itself: the Kubeflow box's katib-controller, webhooks, DB manager and suggestion
 * services run the Experiments (kwok runs the trials' pods; the box reports accuracy = 1 − |lr − 0.05|).
 */
import { expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ExperimentFailedError, NotFoundError, WaitTimeoutError, type V1beta1Experiment, type V1beta1Trial } from "../../src/index.ts";
import { corpusDir } from "../support/sources.ts";
import { adminOptions, katibClient } from "./support/clients.ts";
import { describeE2e, describeKubeflow } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";

describeKubeflow("KatibClient", (env) => {
  test("create, get, list, conditions and delete an Experiment", { timeout: 60_000 }, async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    // Unique names: Katib's suggestion controller lists an Experiment's trials by name in every namespace.
    const name = uniqueName("random-example");
    const created = await katib.createExperiment(boxExperiment(name));
    expect(created.metadata?.uid).toBeTruthy();
    // Katib's defaulting webhook filled in what the Experiment left out.
    expect(created.spec?.metricsCollectorSpec?.collector?.kind).toBe("StdOut");
    expect((await katib.getExperiment(name)).spec?.parameters?.[0]).toMatchObject({ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } });
    expect((await katib.listExperiments()).map((e) => e.metadata?.name)).toEqual([name]);
    await katib.waitForExperimentCondition(name, { condition: "Running", timeoutMs: 30_000 });
    expect(await katib.isExperimentRunning(name)).toBe(true);
    expect((await katib.getExperimentConditions(name)).map((c) => c.type)).toEqual(expect.arrayContaining(["Created", "Running"]));
    await katib.deleteExperiment(name);
    // Katib's finalizer runs first (and its trials go with it): gone shortly after, not at once.
    const state = (): Promise<string> => katib.getExperiment(name).then(() => "present", (error: unknown) => (error instanceof NotFoundError ? "gone" : String(error)));
    await expect.poll(state, { timeout: 30_000, interval: 250 }).toBe("gone");
  });

  test("an Experiment without a name is refused before anything is sent", async () => {
    const katib = katibClient(adminOptions(env, "default"));
    await expect(katib.createExperiment({ spec: {} })).rejects.toThrow(/metadata.name or metadata.generateName/);
  });

  test("waitForExperimentCondition follows Katib by watch to Succeeded; getOptimalHyperparameters is Katib's best trial", { timeout: 90_000 }, async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    const name = uniqueName("wait");
    await katib.createExperiment(boxExperiment(name));
    expect(await katib.getOptimalHyperparameters(name)).toBeNull();
    const progress: string[] = [];
    const done = await katib.waitForExperimentCondition(name, {
      timeoutMs: 80_000,
      onProgress: (e) => {
        const last = e.status?.conditions?.at(-1)?.type ?? "none";
        if (progress.at(-1) !== last) progress.push(last);
      },
    });
    expect(progress.at(-1)).toBe("Succeeded");
    expect(progress).toContain("Running");
    expect(done.status).toMatchObject({ trialsSucceeded: 3 });
    const optimal = await katib.getOptimalHyperparameters(name);
    expect(optimal).toEqual(done.status?.currentOptimalTrial);
    // Katib's pick is the trial the box's objective function scores best: the lr closest to 0.05.
    const trials = await katib.getSuccessTrialDetails(name);
    const closest = trials.reduce((best, trial) => (Math.abs(Number(trial.parameterAssignments[0]?.value) - 0.05) < Math.abs(Number(best.parameterAssignments[0]?.value) - 0.05) ? trial : best));
    expect(optimal?.bestTrialName).toBe(closest.name);
    expect(Number(optimal?.observation?.metrics?.[0]?.latest)).toBeCloseTo(1 - Math.abs(Number(closest.parameterAssignments[0]?.value) - 0.05), 10);
  });

  test("a failed Experiment rejects the wait with the Experiment attached; a timeout rejects with WaitTimeoutError", { timeout: 90_000 }, async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    const name = uniqueName("fails");
    await katib.createExperiment(boxExperiment(name, { failing: true }));
    const error = await katib.waitForExperimentCondition(name, { timeoutMs: 80_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentFailedError);
    const failed = (error as ExperimentFailedError).experiment;
    expect(failed.metadata?.name).toBe(name);
    expect(failed.status?.conditions?.find((c) => c.type === "Failed")).toMatchObject({ status: "True", reason: "ExperimentFailed" });
    await katib.createExperiment(boxExperiment("slow", { idle: true }));
    await expect(katib.waitForExperimentCondition("slow", { timeoutMs: 500 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  test("an Experiment whose trials are TrainJobs: Katib and the Trainer together (the corpus's kubeflow-trainer example)", { timeout: 120_000 }, async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    const example = parse(readFileSync(join(corpusDir, "katib/kubeflow-trainer/trainjob-pytorch.yaml"), "utf8")) as V1beta1Experiment;
    const name = uniqueName("torch-distributed");
    await katib.createExperiment({ ...example, metadata: { name, namespace }, spec: { ...example.spec, maxTrialCount: 3 } });
    const done = await katib.waitForExperimentCondition(name, { timeoutMs: 100_000 });
    expect(done.status).toMatchObject({ trialsSucceeded: 3 });
    // Each trial ran as a TrainJob of torch-distributed with 2 nodes, its parameters substituted into the command.
    const trials = await katib.listTrials({ experimentName: name });
    expect(trials).toHaveLength(3);
    for (const trial of trials) expect(trial.spec?.runSpec).toMatchObject({ kind: "TrainJob", spec: { runtimeRef: { name: "torch-distributed" }, trainer: { numNodes: 2 } } });
    // minimize loss = mean |value − 0.05| over lr and momentum: Katib's best is the trial closest to (0.05, 0.05).
    const loss = (t: { parameterAssignments: { value?: string }[] }): number => t.parameterAssignments.reduce((sum, a) => sum + Math.abs(Number(a.value) - 0.05), 0) / t.parameterAssignments.length;
    const details = await katib.getSuccessTrialDetails(name);
    const best = details.reduce((a, b) => (loss(b) < loss(a) ? b : a));
    expect(done.status?.currentOptimalTrial?.bestTrialName).toBe(best.name);
  });

  test("waiting for an Experiment that does not exist rejects with NotFoundError", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await expect(katib.waitForExperimentCondition("missing", { timeoutMs: 1_000 })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("editExperimentBudget from 10 concurrent writers keeps one writer's value and loses no other field", async () => {
    const namespace = await createTestNamespace("katib");
    const katib = katibClient(adminOptions(env, namespace));
    await katib.createExperiment(boxExperiment("budget", { idle: true }));
    const values = Array.from({ length: 10 }, (_, i) => 10 + i);
    await Promise.all(values.map((maxTrialCount) => katib.editExperimentBudget("budget", { maxTrialCount })));
    await katib.editExperimentBudget("budget", { parallelTrialCount: 5 });
    const spec = (await katib.getExperiment("budget")).spec;
    expect(values).toContain(spec?.maxTrialCount);
    expect(spec?.parallelTrialCount).toBe(5);
    expect(spec?.objective?.objectiveMetricName).toBe("accuracy");
    expect(spec?.parameters).toHaveLength(1);
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
    await Promise.all(Array.from({ length: 23 }, (_, i) => katib.createExperiment(boxExperiment(`page-${String(i).padStart(2, "0")}`, { idle: true }))));
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
    const created = await api.POST("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments", { params: { path: { namespace } }, body: boxExperiment("via-api", { idle: true }) });
    expect(created.response.status).toBe(201);
    const read = await api.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { namespace, name: "via-api" } } });
    expect(read.data?.spec?.objective?.type).toBe("maximize");
    const missing = await api.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { namespace, name: "nope" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.reason).toBe("NotFound");
  });
});
