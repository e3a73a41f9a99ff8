/**
 * kubectl at the control plane's version: built by test/controlplane from k8s.io/kubernetes/cmd/kubectl with the
 * same go.mod as the kube-apiserver (GOFLAGS=-mod=mod, GOTOOLCHAIN=local there), cached under the user cache beside
 * the control plane's binaries. The box builds it anyway (its bootstrap runs kubectl); this builds it when missing.
 */
import { ensureBinaries, GoMissingError } from "../../test/controlplane/build.ts";
import { SkipError } from "./skip.ts";

/** The kubectl binary and the Kubernetes version it was built at (e.g. `v1.36.3`). */
export async function ensureKubectl(log: (line: string) => void): Promise<{ binary: string; version: string }> {
  try {
    const built = await ensureBinaries(["kubectl"], log);
    return { binary: built.paths.kubectl, version: built.version };
  } catch (error) {
    if (error instanceof GoMissingError) throw new SkipError(`no Go toolchain to build kubectl: ${error.message}`);
    throw new SkipError(`could not build kubectl: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}
