/**
 * The box's metrics collector (katib-metrics/main.ts, a program of ours run by this Node): when a trial's pod runs,
 * it reports the box's objective function of the trial's parameters to the DB manager, as Katib's metrics collector
 * sidecar would report what the training printed before the pod ends.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { moduleSourceDir } from "../modules.ts";
import type { Component } from "./component.ts";
import { dbManagerAddress } from "./katib-db-manager.ts";
import { adminTokenFile, answersOk, writeAdminTokenFile } from "./probes.ts";

const program = fileURLToPath(new URL("../katib-metrics/main.ts", import.meta.url));

/** katib-metrics, calling the DB manager's ReportObservationLog with Katib's own api.proto. */
export const katibMetrics: Component = {
  name: "katib-metrics",
  binary: "node",
  ports: ["health"],
  prepare: writeAdminTokenFile,
  async args(context) {
    const protoPath = join(await moduleSourceDir("github.com/kubeflow/katib"), "pkg/apis/manager/v1beta1/api.proto");
    return [
      program,
      `--server=${context.admin.server}`,
      `--ca=${context.credentials.caCert}`,
      `--token-file=${adminTokenFile(context)}`,
      `--db-manager=${dbManagerAddress(context)}`,
      `--proto=${protoPath}`,
      `--port=${context.port("katib-metrics", "health")}`,
    ];
  },
  ready(context) {
    return answersOk(context, `http://127.0.0.1:${context.port("katib-metrics", "health")}/healthz`);
  },
};
