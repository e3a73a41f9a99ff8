// Create and manage a Katib Experiment from outside the cluster (the seed's "Complete Katib Example").
import { KatibClient, type V1beta1Experiment } from "kubeflow-ts";

const katib = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
  namespace: "kubeflow",
});

const experiment: V1beta1Experiment = {
  apiVersion: "kubeflow.org/v1beta1",
  kind: "Experiment",
  metadata: { name: process.env.EXPERIMENT_NAME ?? "random-example", namespace: "kubeflow" },
  spec: {
    maxTrialCount: 3,
    algorithm: { algorithmName: "random" },
    objective: { type: "maximize", objectiveMetricName: "accuracy" },
    parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
  },
};

try {
  await katib.createExperiment(experiment);

  // Get optimal hyperparameters: null until the first Trial reports metrics.
  const optimal = await katib.getOptimalHyperparameters(experiment.metadata?.name ?? "");
  console.log("Optimal HP:", optimal);
} finally {
  await katib.close();
}
