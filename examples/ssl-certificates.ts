// SSL certificate handling: the cluster CA (recommended), or no verification (testing only).
import { KatibClient } from "kubeflow-ts";

// Option 1: provide the CA certificate, as a file or as PEM / base64 PEM data (recommended for production).
const withCa = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: "/path/to/ca.crt",
});

// Option 2: disable verification (testing only; a warning is logged once).
const insecure = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  insecureSkipTlsVerify: true,
});

await Promise.all([withCa.close(), insecure.close()]);
