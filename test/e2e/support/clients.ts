/** Project clients connected to the local control plane as the admin user, closed when the test ends. */
import { onTestFinished } from "vitest";
import { KatibClient, TrainerClient, type ClientOptions } from "../../../src/index.ts";
import type { E2eEnv } from "./env.ts";

/** Connection options for the admin user (or another token) in a namespace. */
export function adminOptions(env: E2eEnv, namespace: string, extra: ClientOptions = {}): ClientOptions {
  return { server: env.server, token: env.token, certificateAuthorityData: env.caPem, namespace, ...extra };
}

/** A KatibClient closed at the end of the test. */
export function katibClient(options: ClientOptions): KatibClient {
  const client = new KatibClient(options);
  onTestFinished(() => client.close());
  return client;
}

/** A TrainerClient closed at the end of the test. */
export function trainerClient(options: ClientOptions): TrainerClient {
  const client = new TrainerClient(options);
  onTestFinished(() => client.close());
  return client;
}
