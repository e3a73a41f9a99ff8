/** kube-scheduler: places the Jobs' pods on the simulated nodes by their allocatable CPU, memory and GPUs. */
import type { Component } from "./component.ts";
import { answersOk } from "./probes.ts";

/** kube-scheduler with the admin kubeconfig. */
export const kubeScheduler: Component = {
  name: "kube-scheduler",
  binary: "kube-scheduler",
  ports: ["secure"],
  args(context) {
    return [
      `--kubeconfig=${context.kubeconfig}`,
      `--authentication-kubeconfig=${context.kubeconfig}`,
      `--authorization-kubeconfig=${context.kubeconfig}`,
      "--bind-address=127.0.0.1",
      `--secure-port=${context.port("kube-scheduler", "secure")}`,
      `--tls-cert-file=${context.credentials.componentCert}`,
      `--tls-private-key-file=${context.credentials.componentKey}`,
      "--leader-elect=false",
      "--profiling=false",
      "--v=1",
    ];
  },
  ready(context) {
    return answersOk(context, `https://127.0.0.1:${context.port("kube-scheduler", "secure")}/healthz`);
  },
};
