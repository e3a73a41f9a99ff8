/**
 * A synthetic Katib Experiment, shaped like the upstream examples (objective, algorithm, parameters, a Job trial
 * template), ~1.5 KB of JSON. Written here rather than read from the corpus so that the request and list families
 * do not depend on which examples the corpus holds.
 */

/** Experiment `name` in `namespace`, with a little per-name variation so list bodies are not one repeated string. */
export function syntheticExperiment(name: string, namespace: string, index = 0): Record<string, unknown> {
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name, namespace, labels: { "kubeflow-ts/bench": "true" } },
    spec: {
      objective: { type: "minimize", goal: 0.001, objectiveMetricName: "loss" },
      algorithm: { algorithmName: "random" },
      parallelTrialCount: 3,
      maxTrialCount: 12 + (index % 7),
      maxFailedTrialCount: 3,
      parameters: [
        { name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.05" } },
        { name: "momentum", parameterType: "double", feasibleSpace: { min: "0.5", max: "0.9" } },
      ],
      trialTemplate: {
        primaryContainerName: "training-container",
        trialParameters: [
          { name: "learningRate", description: "Learning rate for the training model", reference: "lr" },
          { name: "momentum", description: "Momentum for the training model", reference: "momentum" },
        ],
        trialSpec: {
          apiVersion: "batch/v1",
          kind: "Job",
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: "training-container",
                    image: "ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0",
                    command: ["python3", "/opt/pytorch-mnist/mnist.py", "--epochs=1", "--lr=${trialParameters.learningRate}", "--momentum=${trialParameters.momentum}"],
                  },
                ],
                restartPolicy: "Never",
              },
            },
          },
        },
      },
    },
  };
}

/** The object as a server returns it: with uid, resourceVersion, timestamps and a status. */
export function servedExperiment(name: string, namespace: string, index = 0): Record<string, unknown> {
  const object = syntheticExperiment(name, namespace, index);
  const metadata = object.metadata as Record<string, unknown>;
  Object.assign(metadata, {
    uid: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    resourceVersion: String(1000 + index),
    generation: 1,
    creationTimestamp: "2026-01-01T00:00:00Z",
  });
  object.status = {
    startTime: "2026-01-01T00:00:00Z",
    conditions: [
      { type: "Created", status: "True", reason: "ExperimentCreated", message: "Experiment is created", lastUpdateTime: "2026-01-01T00:00:00Z", lastTransitionTime: "2026-01-01T00:00:00Z" },
      { type: "Running", status: "True", reason: "ExperimentRunning", message: "Experiment is running", lastUpdateTime: "2026-01-01T00:00:01Z", lastTransitionTime: "2026-01-01T00:00:01Z" },
    ],
    trials: 3,
    trialsRunning: 3,
  };
  return object;
}
