/**
 * The simulated nodes' kubelet API (kubelet-api/main.ts, a program of ours run by this Node): container logs for
 * pods/log, with `follow` ending when the container ends as a kubelet's does; every other path passed to kwok.
 */
import { fileURLToPath } from "node:url";
import type { Component } from "./component.ts";
import { adminTokenFile, answersOk, writeAdminTokenFile } from "./probes.ts";

const program = fileURLToPath(new URL("../kubelet-api/main.ts", import.meta.url));

/** kubelet-api on the port the kwok nodes advertise, with a serving certificate of the cluster CA. */
export const kubeletApi: Component = {
  name: "kubelet-api",
  binary: "node",
  ports: ["secure"],
  async prepare(context) {
    await writeAdminTokenFile(context);
  },
  args(context) {
    return [
      program,
      `--port=${context.port("kubelet-api", "secure")}`,
      `--cert=${context.credentials.componentCert}`,
      `--key=${context.credentials.componentKey}`,
      `--server=${context.admin.server}`,
      `--ca=${context.credentials.caCert}`,
      `--token-file=${adminTokenFile(context)}`,
      `--kwok=127.0.0.1:${context.port("kwok", "server")}`,
    ];
  },
  // /healthz passes through to kwok: ready means both answer.
  ready(context) {
    return answersOk(context, `https://127.0.0.1:${context.port("kubelet-api", "secure")}/healthz`);
  },
};
