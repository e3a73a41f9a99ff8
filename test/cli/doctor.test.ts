import { describe, expect, test } from "vitest";
import { API_GROUPS, toApiGroupCheck } from "../../src/cli/doctor/check-apis.ts";
import { toAccountRef } from "../../src/cli/doctor/check-identity.ts";
import { toCanIUser, toResourceLabel, RBAC_REQUIREMENTS } from "../../src/cli/doctor/check-rbac.ts";
import { toClockSkewCheck } from "../../src/cli/doctor/clock-skew.ts";
import { renderDoctorText } from "../../src/cli/doctor/render-doctor.ts";
import { parseTokenExpiry, toTokenExpiryCheck } from "../../src/cli/doctor/token-expiry.ts";
import { startFakeApiServer } from "./support/fake-api-server.ts";
import { run } from "./support/run.ts";

const now = new Date("2025-06-01T00:00:00Z");
const jwt = (claims: Record<string, unknown>): string => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2ln`;
const sa = { namespace: "kubeflow", name: "kubeflow-sdk-user" };
const [katib, trainer] = API_GROUPS;

describe("token expiry from the JWT exp claim", () => {
  test.each([
    [jwt({ exp: now.getTime() / 1000 + 365 * 86400 }), "pass", /expires in 365d/],
    [jwt({ exp: now.getTime() / 1000 + 3 * 3600 }), "warn", /expires in 3h/],
    [jwt({ exp: now.getTime() / 1000 - 60 }), "fail", /expired 60s ago/],
    [jwt({ sub: "system:serviceaccount:a:b" }), "pass", /no expiry/],
    ["opaque-token", "skip", /not a JWT/],
  ])("%#", (token, status, message) => {
    const check = toTokenExpiryCheck(token, sa, now);
    expect(check.status).toBe(status);
    expect(check.message).toMatch(message);
    expect(JSON.stringify(check)).not.toContain(token);
    if (status === "warn" || status === "fail") expect(check.fix).toBe("mint a new token: kubectl create token kubeflow-sdk-user -n kubeflow --duration=8760h");
  });

  test("parseTokenExpiry reads seconds into milliseconds", () => {
    expect(parseTokenExpiry(jwt({ exp: 1700000000 }))).toBe(1_700_000_000_000);
    expect(parseTokenExpiry("a.b")).toBeUndefined();
  });
});

describe("clock skew from the Date header", () => {
  const at = (local: string, server: string) => ({ date: new Date(server).toUTCString(), sentAt: Date.parse(local) - 10, receivedAt: Date.parse(local) + 10 });
  test("within 5 s passes; beyond warns with a fix; no header skips", () => {
    expect(toClockSkewCheck(at("2025-06-01T00:00:02Z", "2025-06-01T00:00:00Z")).status).toBe("pass");
    const skewed = toClockSkewCheck(at("2025-06-01T00:00:30Z", "2025-06-01T00:00:00Z"));
    expect(skewed).toMatchObject({ status: "warn", message: "this machine's clock is 29.5 s ahead of the API server's" });
    expect(skewed.fix).toMatch(/NTP/);
    expect(toClockSkewCheck(undefined).status).toBe("skip");
  });
});

describe("API discovery", () => {
  test("served with the right version passes; a missing product warns when the other is there, fails when neither is", () => {
    expect(katib && toApiGroupCheck(katib, { versions: [{ version: "v1beta1" }] }, true).status).toBe("pass");
    expect(trainer && toApiGroupCheck(trainer, null, true)).toMatchObject({ status: "warn", message: expect.stringContaining("trainer.kubeflow.org is not served") });
    expect(trainer && toApiGroupCheck(trainer, null, false).status).toBe("fail");
    expect(katib && toApiGroupCheck(katib, { versions: [{ version: "v1alpha3" }] }, true)).toMatchObject({ status: "fail", message: "kubeflow.org serves v1alpha3, not v1beta1" });
  });
});

describe("RBAC requirements", () => {
  test("cover the Katib and Trainer kinds, pods/log and events; clustertrainingruntimes is cluster-scoped", () => {
    expect(RBAC_REQUIREMENTS.map(toResourceLabel)).toEqual([
      "experiments.kubeflow.org",
      "trials.kubeflow.org",
      "suggestions.kubeflow.org",
      "trainjobs.trainer.kubeflow.org",
      "trainingruntimes.trainer.kubeflow.org",
      "clustertrainingruntimes.trainer.kubeflow.org",
      "pods/log",
      "events",
    ]);
    expect(RBAC_REQUIREMENTS.find((r) => r.resource === "clustertrainingruntimes")?.namespaced).toBe(false);
  });

  test("the can-i user is the reported user, else the token's ServiceAccount, else a placeholder", () => {
    expect(toCanIUser("system:serviceaccount:ns:me", undefined)).toBe("system:serviceaccount:ns:me");
    expect(toCanIUser(undefined, sa)).toBe("system:serviceaccount:kubeflow:kubeflow-sdk-user");
    expect(toCanIUser(undefined, undefined)).toBe("system:serviceaccount:<namespace>:<name>");
    expect(toAccountRef("system:serviceaccount:ns:me")).toEqual({ namespace: "ns", name: "me" });
    expect(toAccountRef("admin")).toBeUndefined();
  });
});

describe("kfts doctor against a fake API server", () => {
  test("plain http warns; an unreadable namespace warns; RBAC denials fail with the can-i hint; exit 1", async () => {
    const allow = (body: string) => ({ status: 201, body: { status: { allowed: !JSON.parse(body).spec.resourceAttributes.resource.startsWith("trainjobs") } } });
    const api = await startFakeApiServer({
      "GET /version": { body: { gitVersion: "v1.33.0" } },
      "POST /apis/authentication.k8s.io/v1/selfsubjectreviews": { status: 201, body: { status: { userInfo: { username: "system:serviceaccount:kubeflow:kubeflow-sdk-user", groups: ["system:serviceaccounts"] } } } },
      "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews": allow,
      "GET /apis/kubeflow.org": { body: { versions: [{ version: "v1beta1" }] } },
      "GET /apis/trainer.kubeflow.org": { body: { versions: [{ version: "v1alpha1" }] } },
      "GET /api/v1/namespaces/kubeflow": { status: 403, body: { kind: "Status", reason: "Forbidden", code: 403, message: "forbidden" } },
    });
    const token = jwt({ exp: Date.now() / 1000 + 86400 * 30, "kubernetes.io": { namespace: "kubeflow", serviceaccount: { name: "kubeflow-sdk-user" } } });
    const result = await run(["doctor", "--server", api.url, "--token", token, "-n", "kubeflow"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^WARN {2}TLS +plain http: no TLS to verify \(Kubernetes v1\.33\.0\)$/m);
    expect(result.stdout).toMatch(/^PASS {2}who am I +authenticated as system:serviceaccount:kubeflow:kubeflow-sdk-user/m);
    expect(result.stdout).toMatch(/^FAIL {2}RBAC trainjobs\.trainer\.kubeflow\.org +list, get, create, delete denied in namespace kubeflow$/m);
    expect(result.stdout).toContain("fix: see what the account may do: kubectl auth can-i --list --as=system:serviceaccount:kubeflow:kubeflow-sdk-user -n kubeflow");
    expect(result.stdout).toMatch(/^WARN {2}namespace label +cannot read namespace kubeflow/m);
    expect(result.stdout).not.toContain(token);
  });

  test("-o json reports every check for machines", async () => {
    const result = await run(["doctor", "-o", "json", "--server", "http://127.0.0.1:9", "--token", "t0ken-value"]);
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(report).toMatchObject({ ok: false, server: "http://127.0.0.1:9", summary: { fail: 1 } });
    expect(report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`).slice(0, 4)).toEqual(["config:pass", "dns:pass", "tcp:fail", "tls:skip"]);
  });

  test("renders a fix under each failing check and a summary line", () => {
    const text = renderDoctorText({ server: "https://api", namespace: "ns", ok: false, checks: [{ id: "tls", title: "TLS", status: "fail", message: "unknown CA", fix: "pass --certificate-authority" }] });
    expect(text).toBe("kfts doctor: https://api, namespace ns\nFAIL  TLS  unknown CA\n           fix: pass --certificate-authority\n\n0 passed, 0 warnings, 1 failed: fix the first failure above and run kfts doctor again\n");
  });
});
