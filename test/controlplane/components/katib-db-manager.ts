/**
 * Katib's DB manager v0.19.0 (upstream's main): the gRPC service holding the trials' observation logs, on the box's
 * PostgreSQL, listening on a loopback port (upstream: 0.0.0.0:6789). Upstream's Deployment and Service are installed
 * too: kwok runs the Deployment's pod as the process's stand-in, and a kwok ClusterPortForward sends port 6789 of
 * pods in `kubeflow` to the process, so `pods/portforward` through the apiserver reaches it as in a real cluster.
 */
import { connect } from "node:net";
import { parseAllDocuments, stringify } from "yaml";
import { kubectl } from "../bootstrap.ts";
import { readModuleFile } from "../modules.ts";
import type { BoxContext, Component } from "./component.ts";
import { katibDatabase } from "./postgres.ts";
import { adminRequest, untilTrue } from "./probes.ts";

/** The DB manager's Service as Katib installs it. */
export const dbManagerService = { namespace: "kubeflow", name: "katib-db-manager", port: 6789 } as const;
const IMAGE = "ghcr.io/kubeflow/katib/katib-db-manager:v0.19.0";

/** The DB manager's gRPC address, for the controller, the metrics reporter and tests. */
export function dbManagerAddress(context: BoxContext): string {
  return `127.0.0.1:${context.port("katib-db-manager", "grpc")}`;
}

/** katib-db-manager with Katib's PostgreSQL settings (installs/katib-standalone-postgres). */
export const katibDbManager: Component = {
  name: "katib-db-manager",
  binary: "katib-db-manager",
  ports: ["grpc"],
  args(context) {
    return [`-listen-address=${dbManagerAddress(context)}`, "-connect-timeout=60s"];
  },
  env(context) {
    return {
      DB_NAME: "postgres",
      DB_USER: katibDatabase.user,
      DB_PASSWORD: katibDatabase.password,
      KATIB_POSTGRESQL_DB_HOST: "127.0.0.1",
      KATIB_POSTGRESQL_DB_PORT: String(context.port("postgres", "sql")),
      KATIB_POSTGRESQL_DB_DATABASE: katibDatabase.database,
    };
  },
  // It listens only once its database answers (it first waits for it, trying every 5 s).
  ready(context) {
    return new Promise((resolve) => {
      const socket = connect(context.port("katib-db-manager", "grpc"), "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
  },
  async install(context) {
    const manifests: unknown[] = [];
    for (const file of ["db-manager.yaml", "service.yaml"]) {
      for (const document of parseAllDocuments(await readModuleFile("github.com/kubeflow/katib", `manifests/v1beta1/components/db-manager/${file}`))) {
        const object = document.toJS() as { kind: string; spec: { template?: { spec: { containers: { image: string }[] } } } } | null;
        if (object === null) continue;
        for (const container of object.spec.template?.spec.containers ?? []) container.image = IMAGE;
        manifests.push(object);
      }
    }
    manifests.push({
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "ClusterPortForward",
      metadata: { name: "katib-db-manager" },
      spec: { selector: { matchNamespaces: [dbManagerService.namespace] }, forwards: [{ ports: [dbManagerService.port], target: { address: "127.0.0.1", port: context.port("katib-db-manager", "grpc") } }] },
    });
    await kubectl(context.kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-box", "-n", dbManagerService.namespace, "-f", "-"], manifests.map((m) => stringify(m)).join("---\n"));
    await untilTrue("the DB manager's pod to run on kwok", async () => {
      const { status, body } = await adminRequest(context, "GET", `/api/v1/namespaces/${dbManagerService.namespace}/pods?labelSelector=katib.kubeflow.org%2Fcomponent%3Ddb-manager`);
      return status === 200 && (body as { items: { status?: { phase?: string } }[] }).items.some((pod) => pod.status?.phase === "Running");
    });
    return "its Service reaches this process through pods/portforward";
  },
};
