import { readFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { ConfigError } from "./config-error.ts";
import { parseKubeconfig, type Kubeconfig } from "./kubeconfig.ts";
import { mergeKubeconfigs } from "./merge-kubeconfigs.ts";

/** Which kubeconfig files to read, and why those. */
export interface KubeconfigLocation {
  /** Candidate files in merge order. */
  files: string[];
  /** Whether the files were named explicitly (then a missing file is an error). */
  explicit: boolean;
  /** How they were found, for messages: `option kubeconfig`, `KUBECONFIG`, `~/.kube/config`. */
  from: string;
}

/**
 * Finds the kubeconfig files to read, in kubectl's order: the explicit path, else every file listed in
 * `KUBECONFIG` (joined with the platform's path delimiter, `:` on POSIX), else `~/.kube/config`. Pure.
 */
export function findKubeconfigFiles(
  explicitPath: string | undefined,
  env: Record<string, string | undefined>,
  homeDir: string,
): KubeconfigLocation {
  if (explicitPath !== undefined && explicitPath !== "") {
    return { files: [explicitPath], explicit: true, from: "option kubeconfig" };
  }
  const list = env["KUBECONFIG"];
  if (list !== undefined && list !== "") {
    const files = [...new Set(list.split(delimiter).filter((f) => f !== ""))];
    return { files, explicit: false, from: "KUBECONFIG" };
  }
  return { files: [join(homeDir, ".kube", "config")], explicit: false, from: "~/.kube/config" };
}

/**
 * Reads and merges the kubeconfig files of `location`. Missing files are skipped as kubectl skips them, except
 * an explicitly named one; returns `undefined` when none exists. A malformed file gives a {@link ConfigError}
 * naming it.
 */
export async function loadKubeconfig(location: KubeconfigLocation): Promise<Kubeconfig | undefined> {
  const configs: Kubeconfig[] = [];
  for (const file of location.files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (!location.explicit && (code === "ENOENT" || code === "ENOTDIR")) continue;
      throw new ConfigError(`cannot read kubeconfig ${file} (${code ?? "unreadable"})`, {
        code: "ERR_KUBE_CONFIG_NOT_FOUND",
        file,
      });
    }
    configs.push(parseKubeconfig(text, file));
  }
  return configs.length === 0 ? undefined : mergeKubeconfigs(configs);
}
