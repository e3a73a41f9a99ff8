import { describe, expect, test } from "vitest";
import { UsageError, CliFailure } from "../../src/cli/cli-errors.ts";
import { formatError, toExitCode, toSummary } from "../../src/cli/format-error.ts";
import { TlsError } from "../../src/transport/network-errors.ts";
import { UnauthorizedError } from "../../src/transport/errors.ts";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6a3ViZWZsb3c6dSJ9.c2lnbmF0dXJl";

describe("formatError", () => {
  test("a typed error prints its summary and its hint on separate lines, without a stack", () => {
    const hint = "The token is invalid or expired; mint a new one with: kubectl create token u -n kubeflow --duration=8760h";
    const error = new UnauthorizedError({ method: "GET", url: "https://api:6443/apis", status: 401, reason: "Unauthorized", serverMessage: "Unauthorized", hint });
    expect(formatError(error)).toBe(`error: Unauthorized (HTTP 401 Unauthorized; GET https://api:6443/apis)\nhint: ${hint}\n`);
  });

  test("a TLS error keeps its hint with the CA extraction command", () => {
    const error = new TlsError({ method: "GET", url: "https://api:6443/version", detail: "unknown CA", hint: "set the CA: kubectl config view --raw …", tlsReason: "unknown-ca" });
    expect(formatError(error).split("\n")).toEqual(["error: unknown CA (GET https://api:6443/version)", "hint: set the CA: kubectl config view --raw …", ""]);
  });

  test("multi-line messages end after their first line; stacks appear only in debug mode", () => {
    const error = new Error("first line\n    at somewhere (file.ts:1:1)");
    expect(formatError(error)).toBe("error: first line\n");
    expect(formatError(new Error("boom"), { debug: true })).toMatch(/^error: boom\nError: boom\n\s+at /);
  });

  test("tokens never appear: the flag's value, JWTs and bearer headers are scrubbed", () => {
    const text = formatError(new CliFailure(`bad token opaque-secret-123 and ${JWT} sent as Authorization: Bearer ${JWT}`), { secrets: ["opaque-secret-123"], debug: true });
    expect(text).not.toContain("opaque-secret-123");
    expect(text).not.toContain(JWT);
    expect(text).toContain("[REDACTED]");
  });

  test("toSummary strips the hint the library appends to the message", () => {
    const error = Object.assign(new Error("no route (GET /x). Check the URL"), { hint: "Check the URL" });
    expect(toSummary(error)).toBe("no route (GET /x)");
  });
});

describe("exit codes", () => {
  test.each([
    [new UsageError("bad flag"), 2],
    [new CliFailure("failed"), 1],
    [new Error("anything else"), 1],
  ])("%s → %i", (error, code) => {
    expect(toExitCode(error)).toBe(code);
  });
});
