// Hyperparameter optimization from TypeScript, as the Kubeflow Python SDK's OptimizerClient.optimize() does: Katib
// tries values of the search space as the function's keyword arguments, each trial a TrainJob on the runtime.
import { OptimizerClient, Search } from "kubeflow-ts";

const client = new OptimizerClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
  namespace: "kubeflow",
});

// The function as Python source (a .py file's text works too). The trial's values arrive as text.
const train = `
def train(lr, batch_size, epochs=1):
    loss = abs(float(lr) - 0.05)
    print(f"epochs={epochs} batch_size={batch_size} loss={loss}")
`;

try {
  const name = await client.optimize({
    trialTemplate: { trainer: { func: { source: train }, funcArgs: { epochs: 2 } } },
    searchSpace: { lr: Search.loguniform(1e-4, 0.1), batch_size: Search.choice([16, 32]) },
    objectives: [{ metric: "loss", direction: "minimize" }],
    algorithm: { algorithmName: "random", randomState: 42 },
    trialConfig: { numTrials: 4, parallelTrials: 2 },
  });
  // By watch (the Experiment, its Trials and their TrainJobs), where Python polls every 2 s.
  const job = await client.waitForJobStatus(name, { timeoutMs: 15 * 60_000 });
  console.log(`OptimizationJob ${name}: ${job.status}, ${job.trials.length} trials`);
  console.log(`best: ${JSON.stringify((await client.getBestResults(name))?.parameters)}`);
} finally {
  await client.close();
}
