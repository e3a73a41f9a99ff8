/**
 * Katib's admission, rule by rule: each case breaks the valid example one way and expects the webhook's verdict
 * (an error where validator.go rejects, a warning for what it accepts but will not work).
 */
import { describe, expect, test } from "vitest";
import { applyDefaults, validateObject } from "../../src/validate/index.ts";
import { KATIB_RULES } from "../../src/validate/katib/experiment-admission.ts";
import { experiment } from "./fixtures.ts";

type Mutate = (object: Record<string, any>) => void;
type Expected = { severity: "error" | "warning"; path: string; rule: string };

async function issuesOf(object: Record<string, any>) {
  return (await validateObject(object)).issues.map(({ severity, path, rule }) => ({ severity, path, rule }));
}

const trialSpec = (o: Record<string, any>): Record<string, any> => o.spec.trialTemplate.trialSpec;
const container = (o: Record<string, any>): Record<string, any> => trialSpec(o).spec.template.spec.containers[0];

test("the example is valid", async () => {
  expect(await issuesOf(experiment())).toEqual([]);
});

test("every rule names the upstream check it mirrors", () => {
  for (const rule of KATIB_RULES) expect(rule.mirrors).toMatch(/validator\.go|beyond the webhook/);
});

const cases: Array<[string, Mutate, Expected]> = [
  ["name must start with a letter", (o) => (o.metadata.name = "1-random"), { severity: "error", path: "metadata.name", rule: "katib.name" }],
  ["maxFailedTrialCount >= 0", (o) => (o.spec.maxFailedTrialCount = -1), { severity: "error", path: "spec.maxFailedTrialCount", rule: "katib.max-failed-trial-count" }],
  ["maxTrialCount > 0", (o) => (o.spec.maxTrialCount = 0), { severity: "error", path: "spec.maxTrialCount", rule: "katib.max-trial-count" }],
  ["parallelTrialCount > 0", (o) => (o.spec.parallelTrialCount = 0), { severity: "error", path: "spec.parallelTrialCount", rule: "katib.parallel-trial-count" }],
  ["parallelTrialCount <= maxTrialCount", (o) => (o.spec.parallelTrialCount = 20), { severity: "error", path: "spec.parallelTrialCount", rule: "katib.parallel-trial-count" }],
  ["the defaulted parallelTrialCount counts too", (o) => ((o.spec.maxTrialCount = 2), (o.spec.maxFailedTrialCount = 1), delete o.spec.parallelTrialCount), { severity: "error", path: "spec.parallelTrialCount", rule: "katib.parallel-trial-count" }],
  ["maxFailedTrialCount <= maxTrialCount", (o) => (o.spec.maxFailedTrialCount = 13), { severity: "error", path: "spec.maxFailedTrialCount", rule: "katib.max-failed-trial-count" }],
  ["objective required", (o) => delete o.spec.objective, { severity: "error", path: "spec.objective", rule: "katib.objective" }],
  ["objective type", (o) => (o.spec.objective.type = "max"), { severity: "error", path: "spec.objective.type", rule: "katib.objective" }],
  ["objectiveMetricName required", (o) => delete o.spec.objective.objectiveMetricName, { severity: "error", path: "spec.objective.objectiveMetricName", rule: "katib.objective" }],
  ["additionalMetricNames without the objective", (o) => o.spec.objective.additionalMetricNames.push("Validation-accuracy"), { severity: "error", path: "spec.objective.additionalMetricNames", rule: "katib.objective" }],
  ["algorithm required", (o) => delete o.spec.algorithm, { severity: "error", path: "spec.algorithm", rule: "katib.algorithm" }],
  ["algorithmName required", (o) => (o.spec.algorithm = {}), { severity: "error", path: "spec.algorithm.algorithmName", rule: "katib.algorithm" }],
  ["algorithm unknown to the default katib-config", (o) => (o.spec.algorithm.algorithmName = "my-search"), { severity: "warning", path: "spec.algorithm.algorithmName", rule: "katib.algorithm" }],
  ["early stopping algorithmName required", (o) => (o.spec.earlyStopping = { algorithmSettings: [] }), { severity: "error", path: "spec.earlyStopping.algorithmName", rule: "katib.early-stopping" }],
  ["resumePolicy values", (o) => (o.spec.resumePolicy = "Always"), { severity: "error", path: "spec.resumePolicy", rule: "katib.resume-policy" }],
  ["parameters or nasConfig", (o) => delete o.spec.parameters, { severity: "error", path: "spec", rule: "katib.search-space" }],
  ["not both parameters and nasConfig", (o) => (o.spec.nasConfig = { graphConfig: { numLayers: 2 } }), { severity: "error", path: "spec", rule: "katib.search-space" }],
  ["parameterType supported", (o) => (o.spec.parameters[0].parameterType = "float"), { severity: "error", path: "spec.parameters[0].parameterType", rule: "katib.parameters" }],
  ["parameterType required", (o) => delete o.spec.parameters[0].parameterType, { severity: "error", path: "spec.parameters[0].parameterType", rule: "katib.parameters" }],
  ["distribution supported", (o) => (o.spec.parameters[0].feasibleSpace.distribution = "gaussian"), { severity: "error", path: "spec.parameters[0].feasibleSpace.distribution", rule: "katib.parameters" }],
  ["double: no list", (o) => (o.spec.parameters[0].feasibleSpace.list = ["0.1"]), { severity: "error", path: "spec.parameters[0].feasibleSpace.list", rule: "katib.parameters" }],
  ["double: min and max", (o) => delete o.spec.parameters[0].feasibleSpace.max, { severity: "error", path: "spec.parameters[0].feasibleSpace.max", rule: "katib.parameters" }],
  ["categorical: no min/max/step", (o) => (o.spec.parameters[1].feasibleSpace.step = "1"), { severity: "error", path: "spec.parameters[1].feasibleSpace", rule: "katib.parameters" }],
  ["min above max (beyond the webhook)", (o) => (o.spec.parameters[0].feasibleSpace = { min: "0.5", max: "0.1" }), { severity: "warning", path: "spec.parameters[0].feasibleSpace", rule: "katib.parameters.range" }],
  ["log distribution with min 0 (beyond the webhook)", (o) => (o.spec.parameters[0].feasibleSpace = { min: "0", max: "1", distribution: "logUniform" }), { severity: "warning", path: "spec.parameters[0].feasibleSpace.min", rule: "katib.parameters.range" }],
  ["empty categorical list (beyond the webhook)", (o) => (o.spec.parameters[1].feasibleSpace = { list: [] }), { severity: "warning", path: "spec.parameters[1].feasibleSpace", rule: "katib.parameters.feasible-space" }],
  ["trialTemplate required", (o) => delete o.spec.trialTemplate, { severity: "error", path: "spec.trialTemplate", rule: "katib.trial-template" }],
  ["primaryContainerName required", (o) => delete o.spec.trialTemplate.primaryContainerName, { severity: "error", path: "spec.trialTemplate.primaryContainerName", rule: "katib.trial-template" }],
  ["conditions required for kinds without defaults", (o) => ((trialSpec(o).apiVersion = "argoproj.io/v1alpha1"), (trialSpec(o).kind = "Workflow")), { severity: "error", path: "spec.trialTemplate", rule: "katib.trial-template" }],
  ["trialParameters required", (o) => delete o.spec.trialTemplate.trialParameters, { severity: "error", path: "spec.trialTemplate.trialParameters", rule: "katib.trial-template" }],
  ["a trialSpec or a configMap", (o) => delete o.spec.trialTemplate.trialSpec, { severity: "error", path: "spec.trialTemplate", rule: "katib.trial-template" }],
  ["not both trialSpec and configMap", (o) => (o.spec.trialTemplate.configMap = { configMapName: "t", configMapNamespace: "kubeflow", templatePath: "x.yaml" }), { severity: "error", path: "spec.trialTemplate", rule: "katib.trial-template" }],
  ["a complete configMap reference", (o) => ((o.spec.trialTemplate.configMap = { configMapName: "t" }), delete o.spec.trialTemplate.trialSpec), { severity: "error", path: "spec.trialTemplate.configMap", rule: "katib.trial-template" }],
  ["trial parameter name and reference", (o) => delete o.spec.trialTemplate.trialParameters[0].reference, { severity: "error", path: "spec.trialTemplate.trialParameters[0]", rule: "katib.trial-parameters" }],
  ["trial parameter names unique", (o) => (o.spec.trialTemplate.trialParameters[1].name = "learningRate"), { severity: "error", path: "spec.trialTemplate.trialParameters[1].name", rule: "katib.trial-parameters" }],
  ["trial parameter references unique", (o) => (o.spec.trialTemplate.trialParameters[1].reference = "lr"), { severity: "error", path: "spec.trialTemplate.trialParameters[1].reference", rule: "katib.trial-parameters" }],
  ["references name a parameter", (o) => (o.spec.trialTemplate.trialParameters[0].reference = "learning_rate"), { severity: "error", path: "spec.trialTemplate.trialParameters[0].reference", rule: "katib.trial-parameters" }],
  ["every trial parameter is used", (o) => (container(o).command = ["python3", "--optimizer=${trialParameters.optimizer}"]), { severity: "error", path: "spec.trialTemplate.trialParameters[0].name", rule: "katib.trial-parameters" }],
  ["no placeholder left unresolved", (o) => container(o).command.push("--epochs=${trialParameters.epochs}"), { severity: "error", path: "spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command[4]", rule: "katib.trial-parameters" }],
  ["no metadata.name in the template", (o) => (trialSpec(o).metadata = { name: "fixed" }), { severity: "error", path: "spec.trialTemplate.trialSpec.metadata", rule: "katib.trial-template" }],
  ["apiVersion and kind in the template", (o) => delete trialSpec(o).kind, { severity: "error", path: "spec.trialTemplate.trialSpec", rule: "katib.trial-template" }],
  ["a Job template has no unknown field", (o) => (container(o).imagePullPolcy = "Always"), { severity: "error", path: "spec.trialTemplate.trialSpec.spec.template.spec.containers[0].imagePullPolcy", rule: "katib.trial-template.job" }],
  ["a Job template decodes into a Job", (o) => (trialSpec(o).spec.backoffLimit = "three"), { severity: "error", path: "spec.trialTemplate.trialSpec.spec.backoffLimit", rule: "katib.trial-template.job" }],
  ["a Job template's quantities parse", (o) => (container(o).resources.limits.memory = "1 Gi"), { severity: "error", path: "spec.trialTemplate.trialSpec.spec.template.spec.containers[0].resources.limits.memory", rule: "katib.trial-template.job" }],
  ["the primary container exists (beyond the webhook)", (o) => (o.spec.trialTemplate.primaryContainerName = "main"), { severity: "warning", path: "spec.trialTemplate.primaryContainerName", rule: "katib.trial-template.primary-container" }],
  ["metrics collector kind", (o) => (o.spec.metricsCollectorSpec = { collector: { kind: "None" } }), { severity: "error", path: "spec.metricsCollectorSpec.collector.kind", rule: "katib.metrics-collector" }],
  ["File collector needs an absolute path", (o) => (o.spec.metricsCollectorSpec = { collector: { kind: "File" }, source: { fileSystemPath: { path: "metrics.log" } } }), { severity: "error", path: "spec.metricsCollectorSpec.source.fileSystemPath.path", rule: "katib.metrics-collector" }],
  ["File collector format", (o) => (o.spec.metricsCollectorSpec = { collector: { kind: "File" }, source: { fileSystemPath: { format: "CSV" } } }), { severity: "error", path: "spec.metricsCollectorSpec.source.fileSystemPath.format", rule: "katib.metrics-collector" }],
  ["TensorFlowEvent collector has no format", (o) => (o.spec.metricsCollectorSpec = { collector: { kind: "TensorFlowEvent" }, source: { fileSystemPath: { format: "TEXT" } } }), { severity: "error", path: "spec.metricsCollectorSpec.source.fileSystemPath.format", rule: "katib.metrics-collector" }],
  ["Custom collector needs a container", (o) => (o.spec.metricsCollectorSpec = { collector: { kind: "Custom" } }), { severity: "error", path: "spec.metricsCollectorSpec.collector.customCollector", rule: "katib.metrics-collector" }],
  ["Prometheus collector needs a positive port", (o) => (o.spec.metricsCollectorSpec = { collector: { kind: "PrometheusMetric" }, source: { httpGet: { port: "http" } } }), { severity: "error", path: "spec.metricsCollectorSpec.source.httpGet.port", rule: "katib.metrics-collector" }],
  ["filters have two groups", (o) => (o.spec.metricsCollectorSpec = { source: { filter: { metricsFormat: ["([\\w-]+)=.*"] } } }), { severity: "error", path: "spec.metricsCollectorSpec.source.filter.metricsFormat[0]", rule: "katib.metrics-collector" }],
  ["filters compile", (o) => (o.spec.metricsCollectorSpec = { source: { filter: { metricsFormat: ["(a)(b"] } } }), { severity: "error", path: "spec.metricsCollectorSpec.source.filter.metricsFormat[0]", rule: "katib.metrics-collector" }],
  // The schemaless CRD keeps it and Katib's decoder ignores it: the server accepts it, so a warning (a typo shows).
  ["unknown Experiment fields (--validate=strict)", (o) => (o.spec.maxTrials = 3), { severity: "warning", path: "spec.maxTrials", rule: "schema.unknown-field" }],
  ["unknown metadata fields stay errors (the apiserver decodes metadata strictly)", (o) => (o.metadata.labelz = {}), { severity: "error", path: "metadata.labelz", rule: "schema.unknown-field" }],
  ["an empty list in a Job trial template (the webhook's conversion drops it)", (o) => (o.spec.trialTemplate.trialSpec.spec.template.spec.containers[0].env = []), { severity: "error", path: "spec.trialTemplate.trialSpec.spec.template.spec.containers[0].env", rule: "katib.trial-template.job" }],
  ["an unknown field in a Job trial template (the webhook's conversion drops it)", (o) => (o.spec.trialTemplate.trialSpec.spec.templat = {}), { severity: "error", path: "spec.trialTemplate.trialSpec.spec.templat", rule: "katib.trial-template.job" }],
  ["Experiment field types", (o) => (o.spec.maxTrialCount = "12"), { severity: "error", path: "spec.maxTrialCount", rule: "schema.type" }],
];

