/**
 * How a client outside the cluster reaches Katib's DB manager: by default through the API server, as
 * `kubectl port-forward svc/katib-db-manager -n kubeflow 6789` would, but without a local port (the gRPC call runs
 * over the port-forward WebSocket itself); or at an address the caller can reach (in-cluster, or a port-forward of
 * their own), as the Python SDK's `db_manager_address`.
 */
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { Connection } from "../resource/connection.ts";
import { openPortForward } from "../resource/port-forward.ts";
import { findServiceBackend } from "../resource/service-backend.ts";
import { DbManagerError, GRPC_STATUS } from "./katib-errors.ts";

/** Katib's defaults for its DB manager's Service. */
export const DB_MANAGER_SERVICE = { namespace: "kubeflow", service: "katib-db-manager", port: 6789 } as const;

/**
 * Where Katib's DB manager is. A Service (default: `kubeflow/katib-db-manager`, port 6789) is reached through the API server with
 * the client's credentials, which need `get` on services and `list` on pods in its namespace, and `get` and `create`
 * on `pods/portforward`. An `address` (`host:port`) is dialled directly over plain TCP.
 */
export type DbManagerLocation = { namespace?: string; service?: string; port?: number } | { address: string };

/** Opens a connection to the DB manager at `location`. */
export async function connectDbManager(connection: Connection, location: DbManagerLocation = {}, signal?: AbortSignal): Promise<Duplex> {
  if ("address" in location) return dial(location.address, signal);
  const backend = await findServiceBackend(connection, {
    namespace: location.namespace ?? DB_MANAGER_SERVICE.namespace,
    service: location.service ?? DB_MANAGER_SERVICE.service,
    port: location.port ?? DB_MANAGER_SERVICE.port,
    ...(signal ? { signal } : {}),
  });
  return openPortForward(connection, { ...backend, ...(signal ? { signal } : {}) });
}

function dial(address: string, signal: AbortSignal | undefined): Promise<Duplex> {
  const match = /^(.+):(\d+)$/.exec(address);
  if (match === null) return Promise.reject(new DbManagerError(`DB manager address "${address}" is not host:port`, GRPC_STATUS.INVALID_ARGUMENT));
  const host = match[1]!.replace(/^\[(.*)\]$/, "$1");
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(match[2]), ...(signal ? { signal } : {}) });
    socket.once("connect", () => resolve(socket));
    socket.once("error", (error) => reject(new DbManagerError(`the DB manager at ${address} could not be reached: ${error.message}`, GRPC_STATUS.UNAVAILABLE, { cause: error })));
  });
}
