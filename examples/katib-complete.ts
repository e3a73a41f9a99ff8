// Create and run a Katib Experiment from outside the cluster (the seed's "Complete Katib Example"), with the
// trialTemplate Katib requires: each trial is a batch Job running the training with that trial's learning rate.
import { KatibClient, type V1beta1Experiment } from "kubeflow-ts";

const katib = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
  namespace: "kubeflow",
});

const name = process.env.EXPERIMENT_NAME ?? "random-example";
const experiment: V1beta1Experiment = {
  apiVersion: "kubeflow.org/v1beta1",
  kind: "Experiment",
  metadata: { name, namespace: "kubeflow" },
  spec: {
    maxTrialCount: 3,
    parallelTrialCount: 3,
    maxFailedTrialCount: 1,
    algorithm: { algorithmName: "random" },
    objective: { type: "maximize", objectiveMetricName: "accuracy" },
    parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
    trialTemplate: {
      primaryContainerName: "training-container",
      trialParameters: [{ name: "learningRate", description: "Learning rate for the training model", reference: "lr" }],
      trialSpec: {
        apiVersion: "batch/v1",
        kind: "Job",
        spec: {
          template: {
            spec: {
              restartPolicy: "Never",
              containers: [
                {
                  name: "training-container",
                  image: "docker.io/kubeflowkatib/mxnet-mnist:latest",
                  command: ["python3", "/opt/mxnet-mnist/mnist.py", "--batch-size=64", "--lr=${trialParameters.learningRate}"],
                },
              ],
            },
          },
        },
      },
    },
  },
};

try {
  await katib.createExperiment(experiment);
  // Wait (by watch) for Katib to run the trials; progress as they finish.
  await katib.waitForExperimentCondition(name, {
    timeoutMs: 30 * 60_000,
    onProgress: (e) => console.error(`${e.status?.trialsSucceeded ?? 0}/${experiment.spec?.maxTrialCount} trials succeeded`),
  });
  // The best trial Katib found: its parameters and metrics.
  const optimal = await katib.getOptimalHyperparameters(name);
  console.log("Optimal HP:", JSON.stringify(optimal?.parameterAssignments), "accuracy", optimal?.observation?.metrics?.[0]?.latest);
  // Everything the best trial reported, from Katib's DB manager (reached through the API server, no port-forward).
  if (optimal?.bestTrialName) {
    const logs = await katib.getTrialMetrics(optimal.bestTrialName);
    console.log("Best trial's observation log:", logs.map((log) => `${log.metric.name}=${log.metric.value}`).join(" "));
  }
} finally {
  await katib.close();
}
