/**
 * What every family gets: the mode, a logger, a scratch directory, and the shared, lazily created resources (the
 * packed install, the references, the cluster). Each resource is set up at most once per run; a failure to set it
 * up is remembered, so every family that needs it reports the same skip reason without retrying.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openCluster, type ClusterHandle } from "./cluster.ts";
import { ensureKubeconform } from "./go-tools.ts";
import { ensureClientNode } from "./node-deps.ts";
import { createPackedInstall, type PackedInstall } from "./packed-install.ts";
import { repoRoot } from "./paths.ts";
import { ensureKatibSdk } from "./python-venv.ts";
import { skipReason } from "./skip.ts";

/** Where child processes import kubeflow-ts from. */
export interface KubeflowTsEntry {
  /** File URL of the root entry. */
  url: string;
  /** Said in the report: the packed build, or the working tree's source when packing failed. */
  from: string;
}

/** The run's shared state, handed to every family. */
export interface BenchContext {
  quick: boolean;
  log(line: string): void;
  /** A scratch directory for this run, removed at the end. */
  work: string;
  packed(): Promise<PackedInstall>;
  /**
   * kubeflow-ts for the runtime children: the packed build's JavaScript (what users run; no type stripping in the
   * measured process), else the working tree's source.
   */
  kubeflowTs(): Promise<KubeflowTsEntry>;
  /** bench/.deps with `@kubernetes/client-node` installed. */
  clientNode(): Promise<string>;
  /** The bench venv's python with the Katib SDK. */
  katibPython(): Promise<string>;
  kubeconform(): Promise<string>;
  cluster(): Promise<ClusterHandle>;
}

/** A context plus the cleanup to run when the bench ends. */
export interface OwnedContext extends BenchContext {
  dispose(): Promise<void>;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

/** Creates the run's context under `workRoot`. */
export async function createContext(options: { quick: boolean; workRoot: string; log: (line: string) => void }): Promise<OwnedContext> {
  const { log } = options;
  const work = await mkdtemp(join(options.workRoot, "run-"));
  let packed: PackedInstall | undefined;
  let cluster: ClusterHandle | undefined;
  const packedOnce = once(async () => {
    log("packing the working tree and installing it into a temp consumer project");
    packed = createPackedInstall();
    log(`  packed install ready in ${(packed.setupMs / 1000).toFixed(1)} s`);
    return packed;
  });
  return {
    quick: options.quick,
    log,
    work,
    packed: packedOnce,
    kubeflowTs: once(async () => {
      try {
        const install = await packedOnce();
        return { url: pathToFileURL(join(install.packageDir, "dist", "src", "index.js")).href, from: "the packed build (dist/, as installed by users)" };
      } catch (error) {
        log(`  kubeflow-ts falls back to the working tree's source: ${skipReason(error)}`);
        return { url: pathToFileURL(join(repoRoot, "src", "index.ts")).href, from: "the working tree's source (type-stripped: packing failed)" };
      }
    }),
    clientNode: once(() => ensureClientNode(log)),
    katibPython: once(() => ensureKatibSdk(log)),
    kubeconform: once(() => ensureKubeconform(log)),
    cluster: once(async () => (cluster = await openCluster({ quick: options.quick, log }))),
    async dispose() {
      packed?.remove();
      await cluster?.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
