// Troubleshooting: typed errors say what failed and how to fix it; KUBEFLOW_TS_DEBUG=1 (or a logger) traces requests.
import { ForbiddenError, KatibClient, TlsError, UnauthorizedError } from "kubeflow-ts";

const katib = new KatibClient({
  server: process.env.K8S_API_SERVER,
  token: process.env.K8S_SERVICE_ACCOUNT_TOKEN,
  certificateAuthority: process.env.K8S_CA_FILE,
  namespace: "kubeflow",
  // Debug logging, like Python's logging.basicConfig(level=logging.DEBUG); tokens are redacted.
  logger: { debug: (line) => console.error(line), warn: (line) => console.error(line) },
});

try {
  await katib.listExperiments();
} catch (error) {
  if (error instanceof UnauthorizedError) console.error("401: the token is invalid or expired.", error.hint);
  else if (error instanceof ForbiddenError) console.error("403: RBAC denies this.", error.hint);
  else if (error instanceof TlsError) console.error(`TLS (${error.tlsReason}):`, error.hint);
  else throw error;
  process.exitCode = 1;
} finally {
  await katib.close();
}
