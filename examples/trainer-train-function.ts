// Train with a Python function from TypeScript, as the Kubeflow Python SDK's train(trainer=CustomTrainer(func=…)) does:
// the function's source runs on every node of the runtime (torchrun for torch-distributed) with these arguments.
import { TrainerClient } from "kubeflow-ts";

const trainer = new TrainerClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
  namespace: "kubeflow",
});

// The function as Python source (a .py file's text works too: readFileSync("train.py", "utf8")). It imports what it
// uses inside its body: the node runs only this text.
const train = `
def train(lr, epochs, batch_size=64):
    import os

    rank = int(os.environ.get("RANK", "0"))
    for epoch in range(epochs):
        print(f"rank={rank} epoch={epoch} lr={lr} batch_size={batch_size}")
`;

try {
  const name = await trainer.train({
    name: process.env.TRAINJOB_NAME, // a random name when undefined
    runtime: "torch-distributed",
    trainer: {
      func: { source: train, fileName: "train.py" },
      funcArgs: { lr: 0.01, epochs: 2 },
      packagesToInstall: ["numpy"],
      numNodes: 2,
      resourcesPerNode: { cpu: 1, memory: "2Gi" },
      env: { LOG_LEVEL: "info" },
    },
    labels: { team: "ml" },
  });
  const job = await trainer.waitForJobStatus(name, { timeoutMs: 15 * 60_000 });
  console.log(`TrainJob ${name}: ${job.status} on ${job.numNodes} nodes`);
  for await (const line of trainer.getJobLogs(name, { step: "node-0" })) console.log(line);
} finally {
  await trainer.close();
}
