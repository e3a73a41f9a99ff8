import type { Dispatcher } from "undici";
import type { ClusterConfig } from "../config/cluster-config.ts";
import type { Credential } from "./auth/credential-source.ts";
import { createDispatcher } from "./create-dispatcher.ts";

/** The dispatcher(s) of one client. */
export interface DispatcherHolder {
  /** The dispatcher for requests made with `credential`. */
  get(credential: Credential): Dispatcher;
  /** Closes what this holder created (an injected dispatcher belongs to its owner). */
  close(): Promise<void>;
}

/**
 * Holds the single dispatcher of a client. Only an exec plugin's client certificate can change the TLS
 * settings after creation; then a new dispatcher replaces the old one, which finishes its in-flight requests
 * before closing.
 */
export function createDispatcherHolder(config: ClusterConfig, injected?: Dispatcher): DispatcherHolder {
  let current: Dispatcher | undefined = injected;
  let certificate: string | undefined;
  const retired: Array<Promise<void>> = [];
  return {
    get(credential: Credential): Dispatcher {
      if (injected !== undefined) return injected;
      if (current === undefined || credential.clientCertificateData !== certificate) {
        if (current !== undefined) retired.push(current.close().catch(() => undefined));
        current = createDispatcher(config, credential);
        certificate = credential.clientCertificateData;
      }
      return current;
    },
    async close(): Promise<void> {
      if (injected === undefined && current !== undefined) await current.close();
      await Promise.all(retired);
    },
  };
}
