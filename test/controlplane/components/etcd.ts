/** etcd: the apiserver's storage, at the version Kubernetes pins (our cmd/etcd wraps etcd's own main). */
import { join } from "node:path";
import { request } from "undici";
import type { Component } from "./component.ts";

/** etcd on loopback, data in `.cluster/etcd/`. */
export const etcd: Component = {
  name: "etcd",
  binary: "etcd",
  ports: ["client", "peer"],
  args(context) {
    const client = `http://127.0.0.1:${context.port("etcd", "client")}`;
    const peer = `http://127.0.0.1:${context.port("etcd", "peer")}`;
    return [
      "--name=kubeflow-ts",
      `--data-dir=${join(context.dir, "etcd")}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=kubeflow-ts=${peer}`,
      "--initial-cluster-state=new",
      // Throw-away test data: skipping fsync makes writes (CRD installs, every test object) much faster.
      "--unsafe-no-fsync",
      "--log-level=warn",
    ];
  },
  async ready(context) {
    try {
      const response = await request(`${etcdUrl(context.port("etcd", "client"))}/health`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
      return response.statusCode === 200 && (await response.body.text()).includes('"health":"true"');
    } catch {
      return false;
    }
  },
};

/** The client URL of etcd on `port`. */
export function etcdUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}
