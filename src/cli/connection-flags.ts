/**
 * kubectl's connection flags, mapped onto ClientOptions. Precedence is loadClusterConfig's: `--server` alone
 * describes the connection; otherwise the kubeconfig (`--kubeconfig`, else `KUBECONFIG`, else ~/.kube/config) and
 * its context, with these flags overriding its fields; else the in-cluster ServiceAccount.
 */
import type { Command } from "commander";
import type { ClientOptions } from "../config/client-options.ts";
import { UsageError } from "./cli-errors.ts";
import { parseDuration } from "./duration-flag.ts";

/** The connection flags as commander parses them. */
export interface ConnectionFlags {
  server?: string;
  token?: string;
  tokenFile?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  requestTimeout?: string;
}

/** Adds the connection flags to the root command; commander accepts them before or after the subcommand. */
export function addConnectionFlags(program: Command): Command {
  return program
    .option("--server <url>", "API server URL (e.g. https://api.example.com:6443)")
    .option("--token <token>", "token for the API server (prefer --token-file: flags show up in the process list)")
    .option("--token-file <file>", "file holding the token (re-read when it changes)")
    .option("--certificate-authority <file>", "PEM file of the cluster CA")
    .option("--insecure-skip-tls-verify", "do not verify the server certificate (throwaway clusters only)")
    .option("--kubeconfig <file>", "kubeconfig file (default: KUBECONFIG, else ~/.kube/config)")
    .option("--context <name>", "kubeconfig context (default: current-context)")
    .option("-n, --namespace <namespace>", "namespace (default: the context's, else the in-cluster one, else default)")
    .option("--request-timeout <duration>", "timeout of one request, e.g. 30s (default 30s)");
}

/** ClientOptions for the flags; only the flags given are set. Throws a UsageError for contradictory flags. Pure. */
export function toClientOptions(flags: ConnectionFlags): ClientOptions {
  if (flags.token !== undefined && flags.tokenFile !== undefined) {
    throw new UsageError("--token and --token-file are mutually exclusive", "pass one of them");
  }
  const options: ClientOptions = {};
  if (flags.server !== undefined) options.server = flags.server;
  if (flags.token !== undefined) options.token = flags.token;
  if (flags.tokenFile !== undefined) options.tokenFile = flags.tokenFile;
  if (flags.certificateAuthority !== undefined) options.certificateAuthority = flags.certificateAuthority;
  if (flags.insecureSkipTlsVerify === true) options.insecureSkipTlsVerify = true;
  if (flags.kubeconfig !== undefined) options.kubeconfig = flags.kubeconfig;
  if (flags.context !== undefined) options.context = flags.context;
  if (flags.namespace !== undefined) options.namespace = flags.namespace;
  if (flags.requestTimeout !== undefined) options.timeoutMs = parseDuration(flags.requestTimeout, "--request-timeout");
  return options;
}
