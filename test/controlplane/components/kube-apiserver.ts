/**
 * kube-apiserver, secured as a real cluster is (RBAC, ServiceAccount tokens), with the Katib and Trainer CRDs, the
 * `kubeflow` namespace and the `kubeflow-edit` ClusterRole installed once it is ready.
 */
import { join } from "node:path";
import { crdFiles, installCrds, installRbac } from "../bootstrap.ts";
import { apiSourcesDir } from "../paths.ts";
import type { Component } from "./component.ts";
import { etcdUrl } from "./etcd.ts";
import { answersOk } from "./probes.ts";

/** kube-apiserver on `https://127.0.0.1:<port>`. */
export const kubeApiserver: Component = {
  name: "kube-apiserver",
  binary: "kube-apiserver",
  ports: ["secure"],
  args(context) {
    const c = context.credentials;
    const issuer = "https://kubernetes.default.svc.cluster.local";
    return [
      `--etcd-servers=${etcdUrl(context.port("etcd", "client"))}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${context.port("kube-apiserver", "secure")}`,
      `--tls-cert-file=${c.servingCert}`,
      `--tls-private-key-file=${c.servingKey}`,
      `--client-ca-file=${c.caCert}`,
      `--token-auth-file=${c.tokenFile}`,
      "--authorization-mode=RBAC",
      `--service-account-issuer=${issuer}`,
      `--api-audiences=${issuer}`,
      `--service-account-key-file=${c.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${c.serviceAccountPrivateKey}`,
      // Without a controller-manager nothing creates a namespace's `default` ServiceAccount, which this plugin
      // insists on for every pod; with one (the Kubeflow box), the plugin stays on as in a real cluster.
      ...(context.profile === "apiserver" ? ["--disable-admission-plugins=ServiceAccount"] : []),
      // The nodes are kwok's: their kubelet API (pods/log) is on 127.0.0.1, their InternalIP. The box's kubelet
      // API serves a certificate of the cluster CA, so the apiserver verifies it as it would a real kubelet's.
      "--kubelet-preferred-address-types=InternalIP",
      `--kubelet-certificate-authority=${c.caCert}`,
      // One loopback apiserver: don't maintain the `kubernetes` Endpoints for it.
      "--endpoint-reconciler-type=none",
      // Only a config value (Service ClusterIP allocation); nothing routes it.
      "--service-cluster-ip-range=10.96.0.0/16",
      // Certificates are provided; this only keeps any generated files inside .cluster/ rather than the cwd.
      `--cert-dir=${join(context.dir, "pki")}`,
      "--profiling=false",
      "--v=1",
    ];
  },
  ready(context) {
    return answersOk(context, `${context.admin.server}/readyz`, { authorization: `Bearer ${context.admin.token}` });
  },
  async install(context) {
    const names = await installCrds(context.kubeconfig, await crdFiles(apiSourcesDir()));
    await installRbac(context.kubeconfig);
    return `installed ${names.length} CRDs (${names.join(", ")}), namespace kubeflow, ClusterRole kubeflow-edit`;
  },
};
