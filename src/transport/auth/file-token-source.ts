import { readFile, stat } from "node:fs/promises";
import { ConfigError } from "../../config/config-error.ts";
import type { Credential, CredentialSource } from "./credential-source.ts";

/** How often, at most, the token file is checked for changes: projected tokens rotate, but not that often. */
export const TOKEN_FILE_RECHECK_MS = 1000;

/** Options of {@link createFileTokenSource}. */
export interface FileTokenSourceOptions {
  /** Minimum time between two checks of the file. Default {@link TOKEN_FILE_RECHECK_MS}. */
  recheckMs?: number;
  /** Called with each token read, so that log and error paths can redact it. */
  onToken?: (token: string) => void;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * A bearer token read from a file and re-read when the file changes, like client-go's cached token source:
 * at most once per `recheckMs` a `stat` compares size, mtime and inode (rotation by the kubelet swaps a
 * symlink, which changes all three), and only then is the file read again. If a re-read fails, the last good
 * token is kept; if the first read fails, a {@link ConfigError} names the file.
 */
export function createFileTokenSource(file: string, options: FileTokenSourceOptions = {}): CredentialSource {
  const recheckMs = options.recheckMs ?? TOKEN_FILE_RECHECK_MS;
  const now = options.now ?? Date.now;
  let token: string | undefined;
  // The credential handed out for `token`, reused until the token changes.
  let credential: Credential | undefined;
  let fingerprint = "";
  let checkedAt = -Infinity;
  let pending: Promise<string> | undefined;

  const read = async (force: boolean): Promise<string> => {
    let current: string;
    try {
      const s = await stat(file);
      current = `${s.size}:${s.mtimeMs}:${s.ino}`;
      checkedAt = now();
      if (!force && token !== undefined && current === fingerprint) return token;
      const text = (await readFile(file, "utf8")).trim();
      if (text === "") throw new ConfigError(`token file ${file} is empty`, { code: "ERR_KUBE_CONFIG_INVALID", file });
      token = text;
      credential = { token: text };
      options.onToken?.(text);
      fingerprint = current;
      return text;
    } catch (cause) {
      if (token !== undefined) return token;
      if (cause instanceof ConfigError) throw cause;
      const reason = (cause as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError(`cannot read token file ${file} (${reason})`, { code: "ERR_KUBE_CONFIG_NOT_FOUND", file });
    }
  };
  // One read at a time: concurrent requests share it instead of each stat-ing the file.
  const once = (force: boolean): Promise<string> => {
    pending ??= read(force).finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const checked = (): Credential | undefined => (credential !== undefined && now() - checkedAt < recheckMs ? credential : undefined);
  return {
    async get(): Promise<Credential> {
      const cached = checked();
      if (cached !== undefined) return cached;
      const current = await once(false);
      return credential?.token === current ? credential : { token: current };
    },
    peek: checked,
    async refresh(rejected: Credential): Promise<Credential | undefined> {
      if (pending !== undefined) await pending.catch(() => undefined);
      const fresh = await once(true);
      return fresh === rejected.token ? undefined : { token: fresh };
    },
  };
}
