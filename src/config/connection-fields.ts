import type { ExecCredentialPlugin } from "./cluster-config.ts";
import type { ClientOptions } from "./client-options.ts";
import { ConfigError } from "./config-error.ts";
import type { Kubeconfig } from "./kubeconfig.ts";
import { SecretValue } from "./secret-value.ts";

/**
 * The connection settings of one source (options, a kubeconfig context, in-cluster) before files are read:
 * kubeconfig's cluster and user fields side by side, camelCased.
 */
export interface ConnectionFields {
  server?: string;
  token?: SecretValue;
  tokenFile?: string;
  exec?: ExecCredentialPlugin;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: SecretValue;
  proxyUrl?: string;
  namespace?: string;
}

/** The connection fields that the options set. Pure. */
export function toConnectionFields(options: ClientOptions): ConnectionFields {
  const fields: ConnectionFields = {};
  const copy = <K extends keyof ConnectionFields & keyof ClientOptions>(key: K): void => {
    const value = options[key];
    if (value !== undefined && value !== "") (fields as Record<string, unknown>)[key] = value;
  };
  for (const key of [
    "server", "tokenFile", "certificateAuthority", "certificateAuthorityData", "insecureSkipTlsVerify",
    "tlsServerName", "clientCertificate", "clientCertificateData", "clientKey", "proxyUrl", "namespace",
  ] as const) copy(key);
  if (options.token) fields.token = new SecretValue(options.token);
  if (options.clientKeyData) fields.clientKeyData = new SecretValue(options.clientKeyData);
  return fields;
}

/** A kubeconfig context resolved to its cluster and user fields, and the context's name. */
export interface KubeconfigSelection {
  contextName: string;
  fields: ConnectionFields;
}

/**
 * Picks `contextName` (else `current-context`) from a merged kubeconfig and returns its cluster and user
 * fields. Throws a {@link ConfigError} listing the available contexts when the context, or its cluster, is missing,
 * or when the user relies on an unsupported mechanism. Pure.
 */
export function selectKubeconfigContext(config: Kubeconfig, contextName: string | undefined): KubeconfigSelection {
  const files = config.files.join(", ");
  const name = contextName ?? config.currentContext;
  const available = [...config.contexts.keys()].join(", ") || "none";
  if (name === undefined) {
    throw new ConfigError(
      `kubeconfig ${files} sets no current-context; pass the \`context\` option (available: ${available})`,
      { code: "ERR_KUBE_CONFIG_NOT_FOUND" },
    );
  }
  const context = config.contexts.get(name);
  if (context === undefined) {
    throw new ConfigError(`context "${name}" not found in kubeconfig ${files} (available: ${available})`, {
      code: "ERR_KUBE_CONFIG_NOT_FOUND",
    });
  }
  const cluster = config.clusters.get(context.cluster);
  if (cluster === undefined) {
    throw new ConfigError(`context "${name}" refers to cluster "${context.cluster}", which kubeconfig ${files} lacks`, {
      code: "ERR_KUBE_CONFIG_NOT_FOUND",
    });
  }
  const user = context.user === undefined ? {} : config.users.get(context.user);
  if (user === undefined) {
    throw new ConfigError(`context "${name}" refers to user "${context.user}", which kubeconfig ${files} lacks`, {
      code: "ERR_KUBE_CONFIG_NOT_FOUND",
    });
  }
  const usesOther = user.token === undefined && user.tokenFile === undefined && user.exec === undefined;
  if (usesOther && user.authProvider !== undefined) {
    throw new ConfigError(
      `user "${context.user}" uses the legacy auth-provider "${user.authProvider}", which is not supported; ` +
        "use an exec credential plugin (e.g. kubelogin, gke-gcloud-auth-plugin) or a ServiceAccount token",
      { code: "ERR_KUBE_CONFIG_INVALID" },
    );
  }
  const { authProvider: _p, hasBasicAuth: _b, ...userFields } = user;
  const fields: ConnectionFields = { ...cluster, ...userFields };
  if (context.namespace) fields.namespace = context.namespace;
  return { contextName: name, fields };
}

/**
 * Lays `overrides` (the options) over `base` (a kubeconfig context) as kubectl flags override a kubeconfig: a
 * credential, CA or client certificate given in either form replaces every form of it from the base, and
 * `insecureSkipTlsVerify: true` drops the base's CA. Pure.
 */
export function overrideConnectionFields(base: ConnectionFields, overrides: ConnectionFields): ConnectionFields {
  const result: ConnectionFields = { ...base };
  const groups: Array<Array<keyof ConnectionFields>> = [
    ["token", "tokenFile", "exec"],
    ["certificateAuthority", "certificateAuthorityData"],
    ["clientCertificate", "clientCertificateData"],
    ["clientKey", "clientKeyData"],
  ];
  for (const group of groups) {
    if (group.some((key) => overrides[key] !== undefined)) for (const key of group) delete result[key];
  }
  if (overrides.insecureSkipTlsVerify === true) {
    delete result.certificateAuthority;
    delete result.certificateAuthorityData;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}
