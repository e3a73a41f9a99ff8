/** KatibClient request shapes over the real transport, against nock. */
import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import { ConflictError, NotFoundError, type V1beta1Experiment } from "../../src/index.ts";
import { FAKE_SERVER, nockKatib } from "../support/nock-clients.ts";

const EXPERIMENTS = "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments";
const experiment = (name: string, resourceVersion: string, spec: V1beta1Experiment["spec"] = {}): V1beta1Experiment => ({
  apiVersion: "kubeflow.org/v1beta1",
  kind: "Experiment",
  metadata: { name, namespace: "team-a", resourceVersion },
  spec,
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe("KatibClient requests", () => {
  test("listExperiments asks for pages of 500 and follows continue tokens", async () => {
    nock(FAKE_SERVER).get(EXPERIMENTS).query({ limit: "500" }).reply(200, { metadata: { continue: "next", resourceVersion: "9" }, items: [experiment("a", "1")] });
    nock(FAKE_SERVER).get(EXPERIMENTS).query({ limit: "500", continue: "next" }).reply(200, { metadata: { resourceVersion: "9" }, items: [experiment("b", "2")] });
    const names = (await nockKatib().listExperiments()).map((e) => e.metadata?.name);
    expect(names).toEqual(["a", "b"]);
  });

  test("listTrials of an Experiment selects by the experiment label", async () => {
    nock(FAKE_SERVER)
      .get("/apis/kubeflow.org/v1beta1/namespaces/team-b/trials")
      .query({ limit: "500", labelSelector: "katib.kubeflow.org/experiment=mnist" })
      .reply(200, { metadata: {}, items: [] });
    expect(await nockKatib().listTrials({ experimentName: "mnist", namespace: "team-b" })).toEqual([]);
  });

  test("editExperimentBudget replaces with the read resourceVersion and re-reads on 409 Conflict", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get(`${EXPERIMENTS}/exp`).reply(200, experiment("exp", "10", { maxTrialCount: 3, parallelTrialCount: 1 }));
    scope
      .put(`${EXPERIMENTS}/exp`, (body: V1beta1Experiment) => body.metadata?.resourceVersion === "10")
      .reply(409, { kind: "Status", status: "Failure", reason: "Conflict", code: 409, message: "the object has been modified" });
    scope.get(`${EXPERIMENTS}/exp`).reply(200, experiment("exp", "11", { maxTrialCount: 3, parallelTrialCount: 2 }));
    scope
      .put(`${EXPERIMENTS}/exp`, (body: V1beta1Experiment) => body.metadata?.resourceVersion === "11" && body.spec?.maxTrialCount === 9 && body.spec.parallelTrialCount === 2)
      .reply(200, experiment("exp", "12", { maxTrialCount: 9, parallelTrialCount: 2 }));
    const updated = await nockKatib().editExperimentBudget("exp", { maxTrialCount: 9 });
    expect(updated.spec).toEqual({ maxTrialCount: 9, parallelTrialCount: 2 });
  });

  test("editExperimentBudget gives up after its attempts with the ConflictError", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get(`${EXPERIMENTS}/exp`).times(2).reply(200, experiment("exp", "10", {}));
    scope.put(`${EXPERIMENTS}/exp`).times(2).reply(409, { kind: "Status", reason: "Conflict", code: 409, message: "modified" });
    await expect(nockKatib().editExperimentBudget("exp", { maxTrialCount: 1 }, { attempts: 2 } as never)).rejects.toBeInstanceOf(ConflictError);
  });

  test("editExperimentBudget refuses nonsense before sending anything", () => {
    expect(() => nockKatib().editExperimentBudget("exp", {})).toThrow(/give maxTrialCount/);
    expect(() => nockKatib().editExperimentBudget("exp", { maxTrialCount: -1 })).toThrow(/non-negative integer/);
  });

  test("getTrialLogs reads the Trial's pod, primary container", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get("/apis/kubeflow.org/v1beta1/namespaces/team-a/trials/t1").reply(200, { metadata: { name: "t1" }, spec: { primaryContainerName: "training-container" } });
    scope.get("/api/v1/namespaces/team-a/pods").query({ limit: "500", labelSelector: "katib.kubeflow.org/trial=t1" }).reply(200, { metadata: {}, items: [{ metadata: { name: "t1-pod" } }] });
    scope.get("/api/v1/namespaces/team-a/pods/t1-pod/log").query({ container: "training-container" }).reply(200, "epoch 1\naccuracy=0.9\n");
    const lines: string[] = [];
    for await (const line of nockKatib().getTrialLogs("t1")) lines.push(line);
    expect(lines).toEqual(["epoch 1", "accuracy=0.9"]);
  });

  test("getTrialLogs without a pod says so instead of returning nothing", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get("/apis/kubeflow.org/v1beta1/namespaces/team-a/trials/t2").reply(200, { metadata: { name: "t2" }, spec: {} });
    scope.get("/api/v1/namespaces/team-a/pods").query(true).reply(200, { metadata: {}, items: [] });
    const read = async (): Promise<void> => {
      for await (const _line of nockKatib().getTrialLogs("t2")) void _line;
    };
    await expect(read()).rejects.toThrow(/Trial t2 has no pod yet .*follow: true/);
  });

  test("getJobLogs reads the primary pod (primaryPodLabels) and, for a StdOut collector, the metrics collector's container, as Python does", async () => {
    const scope = nock(FAKE_SERVER);
    const trial = { metadata: { name: "t3" }, spec: { primaryContainerName: "pytorch", primaryPodLabels: { "training.kubeflow.org/job-role": "master" }, metricsCollector: { collector: { kind: "StdOut" } } } };
    scope.get("/apis/kubeflow.org/v1beta1/namespaces/team-a/trials/t3").twice().reply(200, trial);
    const selector = "katib.kubeflow.org/trial=t3,training.kubeflow.org/job-role=master";
    scope.get("/api/v1/namespaces/team-a/pods").query({ limit: "500", labelSelector: selector }).twice().reply(200, { metadata: {}, items: [{ metadata: { name: "t3-master-0" } }] });
    scope.get("/api/v1/namespaces/team-a/pods/t3-master-0/log").query({ container: "metrics-logger-and-collector" }).reply(200, "loss=0.5\n");
    scope.get("/api/v1/namespaces/team-a/pods/t3-master-0/log").query({ container: "pytorch" }).reply(200, "epoch 1\n");
    const read = async (lines: AsyncIterable<string>): Promise<string[]> => {
      const read: string[] = [];
      for await (const line of lines) read.push(line);
      return read;
    };
    expect(await read(nockKatib().getJobLogs("exp", "t3"))).toEqual(["loss=0.5"]);
    // getTrialLogs reads the same primary pod, its primary container.
    expect(await read(nockKatib().getTrialLogs("t3"))).toEqual(["epoch 1"]);
    expect(scope.isDone()).toBe(true);
  });

  test("getJobLogs refuses an empty Experiment or Trial name before sending anything", async () => {
    const read = async (name: string, trial: string): Promise<void> => {
      for await (const _line of nockKatib().getJobLogs(name, trial)) void _line;
    };
    await expect(read("", "t1")).rejects.toThrow(new TypeError("getJobLogs: name is required: the Experiment's name"));
    await expect(read("exp", "")).rejects.toThrow(new TypeError("getJobLogs: trialName is required: the Trial's name"));
  });
});

