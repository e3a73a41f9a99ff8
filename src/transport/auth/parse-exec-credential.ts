import type { ExecCredentialApiVersion } from "../../config/cluster-config.ts";
import { SecretValue } from "../../config/secret-value.ts";
import type { Credential } from "./credential-source.ts";
import { ExecCredentialError } from "./exec-credential-error.ts";

/** A credential from an exec plugin, with when it stops being valid. */
export interface ExecCredentialResult {
  credential: Credential;
  /** Epoch milliseconds of `status.expirationTimestamp`; `undefined` means valid until a 401. */
  expiresAtMs?: number;
}

/**
 * Parses what an exec plugin printed: an `ExecCredential` of `apiVersion` whose status holds a token and/or a
 * client certificate and key, and optionally an RFC 3339 `expirationTimestamp`. Throws an
 * {@link ExecCredentialError} (`bad-output`) that says what is wrong without quoting the output. Pure.
 */
export function parseExecCredential(stdout: string, apiVersion: ExecCredentialApiVersion, command: string): ExecCredentialResult {
  const fail = (what: string): never => {
    throw new ExecCredentialError(`exec plugin "${command}" ${what}`, { execReason: "bad-output", command });
  };
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return fail(`printed invalid JSON on stdout (${stdout.trim() === "" ? "nothing" : `${stdout.length} bytes`}); expected an ExecCredential`);
  }
  if (typeof value !== "object" || value === null) return fail("printed JSON that is not an ExecCredential object");
  const obj = value as Record<string, unknown>;
  if (obj["kind"] !== "ExecCredential") return fail(`printed kind "${String(obj["kind"])}", expected ExecCredential`);
  if (obj["apiVersion"] !== apiVersion) {
    return fail(`answered apiVersion "${String(obj["apiVersion"])}" but the kubeconfig asks for "${apiVersion}"`);
  }
  const status = obj["status"];
  if (typeof status !== "object" || status === null) return fail("printed an ExecCredential without status");
  const s = status as Record<string, unknown>;
  const credential: Credential = {};
  if (typeof s["token"] === "string" && s["token"] !== "") credential.token = s["token"];
  const cert = s["clientCertificateData"];
  const key = s["clientKeyData"];
  if ((typeof cert === "string") !== (typeof key === "string")) {
    return fail("returned only one of status.clientCertificateData and status.clientKeyData");
  }
  if (typeof cert === "string" && typeof key === "string") {
    credential.clientCertificateData = cert;
    credential.clientKeyData = new SecretValue(key);
  }
  if (credential.token === undefined && credential.clientCertificateData === undefined) {
    return fail("returned neither status.token nor status.clientCertificateData/clientKeyData");
  }
  const expiration = s["expirationTimestamp"];
  if (expiration === undefined || expiration === null || expiration === "") return { credential };
  const expiresAtMs = typeof expiration === "string" ? Date.parse(expiration) : Number.NaN;
  if (Number.isNaN(expiresAtMs)) return fail("returned a status.expirationTimestamp that is not an RFC 3339 time");
  return { credential, expiresAtMs };
}