describe("Katib admission rules", () => {
  test.each(cases)("%s", async (_name, mutate, expected) => {
    const object = experiment();
    mutate(object);
    const issues = await issuesOf(object);
    expect(issues).toContainEqual(expected);
    if (expected.severity === "warning") expect(issues.filter((issue) => issue.severity === "error")).toEqual([]);
  });

  test("a TrainJob template is checked against the Trainer schema, as warnings", async () => {
    const object = experiment();
    object.spec.trialTemplate.primaryContainerName = "node";
    object.spec.trialTemplate.trialSpec = {
      apiVersion: "trainer.kubeflow.org/v1alpha1",
      kind: "TrainJob",
      spec: { runtimeRef: { name: "torch-distributed" }, trainer: { numNodes: "2", command: ["--lr=${trialParameters.learningRate}", "--opt=${trialParameters.optimizer}"] } },
    };
    const issues = await issuesOf(object);
    expect(issues).toEqual([{ severity: "warning", path: "spec.trialTemplate.trialSpec.spec.trainer.numNodes", rule: "katib.trial-spec.schema.type" }]);
  });
});

describe("Katib's defaulting webhook (applyDefaults)", () => {
  test("fills what SetDefault fills", async () => {
    const object = experiment();
    delete object.spec.parallelTrialCount;
    const { spec } = await applyDefaults(object);
    expect(spec.parallelTrialCount).toBe(3);
    expect(spec.resumePolicy).toBe("Never");
    expect(spec.objective.metricStrategies).toEqual([
      { name: "Validation-accuracy", value: "max" },
      { name: "Train-accuracy", value: "max" },
    ]);
    expect(spec.trialTemplate).toMatchObject({ successCondition: 'status.conditions.#(type=="Complete")#|#(status=="True")#', failureCondition: 'status.conditions.#(type=="Failed")#|#(status=="True")#' });
    expect(spec.trialTemplate.primaryPodLabels).toBeUndefined();
    expect(spec.metricsCollectorSpec).toEqual({ collector: { kind: "StdOut" } });
    expect(spec.parameters.map((parameter: any) => parameter.feasibleSpace.distribution)).toEqual(["uniform", "uniform"]);
  });

  test.each([
    ["PyTorchJob", { "training.kubeflow.org/job-role": "master" }, 'status.conditions.#(type=="Succeeded")#|#(status=="True")#'],
    ["TrainJob", { "jobset.sigs.k8s.io/replicatedjob-name": "node" }, 'status.conditions.#(type=="Complete")#|#(status=="True")#'],
  ])("%s trials get their conditions and primary pod labels", async (kind, labels, success) => {
    const object = experiment();
    trialSpec(object).kind = kind;
    const { spec } = await applyDefaults(object);
    expect(spec.trialTemplate).toMatchObject({ primaryPodLabels: labels, successCondition: success });
  });

  test.each([
    [{ kind: "File" }, { fileSystemPath: { kind: "File", path: "/var/log/katib/metrics.log", format: "TEXT" } }],
    [{ kind: "TensorFlowEvent" }, { fileSystemPath: { kind: "Directory", path: "/var/log/katib/tfevent/" } }],
    [{ kind: "PrometheusMetric" }, { httpGet: { path: "/metrics", port: 8080 } }],
  ])("metrics collector %j gets its source", async (collector, source) => {
    const object = experiment();
    object.spec.metricsCollectorSpec = { collector };
    const { spec } = await applyDefaults(object);
    expect(spec.metricsCollectorSpec.source).toEqual(source);
  });

  test("existing metric strategies are kept", async () => {
    const object = experiment();
    object.spec.objective.metricStrategies = [{ name: "Validation-accuracy", value: "latest" }];
    const { spec } = await applyDefaults(object);
    expect(spec.objective.metricStrategies).toEqual([
      { name: "Validation-accuracy", value: "latest" },
      { name: "Train-accuracy", value: "max" },
    ]);
  });
});
