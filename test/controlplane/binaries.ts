/**
 * The programs the local cluster runs, each built from a Go module at the version pinned in test/controlplane/go.mod
 * (Kubernetes, JobSet, kwok, Trainer: `tool` directives), test/controlplane/katib/go.mod (Katib, whose Kubernetes
 * libraries are older) or test/controlplane/toxiproxy/go.mod (the network fault proxy of the reliability tests). Upstream's mains are built as they are; etcd, katib-controller and goptuna have mains of
 * ours (`cmd/` of their module), each saying why.
 */

/** The Go modules of test/controlplane, by directory relative to it. */
export type GoModule = "." | "katib" | "toxiproxy";

/** Binary name → the module it is built in and its Go package. */
export const goPrograms = {
  etcd: { module: ".", package: "./cmd/etcd" },
  "kube-apiserver": { module: ".", package: "k8s.io/kubernetes/cmd/kube-apiserver" },
  kubectl: { module: ".", package: "k8s.io/kubernetes/cmd/kubectl" },
  "kube-controller-manager": { module: ".", package: "k8s.io/kubernetes/cmd/kube-controller-manager" },
  "kube-scheduler": { module: ".", package: "k8s.io/kubernetes/cmd/kube-scheduler" },
  kwok: { module: ".", package: "sigs.k8s.io/kwok/cmd/kwok" },
  jobset: { module: ".", package: "sigs.k8s.io/jobset" },
  "trainer-controller-manager": { module: ".", package: "github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager" },
  "katib-controller": { module: "katib", package: "./cmd/katib-controller" },
  "katib-db-manager": { module: "katib", package: "github.com/kubeflow/katib/cmd/db-manager/v1beta1" },
  "katib-goptuna": { module: "katib", package: "./cmd/goptuna" },
  "toxiproxy-server": { module: "toxiproxy", package: "github.com/Shopify/toxiproxy/v2/cmd/server" },
} as const satisfies Record<string, { module: GoModule; package: string }>;

/** A program of the local cluster. */
export type BinaryName = keyof typeof goPrograms;

/** Absolute paths of built binaries, by name. */
export type BinaryPaths = Record<BinaryName, string>;
