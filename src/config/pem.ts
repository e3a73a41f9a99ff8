import { readFile } from "node:fs/promises";
import { ConfigError } from "./config-error.ts";

const PEM_MARKER = "-----BEGIN ";

/**
 * Returns PEM text from either PEM or base64-encoded PEM (the kubeconfig `*-data` form). Throws a
 * {@link ConfigError} naming `what` when it is neither; the value itself is never quoted (it may be a key).
 */
export function parsePem(value: string, what: string): string {
  if (value.includes(PEM_MARKER)) return value;
  const compact = value.replace(/\s+/g, "");
  if (compact !== "" && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, "base64").toString("utf8");
    if (decoded.includes(PEM_MARKER)) return decoded;
  }
  throw new ConfigError(`${what} is neither PEM nor base64-encoded PEM`, { code: "ERR_KUBE_CONFIG_INVALID" });
}

/** Reads a PEM file; a missing or non-PEM file gives a {@link ConfigError} naming `what` and the path. */
export async function loadPemFile(file: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError(`cannot read ${what} file ${file} (${reason})`, { code: "ERR_KUBE_CONFIG_NOT_FOUND", file });
  }
  if (!text.includes(PEM_MARKER)) {
    throw new ConfigError(`${what} file ${file} holds no PEM block`, { code: "ERR_KUBE_CONFIG_INVALID", file });
  }
  return text;
}
