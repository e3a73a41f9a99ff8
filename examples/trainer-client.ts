// Using TrainerClient from outside the cluster with a ServiceAccount token (the seed's "Using TrainerClient").
import { TrainerClient } from "kubeflow-ts";

const trainer = new TrainerClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE, // the cluster CA (see "SSL certificate handling")
  namespace: "kubeflow",
});

try {
  for (const runtime of await trainer.listRuntimes()) {
    console.log(`runtime ${runtime.name} (${runtime.scope}, ${runtime.framework ?? "unknown framework"})`);
  }
  const jobs = await trainer.listJobs();
  console.log(`Found ${jobs.length} TrainJobs`);
} finally {
  await trainer.close();
}
