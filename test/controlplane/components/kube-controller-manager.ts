/**
 * kube-controller-manager: the Job, Deployment/ReplicaSet, garbage collector, namespace and ServiceAccount/token
 * controllers (upstream's default set) that turn JobSets' Jobs into Pods and clean up after deletes.
 */
import type { Component } from "./component.ts";
import { answersOk } from "./probes.ts";

/** kube-controller-manager with the admin kubeconfig and the cluster's ServiceAccount signing key. */
export const kubeControllerManager: Component = {
  name: "kube-controller-manager",
  binary: "kube-controller-manager",
  ports: ["secure"],
  args(context) {
    const c = context.credentials;
    return [
      `--kubeconfig=${context.kubeconfig}`,
      // Delegated authentication and authorization for its own /healthz and /metrics, as kubeadm configures it.
      `--authentication-kubeconfig=${context.kubeconfig}`,
      `--authorization-kubeconfig=${context.kubeconfig}`,
      "--bind-address=127.0.0.1",
      `--secure-port=${context.port("kube-controller-manager", "secure")}`,
      `--tls-cert-file=${c.componentCert}`,
      `--tls-private-key-file=${c.componentKey}`,
      "--leader-elect=false",
      "--controllers=*",
      // The token controller signs legacy ServiceAccount token Secrets and publishes the CA to every namespace
      // (kube-root-ca.crt), as in a real cluster.
      `--service-account-private-key-file=${c.serviceAccountPrivateKey}`,
      `--root-ca-file=${c.caCert}`,
      `--cluster-signing-cert-file=${c.caCert}`,
      `--cluster-signing-key-file=${c.caKey}`,
      "--use-service-account-credentials=false",
      "--profiling=false",
      "--v=1",
    ];
  },
  ready(context) {
    return answersOk(context, `https://127.0.0.1:${context.port("kube-controller-manager", "secure")}/healthz`);
  },
};
