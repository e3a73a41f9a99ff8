import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KnownSecrets, redact, redactHeaders, redactUrl } from "../../src/transport/redact.ts";
import { toServiceAccountIdentity } from "../../src/transport/service-account-from-token.ts";
import { splitLines } from "../../src/transport/split-lines.ts";
import { parseWarningHeaders } from "../../src/transport/warning-header.ts";

describe("redact", () => {
  it.each([
    ["Authorization: Bearer abc123xyz", "Authorization: [REDACTED]"],
    ['{"authorization":"Bearer abc123xyz"}', '{"authorization":"[REDACTED]"}'],
    ["sent Bearer abc.def-ghi_123", "sent Bearer [REDACTED]"],
    ["proxy-authorization=Basic dXNlcjpwYXNz", "proxy-authorization=[REDACTED]"],
    ["token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here", "token [REDACTED] here"],
    ["https://k/api?watch=1&access_token=s3cr3t", "https://k/api?watch=1&access_token=[REDACTED]"],
    ["-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----", "[REDACTED]"],
    ["nothing secret here", "nothing secret here"],
  ])("%s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it("removes any known secret wherever it appears", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 6 }).filter((s) => s.trim() === s && !s.includes("[REDACTED]")), fc.string(), (before, secret, after) => {
        return !redact(`${before}${secret}${after}${secret}`, [secret]).includes(secret);
      }),
    );
  });

  it("KnownSecrets keeps the most recent 16 secrets", () => {
    const known = new KnownSecrets();
    for (let i = 0; i < 20; i++) known.add(`rotated-token-${i}`);
    expect(known.redact("rotated-token-19 rotated-token-4")).toBe("[REDACTED] [REDACTED]");
    expect(known.redact("rotated-token-3")).toBe("rotated-token-3");
    expect(JSON.stringify(known)).not.toContain("rotated-token");
  });

  it("redactHeaders and redactUrl", () => {
    expect(redactHeaders({ Authorization: "Bearer x", accept: "application/json" })).toEqual({ Authorization: "[REDACTED]", accept: "application/json" });
    expect(redactUrl("https://me:pw@k.example/x")).toBe("https://k.example/x");
  });
});

describe("helpers", () => {
  it("parseWarningHeaders reads 299 warnings, with escaped quotes and several per header", () => {
    expect(parseWarningHeaders(['299 - "v1beta1 is deprecated"', '299 - "a \\"quoted\\" word", 299 - "second"', "free text"])).toEqual([
      "v1beta1 is deprecated",
      'a "quoted" word',
      "second",
      "free text",
    ]);
  });

  it("splitLines gives the same lines however the bytes are chunked", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: "grapheme" }).map((s) => s.replace(/[\r\n]/g, "")), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), async (lines, cuts) => {
        const bytes = new TextEncoder().encode(lines.map((l) => `${l}\r\n`).join(""));
        const chunks: Uint8Array[] = [];
        for (let i = 0, c = 0; i < bytes.length; c++) {
          const size = cuts[c % cuts.length] ?? 1;
          chunks.push(bytes.subarray(i, i + size));
          i += size;
        }
        const out: string[] = [];
        for await (const line of splitLines((async function* () { yield* chunks; })())) out.push(line);
        expect(out).toEqual(lines);
      }),
    );
  });

  it("toServiceAccountIdentity reads kubernetes.io claims or the subject, and nothing else", () => {
    const jwt = (claims: unknown) => `x.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.y`;
    expect(toServiceAccountIdentity(jwt({ "kubernetes.io": { namespace: "kubeflow", serviceaccount: { name: "sdk" } } }))).toEqual({ namespace: "kubeflow", name: "sdk" });
    expect(toServiceAccountIdentity(jwt({ sub: "system:serviceaccount:team:runner" }))).toEqual({ namespace: "team", name: "runner" });
    expect(toServiceAccountIdentity(jwt({ sub: "alice@example.com" }))).toBeUndefined();
    expect(toServiceAccountIdentity("opaque-token")).toBeUndefined();
    expect(toServiceAccountIdentity("a.!!!.b")).toBeUndefined();
  });
});
