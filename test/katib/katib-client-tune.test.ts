/** KatibClient.tune() over the real transport, against nock: one POST of the built Experiment, or nothing at all. */
import nock from "nock";
import { afterEach, expect, test } from "vitest";
import { AdmissionDeniedError, ForbiddenError, search, type V1beta1Experiment } from "../../src/index.ts";
import { toTuneExperiment } from "../../src/katib/tune-experiment.ts";
import { FAKE_SERVER, nockKatib } from "../support/nock-clients.ts";

const options = { name: "mnist", objective: { source: "def objective(p):\n    print(p)\n" }, parameters: { lr: search.double(0.01, 0.1) }, objectiveMetricName: "accuracy" };

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

test("tune() creates the built Experiment in the client's namespace and returns it as created", async () => {
  let sent: V1beta1Experiment | undefined;
  nock(FAKE_SERVER)
    .post("/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments", (body: V1beta1Experiment) => ((sent = body), true))
    .reply(201, { ...toTuneExperiment(options), metadata: { name: "mnist", namespace: "team-a", uid: "u-1" } });
  const created = await nockKatib().tune(options);
  expect(sent).toEqual(toTuneExperiment(options));
  expect(created.metadata?.uid).toBe("u-1");
});

test("tune() sends to the namespace it is given, with the call's options (dry run)", async () => {
  let sent: V1beta1Experiment | undefined;
  nock(FAKE_SERVER)
    .post("/apis/kubeflow.org/v1beta1/namespaces/team-b/experiments", (body: V1beta1Experiment) => ((sent = body), true))
    .query({ dryRun: "All" })
    .reply(201, toTuneExperiment({ ...options, namespace: "team-b" }));
  const created = await nockKatib().tune({ ...options, namespace: "team-b" }, { dryRun: true });
  expect(sent?.metadata).toEqual({ name: "mnist", namespace: "team-b" });
  expect(created).toEqual(sent);
});

test("tune() rejects wrong options without sending anything", async () => {
  await expect(nockKatib().tune({ ...options, parameters: {} })).rejects.toThrow(/parameters is required/);
  await expect(nockKatib().tune({ ...options, objective: { source: "" } })).rejects.toThrow(/objective\.source is empty/);
});

test("Katib's webhook refusing the Experiment is the typed AdmissionDeniedError", async () => {
  nock(FAKE_SERVER)
    .post("/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments")
    .reply(400, { kind: "Status", status: "Failure", code: 400, reason: "BadRequest", message: 'admission webhook "validator.experiment.katib.kubeflow.org" denied the request: spec.parameters must be specified' });
  await expect(nockKatib().tune(options)).rejects.toBeInstanceOf(AdmissionDeniedError);
});

const llm = {
  name: "llm",
  modelProviderParameters: { modelUri: "hf://google-bert/bert-base-cased", transformerType: "AutoModelForSequenceClassification" as const },
  datasetProviderParameters: { repoId: "yelp_review_full" },
  trainerParameters: { trainingParameters: { outputDir: "out", loggingDir: "logs", learningRate: search.double(1e-5, 5e-5) } },
  resourcesPerTrial: { numWorkers: 1, numProcsPerWorker: 1 },
  objectiveMetricName: "train_loss",
};

test("tune() on the LLM path creates the PVC, then the Experiment", async () => {
  const order: string[] = [];
  let pvc: unknown;
  nock(FAKE_SERVER)
    .post("/api/v1/namespaces/team-a/persistentvolumeclaims", (body: unknown) => ((pvc = body), order.push("pvc"), true))
    .reply(201, {})
    .post("/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments", () => (order.push("experiment"), true))
    .reply(201, toTuneExperiment(llm));
  await nockKatib().tune(llm);
  expect(order).toEqual(["pvc", "experiment"]);
  expect(pvc).toEqual({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "llm", namespace: "team-a" }, spec: { accessModes: ["ReadWriteOnce", "ReadOnlyMany"], resources: { requests: { storage: "10Gi" } } } });
});

test("tune() on the LLM path uses a PVC that exists already, and stops at any other refusal of it", async () => {
  nock(FAKE_SERVER)
    .post("/api/v1/namespaces/team-b/persistentvolumeclaims")
    .reply(409, { kind: "Status", status: "Failure", code: 409, reason: "AlreadyExists", message: 'persistentvolumeclaims "llm" already exists' })
    .post("/apis/kubeflow.org/v1beta1/namespaces/team-b/experiments")
    .reply(201, toTuneExperiment(llm));
  await nockKatib().tune({ ...llm, namespace: "team-b" });
  nock(FAKE_SERVER)
    .post("/api/v1/namespaces/team-a/persistentvolumeclaims")
    .reply(403, { kind: "Status", status: "Failure", code: 403, reason: "Forbidden", message: "persistentvolumeclaims is forbidden" });
  await expect(nockKatib().tune(llm)).rejects.toBeInstanceOf(ForbiddenError);
});

test("tune() on the LLM path checks the options before sending anything", async () => {
  await expect(nockKatib().tune({ ...llm, objective: options.objective } as never)).rejects.toThrow(/not both/);
  await expect(nockKatib().tune({ ...llm, resourcesPerTrial: undefined } as never)).rejects.toThrow(/resourcesPerTrial must be a TrainerResources/);
});
