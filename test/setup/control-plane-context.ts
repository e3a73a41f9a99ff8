/**
 * What the e2e global setup hands to test files through vitest's `provide`/`inject`: either a connection to the
 * local control plane or the reason there is none (tests then skip, loudly).
 */

/** Connection details as the admin (`system:masters`) user; plain data, since provided values are serialized. */
export interface ControlPlaneConnection {
  /** `https://127.0.0.1:<port>`. */
  server: string;
  /** PEM of the CA that signed the apiserver's serving certificate. */
  caPem: string;
  /** Static admin bearer token. */
  token: string;
  /** Absolute path of the admin kubeconfig (`.cluster/kubeconfig`), for kubectl. */
  kubeconfig: string;
  /** The apiserver's `gitVersion`. */
  version: string;
  /** `kubeflow`: the Kubeflow box (controllers, scheduler, kwok nodes, JobSet, Trainer); `apiserver`: nothing reconciles. */
  profile: "apiserver" | "kubeflow";
}

/** Discriminated on `status` so tests cannot use a connection without checking it exists. */
export type ControlPlaneContext =
  | ({ status: "available" } & ControlPlaneConnection)
  | { status: "unavailable"; reason: string };

declare module "vitest" {
  export interface ProvidedContext {
    controlPlane: ControlPlaneContext;
  }
}
