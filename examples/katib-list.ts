// Using KatibClient from outside the cluster: list Experiments (the seed's "Basic Example").
import { KatibClient } from "kubeflow-ts";

const katib = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
});

try {
  const experiments = await katib.listExperiments({ namespace: "kubeflow" });
  console.log(`Found ${experiments.length} experiments`);
} finally {
  await katib.close();
}
