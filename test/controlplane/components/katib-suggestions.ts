/**
 * The box's suggestion services (katib-suggestions/main.ts, a program of ours run by this Node): Katib's Goptuna
 * service, one process per Suggestion on a loopback port, where a cluster would run the Suggestion's Deployment.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Component } from "./component.ts";
import { endpointsFile, goptunaAlgorithms } from "./katib-controller.ts";
import { adminTokenFile, answersOk, writeAdminTokenFile } from "./probes.ts";

const program = fileURLToPath(new URL("../katib-suggestions/main.ts", import.meta.url));

/** katib-suggestions: starts and stops a Goptuna process per Suggestion of the algorithms Goptuna serves. */
export const katibSuggestions: Component = {
  name: "katib-suggestions",
  binary: "node",
  starts: ["katib-goptuna"],
  ports: ["health"],
  async prepare(context) {
    await mkdir(join(context.dir, "katib", "suggestions"), { recursive: true });
    await writeAdminTokenFile(context);
  },
  args(context) {
    return [
      program,
      `--server=${context.admin.server}`,
      `--ca=${context.credentials.caCert}`,
      `--token-file=${adminTokenFile(context)}`,
      `--goptuna=${context.binaries["katib-goptuna"]}`,
      `--algorithms=${goptunaAlgorithms.join(",")}`,
      `--endpoints-file=${endpointsFile(context)}`,
      `--log-dir=${join(context.dir, "katib", "suggestions")}`,
      `--port=${context.port("katib-suggestions", "health")}`,
    ];
  },
  ready(context) {
    return answersOk(context, `http://127.0.0.1:${context.port("katib-suggestions", "health")}/healthz`);
  },
};
