import { describe, expect, it } from "vitest";
import { ConnectionError, NetworkError, TimeoutError, TlsError } from "../../src/transport/network-errors.ts";
import { isRetryableNetworkError } from "../../src/transport/retry-policy.ts";
import { toNetworkError } from "../../src/transport/to-network-error.ts";

const context = { method: "GET", url: "https://k.example/api", server: "https://k.example", expectedHost: "k.example" };
const nodeError = (code: string, message = `failed with ${code}`) => Object.assign(new Error(message), { code });

describe("toNetworkError", () => {
  it.each([
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unknown-ca"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "unknown-ca"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "unknown-ca"],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unknown-ca"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "hostname-mismatch"],
    ["CERT_HAS_EXPIRED", "expired"],
    ["CERT_NOT_YET_VALID", "not-yet-valid"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "other"],
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "client-certificate-required"],
  ])("%s → TlsError %s", (code, tlsReason) => {
    const err = toNetworkError(nodeError(code), context);
    expect(err).toBeInstanceOf(TlsError);
    expect(err).toMatchObject({ tlsReason, tlsCode: code, code: "ERR_KUBE_TLS" });
    expect(err.hint).toBeDefined();
  });

  it.each([
    ["ECONNREFUSED", "refused"], ["ENOTFOUND", "dns"], ["EAI_AGAIN", "dns"], ["ECONNRESET", "reset"],
    ["UND_ERR_SOCKET", "reset"], ["EHOSTUNREACH", "unreachable"], ["UND_ERR_CONNECT_TIMEOUT", "connect-timeout"],
    ["UND_ERR_PRX_CONN", "proxy"],
  ])("%s → ConnectionError %s with the server-URL hint", (code, connectionReason) => {
    const err = toNetworkError(nodeError(code), context);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ connectionReason, errno: code });
    expect(err.message).toContain("kubectl config view --minify");
  });

  it("looks into causes and AggregateErrors (happy eyeballs)", () => {
    const aggregate = new AggregateError([nodeError("ECONNREFUSED"), nodeError("ECONNREFUSED")], "connect failed");
    expect(toNetworkError(aggregate, context)).toMatchObject({ connectionReason: "refused" });
    const wrapped = new Error("wrapper", { cause: nodeError("CERT_HAS_EXPIRED") });
    expect(toNetworkError(wrapped, context)).toMatchObject({ tlsReason: "expired" });
  });

  it("undici timeouts are TimeoutErrors; a refused tunnel is a proxy ConnectionError; the rest stays generic", () => {
    expect(toNetworkError(nodeError("UND_ERR_HEADERS_TIMEOUT"), context)).toBeInstanceOf(TimeoutError);
    expect(toNetworkError(new Error("Proxy response (407) !== 200 when HTTP Tunneling"), { ...context, proxyUrl: "http://proxy:3128" })).toMatchObject({
      connectionReason: "proxy",
      message: expect.stringContaining("http://proxy:3128"),
    });
    const other = toNetworkError(new Error("weird"), context);
    expect(other).toBeInstanceOf(NetworkError);
    expect(other.code).toBe("ERR_KUBE_NETWORK");
  });

  it("only never-sent failures make POST retryable", () => {
    expect(isRetryableNetworkError("POST", toNetworkError(nodeError("ECONNREFUSED"), context))).toBe(true);
    expect(isRetryableNetworkError("POST", toNetworkError(nodeError("ECONNRESET"), context))).toBe(false);
  });
});
