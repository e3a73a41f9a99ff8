import { describe, expectTypeOf, test } from "vitest";
import type {
  TrainerV1alpha1TrainJob,
  TrainerV1alpha1TrainJobSpec,
  V1beta1AlgorithmSpec,
  V1beta1Experiment,
  V1beta1ExperimentSpec,
  V1beta1FeasibleSpace,
  V1beta1ObjectiveSpec,
  V1beta1OptimalTrial,
  V1beta1ParameterSpec,
  V1beta1Suggestion,
  V1beta1Trial,
  V1ObjectMeta,
} from "../../src/index.ts";
import { experimentResource, trainJobResource, type ObjectOf } from "../../src/index.ts";
import type { V1PodSpec as KatibPodSpec } from "../../src/katib/index.ts";
import type { IntOrString, V1Container } from "../../src/trainer/index.ts";

describe("Katib models", () => {
  test("the seed's complete experiment compiles as an object literal, without status", () => {
    const experiment: V1beta1Experiment = {
      apiVersion: "kubeflow.org/v1beta1",
      kind: "Experiment",
      metadata: { name: "random-example", namespace: "kubeflow" },
      spec: {
        maxTrialCount: 3,
        algorithm: { algorithmName: "random" },
        objective: { type: "maximize", objectiveMetricName: "accuracy" },
        parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
      },
    };
    expectTypeOf(experiment.spec).toEqualTypeOf<V1beta1ExperimentSpec | undefined>();
  });

  test("kind and apiVersion are literals", () => {
    expectTypeOf<NonNullable<V1beta1Experiment["kind"]>>().toEqualTypeOf<"Experiment">();
    expectTypeOf<NonNullable<V1beta1Experiment["apiVersion"]>>().toEqualTypeOf<"kubeflow.org/v1beta1">();
    expectTypeOf<NonNullable<V1beta1Trial["kind"]>>().toEqualTypeOf<"Trial">();
    expectTypeOf<NonNullable<V1beta1Suggestion["kind"]>>().toEqualTypeOf<"Suggestion">();
    // @ts-expect-error a Trial is not an Experiment
    const wrongKind: V1beta1Experiment = { kind: "Trial" };
    void wrongKind;
  });

  test("fixed-value strings are literal unions", () => {
    expectTypeOf<NonNullable<V1beta1ParameterSpec["parameterType"]>>().toEqualTypeOf<"double" | "int" | "discrete" | "categorical">();
    expectTypeOf<NonNullable<V1beta1ObjectiveSpec["type"]>>().toEqualTypeOf<"maximize" | "minimize">();
    expectTypeOf<NonNullable<V1beta1FeasibleSpace["distribution"]>>().toEqualTypeOf<"uniform" | "logUniform" | "normal" | "logNormal">();
    expectTypeOf<NonNullable<V1beta1ExperimentSpec["resumePolicy"]>>().toEqualTypeOf<"Never" | "LongRunning" | "FromVolume">();
    // @ts-expect-error "maximise" is not an objective type
    const objective: V1beta1ObjectiveSpec = { type: "maximise" };
    // @ts-expect-error parameterType is a closed set
    const parameter: V1beta1ParameterSpec = { name: "lr", parameterType: "float" };
    void objective;
    void parameter;
  });

  test("a string where a number belongs does not compile", () => {
    // @ts-expect-error maxTrialCount is a number
    const spec: V1beta1ExperimentSpec = { maxTrialCount: "3" };
    void spec;
  });

  test("fields with defaults stay optional and metadata is ObjectMeta", () => {
    const empty: V1beta1Experiment = {};
    const algorithm: V1beta1AlgorithmSpec = {};
    void empty;
    void algorithm;
    expectTypeOf<NonNullable<V1beta1Experiment["metadata"]>>().toEqualTypeOf<V1ObjectMeta>();
    expectTypeOf<V1beta1OptimalTrial["bestTrialName"]>().toEqualTypeOf<string | undefined>();
  });

  test("Katib's trialSpec is an open object", () => {
    const trialSpec: NonNullable<NonNullable<V1beta1ExperimentSpec["trialTemplate"]>["trialSpec"]> = { apiVersion: "batch/v1", kind: "Job", spec: {} };
    expectTypeOf(trialSpec).toExtend<Record<string, unknown>>();
  });
});

describe("Trainer models", () => {
  test("runtimeRef is required", () => {
    const job: TrainerV1alpha1TrainJob = { apiVersion: "trainer.kubeflow.org/v1alpha1", kind: "TrainJob", spec: { runtimeRef: { name: "torch-distributed" } } };
    void job;
    // @ts-expect-error runtimeRef is required
    const spec: TrainerV1alpha1TrainJobSpec = { trainer: { image: "pytorch" } };
    void spec;
  });

  test("int-or-string is number | string", () => {
    expectTypeOf<IntOrString>().toEqualTypeOf<number | string>();
    const container: V1Container = { name: "trainer", ports: [{ containerPort: 8080 }], resources: { limits: { cpu: "1", memory: "1Gi" } } };
    void container;
  });
});

describe("resource descriptors", () => {
  test("are const data tied to their types", () => {
    expectTypeOf(experimentResource.plural).toEqualTypeOf<"experiments">();
    expectTypeOf(trainJobResource.namespaced).toEqualTypeOf<true>();
    expectTypeOf<ObjectOf<typeof experimentResource>>().toEqualTypeOf<V1beta1Experiment>();
    expectTypeOf<ObjectOf<typeof trainJobResource>>().toEqualTypeOf<TrainerV1alpha1TrainJob>();
  });

  test("core types that differ between Katib and Trainer come from their own entry", () => {
    expectTypeOf<KatibPodSpec>().toHaveProperty("containers");
  });
});
