/** `kfts` connection flags as an out-of-cluster user passes them: server, token file and CA file. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tempDir } from "../../cli/support/run.ts";
import type { E2eEnv } from "./env.ts";

/** Writes the token and the CA to files (as the seed guide does) and returns the flags naming them. */
export async function userFlags(env: E2eEnv, namespace: string, token = env.token): Promise<string[]> {
  const dir = await tempDir("kfts-e2e-");
  await writeFile(join(dir, "token"), token);
  await writeFile(join(dir, "ca.crt"), env.caPem);
  return ["--server", env.server, "--token-file", join(dir, "token"), "--certificate-authority", join(dir, "ca.crt"), "-n", namespace];
}
