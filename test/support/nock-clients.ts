/** Clients over the real transport, pointed at a nock-served fake server, for exact request shapes. */
import { Connection, KatibClient, TrainerClient } from "../../src/index.ts";
import { createTransport } from "../../src/transport/transport.ts";
import { tokenConfig } from "../transport/helpers/cluster-config.ts";

/** The server nock intercepts. */
export const FAKE_SERVER = "https://kube.test:6443";

function connection(namespace: string): Connection {
  const logger = { debug: () => {}, warn: () => {} };
  return Connection.fromTransport(createTransport({ ...tokenConfig(FAKE_SERVER, "test-token-0123456789"), namespace }, { logger, retry: false }), logger);
}

/** A KatibClient whose default namespace is `team-a`. */
export function nockKatib(): KatibClient {
  return new KatibClient(connection("team-a"));
}

/** A TrainerClient whose default namespace is `team-a`. */
export function nockTrainer(): TrainerClient {
  return new TrainerClient(connection("team-a"));
}
