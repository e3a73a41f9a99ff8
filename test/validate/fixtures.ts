/**
 * Small valid manifests the unit tests mutate: a TrainJob, a ClusterTrainingRuntime and a Katib Experiment (the
 * upstream random example, trimmed).
 */

/** A minimal valid TrainJob. */
export function trainJob(): Record<string, any> {
  return {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "TrainJob",
    metadata: { name: "my-job", namespace: "default", labels: { app: "demo" } },
    spec: {
      runtimeRef: { name: "torch-distributed" },
      trainer: {
        image: "docker.io/example/train:1",
        numNodes: 2,
        env: [{ name: "A", value: "1" }],
        resourcesPerNode: { limits: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": 1 } },
      },
    },
  };
}

/** A minimal valid ClusterTrainingRuntime. */
export function clusterTrainingRuntime(): Record<string, any> {
  return {
    apiVersion: "trainer.kubeflow.org/v1alpha1",
    kind: "ClusterTrainingRuntime",
    metadata: { name: "torch-small" },
    spec: {
      mlPolicy: { numNodes: 1, torch: {} },
      template: {
        spec: {
          replicatedJobs: [
            {
              name: "node",
              template: { spec: { template: { spec: { containers: [{ name: "node", image: "pytorch/pytorch:2.5.0" }] } } } },
            },
          ],
        },
      },
    },
  };
}

/** Katib's random-search Experiment with a batch Job trial (examples/v1beta1/hp-tuning/random.yaml, trimmed). */
export function experiment(): Record<string, any> {
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name: "random", namespace: "kubeflow" },
    spec: {
      objective: { type: "maximize", goal: 0.99, objectiveMetricName: "Validation-accuracy", additionalMetricNames: ["Train-accuracy"] },
      algorithm: { algorithmName: "random" },
      parallelTrialCount: 3,
      maxTrialCount: 12,
      maxFailedTrialCount: 3,
      parameters: [
        { name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.03" } },
        { name: "optimizer", parameterType: "categorical", feasibleSpace: { list: ["sgd", "adam"] } },
      ],
      trialTemplate: {
        primaryContainerName: "training-container",
        trialParameters: [
          { name: "learningRate", description: "Learning rate", reference: "lr" },
          { name: "optimizer", description: "Optimizer", reference: "optimizer" },
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
                    image: "docker.io/kubeflowkatib/mxnet-mnist:latest",
                    command: ["python3", "/opt/mxnet-mnist/mnist.py", "--lr=${trialParameters.learningRate}", "--optimizer=${trialParameters.optimizer}"],
                    resources: { limits: { memory: "1Gi", cpu: "0.5" } },
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
