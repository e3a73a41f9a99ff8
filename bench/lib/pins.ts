/**
 * Pinned versions of every reference the bench installs for itself. Pinned so that results stay comparable from
 * run to run; bump deliberately and re-run the full bench.
 */

/** `@kubernetes/client-node`, installed into bench/.deps. */
export const CLIENT_NODE_VERSION = "2.0.1";

/** `kubeflow-katib` (the Katib Python SDK), installed into bench/.venv. */
export const KATIB_SDK_VERSION = "0.19.0";

/** kubeconform, built with `go install` into a bench-owned GOBIN under the user cache. */
export const KUBECONFORM_VERSION = "v0.8.0";

/**
 * The Kubernetes Python client installed with the Katib SDK. kubeflow-katib 0.19.0 deserializes with its own
 * ApiClient, which parses the old model type strings (`list[X]`, `dict(str, X)`): from kubernetes 36 on the client's
 * models say `dict[str, X]` (36) and `List[X]` (37), and the SDK then fails on every object it reads (labels,
 * metadata.managedFields). pip picks 37.x when unpinned, so 35.0.0 (the newest that works) is pinned here.
 */
export const KUBERNETES_PYTHON_VERSION = "35.0.0";
