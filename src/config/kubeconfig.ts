import { dirname, isAbsolute, resolve } from "node:path";
import { YAMLException } from "js-yaml";
import { loadDocuments, toYamlProblem } from "../yaml/kube-yaml.ts";
import { positionAt } from "../yaml/text-position.ts";
import type { ExecCredentialApiVersion, ExecCredentialPlugin } from "./cluster-config.ts";
import { ConfigError } from "./config-error.ts";
import { SecretValue } from "./secret-value.ts";

/** A kubeconfig `clusters[].cluster` entry, with relative file paths resolved. */
export interface KubeconfigCluster {
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

/** A kubeconfig `users[].user` entry, with relative file paths resolved. */
export interface KubeconfigUser {
  token?: SecretValue;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: SecretValue;
  exec?: ExecCredentialPlugin;
  /** Name of a legacy `auth-provider` (unsupported; kept to explain the error). */
  authProvider?: string;
  /** Whether basic auth (`username`/`password`) is set (unsupported; kept to explain the error). */
  hasBasicAuth?: boolean;
}

/** A kubeconfig `contexts[].context` entry. */
export interface KubeconfigContext {
  cluster: string;
  user?: string;
  namespace?: string;
}

/**
 * A kubeconfig reduced to what a client uses, possibly merged from several files. Maps keep the first
 * definition of a name, as kubectl merges `KUBECONFIG` lists.
 */
export interface Kubeconfig {
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
  currentContext?: string;
  /** Files this was read from, in order; the first one that defined `current-context` comes first. */
  files: string[];
  /** For each cluster, user and context name, the file that defined it. */
  origins: Map<string, string>;
}

const EXEC_API_VERSIONS: readonly ExecCredentialApiVersion[] = [
  "client.authentication.k8s.io/v1",
  "client.authentication.k8s.io/v1beta1",
];

type Json = Record<string, unknown>;

/**
 * Parses one kubeconfig file's text. Relative paths inside (CA, client certificate/key, token file, an exec
 * command containing a slash) are resolved against the directory of `file`, as kubectl does. Throws a
 * {@link ConfigError} naming the file (and the line, for YAML syntax errors) when it is malformed.
 */
export function parseKubeconfig(text: string, file: string): Kubeconfig {
  let root: unknown;
  try {
    // Duplicate keys are allowed (the last one wins), as client-go's YAML decoder allows them in kubeconfig files.
    const documents = loadDocuments(text, { json: true });
    if (documents.length > 1) throw new YAMLException("a kubeconfig file holds one YAML document, this one holds several");
    root = documents[0] ?? {};
  } catch (cause) {
    // Only the parser's one-line reason, never its source excerpt (which could show a token from the file), and
    // no `cause`: js-yaml's exception carries the whole text.
    const problem = toYamlProblem(cause);
    const line = problem.offset === undefined ? undefined : positionAt(text, problem.offset).line;
    const where = line === undefined ? file : `${file}:${line}`;
    throw new ConfigError(`kubeconfig ${where} is not valid YAML: ${problem.reason}`, {
      code: "ERR_KUBE_CONFIG_INVALID",
      file,
      ...(line === undefined ? {} : { line }),
    });
  }
  const fail = (path: string, what: string): never => {
    throw new ConfigError(`kubeconfig ${file}: ${path} ${what}`, { code: "ERR_KUBE_CONFIG_INVALID", file });
  };
  if (!isObject(root)) return fail("the document", "must be a mapping");
  const base = dirname(resolve(file));
  const toPath = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const result: Kubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [file], origins: new Map() };
  const current = optionalString(root, "current-context", "", fail);
  if (current !== undefined && current !== "") result.currentContext = current;

