// Tune a Python objective function from TypeScript, as the Katib Python SDK's tune() does: Katib runs the function in
// each trial with that trial's hyperparameters and reads the metrics it prints.
import { KatibClient, search } from "kubeflow-ts";

const katib = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
  namespace: "kubeflow",
});

// The function as Python source (a .py file's text works too: readFileSync("objective.py", "utf8")). It imports what
// it uses inside its body: the trial runs only this text.
const objective = `
def objective(parameters):
    import random

    lr = float(parameters["lr"])
    for epoch in range(int(parameters["num_epochs"])):
        accuracy = 1 - abs(lr - 0.05) - random.random() / (100 * (epoch + 1))
        print(f"epoch={epoch} accuracy={accuracy}")
`;

const name = process.env.EXPERIMENT_NAME ?? "tune-example";
try {
  await katib.tune({
    name,
    objective: { source: objective },
    // Search spaces are tuned; other values are passed to the function as they are.
    parameters: { lr: search.double(0.01, 0.1), num_epochs: search.int(1, 3), optimizer: search.categorical(["sgd", "adam"]), batch_size: 64 },
    objectiveMetricName: "accuracy",
    maxTrialCount: 3,
    parallelTrialCount: 3,
  });
  const done = await katib.waitForExperimentCondition(name, { timeoutMs: 30 * 60_000 });
  const optimal = await katib.getOptimalHyperparameters(name);
  console.log(`${done.status?.trialsSucceeded} trials; best:`, JSON.stringify(optimal?.parameterAssignments));
} finally {
  await katib.close();
}
