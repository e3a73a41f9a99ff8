import { describe, expectTypeOf, test } from "vitest";
import {
  Connection,
  KatibClient,
  ResourceClient,
  TrainerClient,
  experimentResource,
  trainJobResource,
  type TrainerV1alpha1TrainJob,
  type TrainJobSummary,
  type V1beta1Experiment,
  type MetricLog,
  type V1beta1OptimalTrial,
  type WatchEvent,
} from "../../src/index.ts";

declare const connection: Connection;

describe("ResourceClient", () => {
  test("infers the object type from the descriptor", () => {
    const experiments = new ResourceClient(connection, experimentResource);
    expectTypeOf(experiments.get("x")).resolves.toEqualTypeOf<V1beta1Experiment>();
    expectTypeOf(experiments.list()).resolves.toHaveProperty("items").toEqualTypeOf<V1beta1Experiment[]>();
    expectTypeOf(experiments.watch()).toExtend<AsyncIterable<WatchEvent<V1beta1Experiment>>>();
    const jobs = new ResourceClient(connection, trainJobResource);
    expectTypeOf(jobs.get("x")).resolves.toEqualTypeOf<TrainerV1alpha1TrainJob>();
    // @ts-expect-error a TrainJob client does not create Experiments
    void jobs.create({ apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name: "x" } } satisfies V1beta1Experiment);
  });

  test("patch types and field validation are closed sets", () => {
    const experiments = new ResourceClient(connection, experimentResource);
    // @ts-expect-error strategic merge patch is not served for custom resources
    void experiments.patch("x", {}, { type: "strategic" });
    // @ts-expect-error fieldValidation is Strict | Warn | Ignore
    void experiments.create({ metadata: { name: "x" } }, { fieldValidation: "strict" });
  });
});

describe("KatibClient", () => {
  const katib = new KatibClient({ server: "https://k8s.example:6443", token: "t" });
  test("methods are typed with the generated models", () => {
    expectTypeOf(katib.getExperiment("x")).resolves.toEqualTypeOf<V1beta1Experiment>();
    expectTypeOf(katib.getOptimalHyperparameters("x")).resolves.toEqualTypeOf<V1beta1OptimalTrial | null>();
    expectTypeOf(katib.getTrialLogs("t")).toExtend<AsyncIterable<string>>();
    expectTypeOf(katib.getJobLogs("experiment", "t", { follow: true, container: "pytorch" })).toExtend<AsyncIterable<string>>();
    // @ts-expect-error Python's get_job_logs takes the Experiment's name and the Trial's: both are required.
    void katib.getJobLogs("t");
    expectTypeOf(katib.waitForExperimentCondition).parameter(1).toExtend<{ signal?: AbortSignal; timeoutMs?: number } | undefined>();
  });

  test("getTrialMetrics: the observation log typed; the DB manager is a Service or an address, not both", () => {
    expectTypeOf(katib.getTrialMetrics("t")).resolves.toEqualTypeOf<MetricLog[]>();
    expectTypeOf<MetricLog["metric"]>().toEqualTypeOf<{ name: string; value: string }>();
    void katib.getTrialMetrics("t", { dbManager: { namespace: "katib", port: 6789 } });
    void katib.getTrialMetrics("t", { dbManager: { address: "localhost:6789" } });
    // @ts-expect-error a port is a number
    void katib.getTrialMetrics("t", { dbManager: { port: "6789" } });
    // @ts-expect-error metric names are strings
    void katib.getTrialMetrics("t", { metricName: 1 });
  });

  test("wrong conditions, options and objects do not compile", () => {
    // @ts-expect-error not an Experiment condition
    void katib.waitForExperimentCondition("x", { condition: "Done" });
    // @ts-expect-error budget fields are numbers
    void katib.editExperimentBudget("x", { maxTrialCount: "3" });
    // @ts-expect-error unknown client option
    void new KatibClient({ host: "https://k8s.example" });
    // @ts-expect-error objective type is maximize | minimize
    void katib.createExperiment({ metadata: { name: "x" }, spec: { objective: { type: "maximise" } } });
  });
});

describe("TrainerClient", () => {
  const trainer = new TrainerClient({ namespace: "kubeflow" });
  test("train takes the Python SDK's arguments and returns the job name", () => {
    expectTypeOf(trainer.train({ trainer: { image: "x", numNodes: 2, resourcesPerNode: { gpu: 1, cpu: "4" } } })).resolves.toEqualTypeOf<string>();
    expectTypeOf(trainer.getJob("x")).resolves.toEqualTypeOf<TrainJobSummary>();
    expectTypeOf<TrainJobSummary["status"]>().toEqualTypeOf<"Created" | "Running" | "Complete" | "Failed">();
    // @ts-expect-error numNodes is a number
    void trainer.train({ trainer: { numNodes: "2" } });
    // @ts-expect-error not a TrainJob status
    void trainer.waitForJobStatus("x", { status: ["Succeeded"] });
  });
});

describe("typed REST access through openapi-fetch", () => {
  test("paths, parameters and responses come from the generated paths", async () => {
    const api = await new KatibClient().api();
    const result = await api.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { namespace: "kubeflow", name: "x" } } });
    expectTypeOf(result.data).toEqualTypeOf<V1beta1Experiment | undefined>();
    // @ts-expect-error the path needs its namespace
    void api.GET("/apis/kubeflow.org/v1beta1/namespaces/{namespace}/experiments/{name}", { params: { path: { name: "x" } } });
    // @ts-expect-error not a Katib path
    void api.GET("/apis/trainer.kubeflow.org/v1alpha1/trainjobs");
    const trainer = await new TrainerClient().api();
    const jobs = await trainer.GET("/apis/trainer.kubeflow.org/v1alpha1/namespaces/{namespace}/trainjobs", { params: { path: { namespace: "kubeflow" }, query: { labelSelector: "a=b", limit: 10 } } });
    expectTypeOf(jobs.data?.items).toEqualTypeOf<TrainerV1alpha1TrainJob[] | undefined>();
  });
});
