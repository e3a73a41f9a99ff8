/**
 * Katib's DB manager v0.19.0 (upstream's main): the gRPC service holding the trials' observation logs, on the box's
 * PostgreSQL, listening on a loopback port (upstream: 0.0.0.0:6789).
 */
import { connect } from "node:net";
import type { BoxContext, Component } from "./component.ts";
import { katibDatabase } from "./postgres.ts";

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
};