  for (const [i, name, c] of namedEntries(root, "clusters", "cluster", fail)) {
    const at = `clusters[${i}].cluster`;
    const cluster: KubeconfigCluster = {};
    assign(cluster, "server", optionalString(c, "server", at, fail));
    const ca = optionalString(c, "certificate-authority", at, fail);
    if (ca) cluster.certificateAuthority = toPath(ca);
    assign(cluster, "certificateAuthorityData", optionalString(c, "certificate-authority-data", at, fail));
    assign(cluster, "insecureSkipTlsVerify", optionalBoolean(c, "insecure-skip-tls-verify", at, fail));
    assign(cluster, "tlsServerName", optionalString(c, "tls-server-name", at, fail));
    assign(cluster, "proxyUrl", optionalString(c, "proxy-url", at, fail));
    if (!result.clusters.has(name)) result.clusters.set(name, cluster);
  }
  for (const [i, name, u] of namedEntries(root, "users", "user", fail)) {
    const at = `users[${i}].user`;
    const user: KubeconfigUser = {};
    const token = optionalString(u, "token", at, fail);
    if (token) user.token = new SecretValue(token);
    const tokenFile = optionalString(u, "tokenFile", at, fail);
    if (tokenFile) user.tokenFile = toPath(tokenFile);
    const cert = optionalString(u, "client-certificate", at, fail);
    if (cert) user.clientCertificate = toPath(cert);
    assign(user, "clientCertificateData", optionalString(u, "client-certificate-data", at, fail));
    const key = optionalString(u, "client-key", at, fail);
    if (key) user.clientKey = toPath(key);
    const keyData = optionalString(u, "client-key-data", at, fail);
    if (keyData) user.clientKeyData = new SecretValue(keyData);
    if (u["exec"] != null) user.exec = parseExec(u["exec"], `${at}.exec`, base, fail);
    const provider = u["auth-provider"];
    if (isObject(provider)) user.authProvider = typeof provider["name"] === "string" ? provider["name"] : "unnamed";
    if (u["username"] != null || u["password"] != null) user.hasBasicAuth = true;
    if (!result.users.has(name)) result.users.set(name, user);
  }
  for (const [i, name, c] of namedEntries(root, "contexts", "context", fail)) {
    const at = `contexts[${i}].context`;
    const cluster = optionalString(c, "cluster", at, fail) ?? fail(`${at}.cluster`, "is required");
    const context: KubeconfigContext = { cluster };
    assign(context, "user", optionalString(c, "user", at, fail));
    assign(context, "namespace", optionalString(c, "namespace", at, fail));
    if (!result.contexts.has(name)) result.contexts.set(name, context);
  }
  for (const kind of ["clusters", "users", "contexts"] as const) {
    for (const name of result[kind].keys()) result.origins.set(`${kind}/${name}`, file);
  }
  return result;
}

type Fail = (path: string, what: string) => never;

function parseExec(value: unknown, at: string, base: string, fail: Fail): ExecCredentialPlugin {
  if (!isObject(value)) return fail(at, "must be a mapping");
  const command = optionalString(value, "command", at, fail) ?? fail(`${at}.command`, "is required");
  const apiVersion = optionalString(value, "apiVersion", at, fail) ?? fail(`${at}.apiVersion`, "is required");
  if (!EXEC_API_VERSIONS.includes(apiVersion as ExecCredentialApiVersion)) {
    fail(`${at}.apiVersion`, `must be one of ${EXEC_API_VERSIONS.join(", ")} (got "${apiVersion}")`);
  }
  const args = value["args"] ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) fail(`${at}.args`, "must be a list of strings");
  const env: ExecCredentialPlugin["env"] = [];
  const rawEnv = value["env"] ?? [];
  if (!Array.isArray(rawEnv)) fail(`${at}.env`, "must be a list");
  (rawEnv as unknown[]).forEach((entry, i) => {
    if (!isObject(entry) || typeof entry["name"] !== "string") return fail(`${at}.env[${i}]`, "must have a string name");
    env.push({ name: entry["name"], value: entry["value"] == null ? "" : String(entry["value"]) });
  });
  // Like client-go: a bare name is looked up on PATH, a relative path is relative to the kubeconfig.
  const resolvedCommand = command.includes("/") && !isAbsolute(command) ? resolve(base, command) : command;
  const plugin: ExecCredentialPlugin = {
    command: resolvedCommand,
    args: args as string[],
    env,
    apiVersion: apiVersion as ExecCredentialApiVersion,
    provideClusterInfo: optionalBoolean(value, "provideClusterInfo", at, fail) ?? false,
  };
  assign(plugin, "installHint", optionalString(value, "installHint", at, fail));
  assign(plugin, "interactiveMode", optionalString(value, "interactiveMode", at, fail));
  return plugin;
}

function* namedEntries(root: Json, list: string, field: string, fail: Fail): Generator<[number, string, Json]> {
  const entries = root[list];
  if (entries == null) return;
  if (!Array.isArray(entries)) return fail(list, "must be a list");
  for (const [i, entry] of (entries as unknown[]).entries()) {
    if (!isObject(entry) || typeof entry["name"] !== "string") return fail(`${list}[${i}]`, "must have a string name");
    const body = entry[field] ?? {};
    if (!isObject(body)) return fail(`${list}[${i}].${field}`, "must be a mapping");
    yield [i, entry["name"], body];
  }
}

function optionalString(obj: Json, key: string, at: string, fail: Fail): string | undefined {
  const v = obj[key];
  if (v == null) return undefined;
  if (typeof v === "string") return v;
  // The value is not echoed: it could be a credential typed in the wrong place.
  return fail(at === "" ? key : `${at}.${key}`, "must be a string");
}

function optionalBoolean(obj: Json, key: string, at: string, fail: Fail): boolean | undefined {
  const v = obj[key];
  if (v == null) return undefined;
  if (typeof v === "boolean") return v;
  return fail(`${at}.${key}`, "must be true or false");
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