describe("KatibClient watch over the transport", () => {
  // A wait lists the namespace (the shared informer's first list), then watches it from the list's resourceVersion.
  const list = (resourceVersion: string, ...items: V1beta1Experiment[]) => ({ metadata: { resourceVersion }, items });
  const succeeded = (e: V1beta1Experiment): V1beta1Experiment => ({ ...e, status: { conditions: [{ type: "Succeeded", status: "True" }] } });

  test("a 410 Gone at watch start relists and carries on", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get(EXPERIMENTS).query({ limit: "500" }).reply(200, list("5", experiment("w", "5")));
    scope.get(EXPERIMENTS).query((q) => q.watch === "true" && q.resourceVersion === "5").reply(410, { kind: "Status", code: 410, reason: "Expired", message: "too old resource version: 5" });
    scope.get(EXPERIMENTS).query({ limit: "500" }).reply(200, list("20", succeeded(experiment("w", "19"))));
    const done = await nockKatib().waitForExperimentCondition("w", { timeoutMs: 5_000 });
    expect(done.metadata?.resourceVersion).toBe("19");
  });

  test("a watch that ends is resumed from the last resourceVersion", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get(EXPERIMENTS).query({ limit: "500" }).reply(200, list("5", experiment("r", "5")));
    // The namespace's watch: no field selector, every wait on the connection shares it.
    scope.get(EXPERIMENTS).query((q) => q.watch === "true" && q.resourceVersion === "5" && q.fieldSelector === undefined).reply(200, `${JSON.stringify({ type: "MODIFIED", object: experiment("r", "6") })}\n`);
    scope
      .get(EXPERIMENTS)
      .query((q) => q.watch === "true" && q.resourceVersion === "6")
      .reply(200, `${JSON.stringify({ type: "MODIFIED", object: succeeded(experiment("r", "7")) })}\n`);
    const seen: string[] = [];
    const done = await nockKatib().waitForExperimentCondition("r", { timeoutMs: 5_000, onProgress: (e) => seen.push(e.metadata?.resourceVersion ?? "") });
    expect(done.metadata?.resourceVersion).toBe("7");
    expect(seen).toEqual(["5", "6", "7"]);
  });

  test("a wait for an Experiment the list does not have reads it: NotFoundError at once when it is missing", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get(EXPERIMENTS).query({ limit: "500" }).reply(200, list("5"));
    scope.get(`${EXPERIMENTS}/missing`).reply(404, { kind: "Status", code: 404, reason: "NotFound", message: 'experiments.kubeflow.org "missing" not found' });
    scope.get(EXPERIMENTS).query((q) => q.watch === "true").optionally().reply(200, "");
    await expect(nockKatib().waitForExperimentCondition("missing", { timeoutMs: 5_000 })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("without the right to list, a wait reads the Experiment and watches it alone by name (get and watch only)", async () => {
    const scope = nock(FAKE_SERVER);
    scope.get(EXPERIMENTS).query({ limit: "500" }).reply(403, { kind: "Status", code: 403, reason: "Forbidden", message: "cannot list resource" });
    scope.get(`${EXPERIMENTS}/solo`).reply(200, experiment("solo", "5"));
    scope
      .get(EXPERIMENTS)
      .query((q) => q.watch === "true" && q.resourceVersion === "5" && q.fieldSelector === "metadata.name=solo")
      .reply(200, `${JSON.stringify({ type: "MODIFIED", object: succeeded(experiment("solo", "6")) })}\n`);
    const done = await nockKatib().waitForExperimentCondition("solo", { timeoutMs: 5_000 });
    expect(done.metadata?.resourceVersion).toBe("6");
  });
});
