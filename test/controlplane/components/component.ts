/**
 * What one program of the local cluster is: how it starts, how we know it is ready, and what it needs installed
 * before and after. The cluster itself (which components, in which order) is the declarative list in ../box.ts.
 */
import type { BinaryName, BinaryPaths } from "../binaries.ts";
import type { AdminConnection } from "../bootstrap.ts";
import type { ClusterCredentials } from "../certificates.ts";

/** The two clusters `cluster:up` can start. */
export type Profile = "apiserver" | "kubeflow";

/** How long the simulated kubelet keeps a pod in each phase (kwok's stage delays; per-pod annotations still win). */
export interface PodTiming {
  /** Pending → Running. */
  startMs: number;
  /** Running → Succeeded (pods of Jobs) or Failed (pods told to fail). */
  runMs: number;
}

/** Everything a component may read while it is prepared, started, probed and installed. */
export interface BoxContext {
  profile: Profile;
  /** `.cluster/`: every file of this cluster lives below it. */
  dir: string;
  credentials: ClusterCredentials;
  /** The admin identity (static token, `system:masters`) and the apiserver URL. */
  admin: AdminConnection;
  /** `.cluster/kubeconfig`, the admin kubeconfig every controller uses. */
  kubeconfig: string;
  binaries: BinaryPaths;
  /** The loopback port allocated to `component`'s listener `name` (see {@link Component.ports}). */
  port(component: string, name: string): number;
  podTiming: PodTiming;
  log(line: string): void;
}

/** One program of the cluster. */
export interface Component {
  /** Also the name of its log file, `.cluster/<name>.log`. */
  name: string;
  /**
   * What it runs: a built binary, `node` for the box's own TypeScript programs (run by this Node), or a program of
   * the machine (`{ system: "setpriv" }`, for PostgreSQL run as its own user).
   */
  binary: BinaryName | "node" | { system: string };
  /** Built binaries it starts itself (the suggestion services' Goptuna), so that they are built too. */
  starts?: readonly BinaryName[];
  /** Names of the loopback ports it listens on; allocated before anything starts and kept in state.json. */
  ports: readonly string[];
  /** Files and objects it needs before it starts (config files, certificates, CRDs). */
  prepare?(context: BoxContext): Promise<void>;
  args(context: BoxContext): string[] | Promise<string[]>;
  /** Extra environment on top of this process's. */
  env?(context: BoxContext): Record<string, string>;
  /** One readiness probe; polled until true (or the process dies, or the start-up timeout passes). */
  ready(context: BoxContext): Promise<boolean>;
  /** What depends on it running (webhook configurations, objects its webhooks should judge). */
  install?(context: BoxContext): Promise<string | void>;
}
