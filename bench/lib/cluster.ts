/**
 * The real local API server for the apiserver families: a ready one behind .cluster/kubeconfig is reused as is;
 * otherwise the bench starts one with test/controlplane's modules and stops it when the run ends. A smoke run starts
 * one only when the binaries are already built (a cold build takes minutes).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Agent, request } from "undici";
import { downCluster, findReadyCluster, upCluster, type ControlPlaneConnection } from "../../test/controlplane/control-plane.ts";
import { cacheRoot } from "../../test/controlplane/paths.ts";
import { SkipError } from "./skip.ts";

/** A connection to the cluster plus a small admin HTTP helper for setup work (creating and patching objects). */
export interface ClusterHandle {
  connection: ControlPlaneConnection;
  /** True when this run started the cluster (and so stops it). */
  startedHere: boolean;
  admin: AdminHttp;
  close(): Promise<void>;
}

/** JSON requests as the static admin user. */
export interface AdminHttp {
  send(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: unknown }>;
}

function hasCachedBinaries(): boolean {
  const root = cacheRoot();
  return existsSync(root) && readdirSync(root).some((version) => existsSync(join(root, version, "kube-apiserver")));
}

function adminHttp(connection: ControlPlaneConnection, dispatcher: Agent): AdminHttp {
  return {
    async send(method, path, body, contentType = "application/json") {
      const headers: Record<string, string> = { authorization: `Bearer ${connection.token}`, accept: "application/json" };
      if (body !== undefined) headers["content-type"] = contentType;
      const response = await request(`${connection.server}${path}`, {
        method: method as "GET",
        headers,
        dispatcher,
        headersTimeout: 60_000,
        bodyTimeout: 120_000,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.body.text();
      return { status: response.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}

/** Finds or starts the control plane. Throws SkipError when none can be had. */
export async function openCluster(options: { quick: boolean; log: (line: string) => void }): Promise<ClusterHandle> {
  let connection = await findReadyCluster();
  let startedHere = false;
  if (connection === undefined) {
    if (options.quick && !hasCachedBinaries()) {
      throw new SkipError("no control plane is running and its binaries are not built (a smoke run does not build them): run `npm run cluster:up` first");
    }
    options.log("no running control plane: starting one (stopped again at the end of the run)");
    try {
      const up = await upCluster("cluster:up", (line) => options.log(`  ${line}`));
      connection = up.connection;
      startedHere = !up.reused;
    } catch (error) {
      throw new SkipError(`could not start the local control plane: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  const dispatcher = new Agent({ connect: { ca: connection.caPem }, connections: 32 });
  return {
    connection,
    startedHere,
    admin: adminHttp(connection, dispatcher),
    async close() {
      await dispatcher.close();
      if (startedHere) await downCluster((line) => options.log(`  ${line}`));
    },
  };
}
