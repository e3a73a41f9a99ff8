/**
 * The programs the local cluster runs, each an upstream `main` built from its Go module at the version pinned in
 * test/controlplane/go.mod (`tool` directives). Only etcd needs a main of ours (cmd/etcd).
 */

/** Binary name → Go package it is built from. */
export const goPackages = {
  etcd: "./cmd/etcd",
  "kube-apiserver": "k8s.io/kubernetes/cmd/kube-apiserver",
  kubectl: "k8s.io/kubernetes/cmd/kubectl",
  "kube-controller-manager": "k8s.io/kubernetes/cmd/kube-controller-manager",
  "kube-scheduler": "k8s.io/kubernetes/cmd/kube-scheduler",
  kwok: "sigs.k8s.io/kwok/cmd/kwok",
  jobset: "sigs.k8s.io/jobset",
  "trainer-controller-manager": "github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager",
} as const;

/** A program of the local cluster. */
export type BinaryName = keyof typeof goPackages;

/** Absolute paths of built binaries, by name. */
export type BinaryPaths = Record<BinaryName, string>;
