/**
 * The seed guide (shared/seed/out-of-cluster-usage.rst) against a real kube-apiserver: a ServiceAccount bound to
 * `kubeflow-edit`, its token and the cluster CA taken with kubectl, then Katib calls with nothing but that token and
 * CA — what the project's clients will do (plain undici here until they exist).
 */
import { Agent, request } from "undici";
import { expect, onTestFinished, test } from "vitest";
import { describeE2e } from "./support/describe-e2e.ts";
import { kubectl } from "./support/kubectl.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { bindClusterRole, createServiceAccount, deleteServiceAccount, requestToken } from "./support/service-accounts.ts";

const experiments = (ns: string): string => `/apis/kubeflow.org/v1beta1/namespaces/${ns}/experiments`;

/** The seed's `random-example` Experiment (names made unique so reruns on a reused cluster do not collide). */
function randomExample(name: string, namespace: string): Record<string, unknown> {
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name, namespace },
    spec: {
      maxTrialCount: 3,
      algorithm: { algorithmName: "random" },
      objective: { type: "maximize", objectiveMetricName: "accuracy" },
      parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.01", max: "0.1" } }],
    },
  };
}

/** What an out-of-cluster user has: a server URL, a CA and a bearer token. */
interface UserConfig {
  server: string;
  caPem: string;
  token: string;
}

/** The parts of Kubernetes responses (objects, lists, Status) these tests look at. */
interface KubeBody {
  kind?: string;
  reason?: string;
  message?: string;
  metadata?: { name?: string; uid?: string };
  spec?: unknown;
  items?: { metadata: { name: string } }[];
}

/** A JSON call the way the SDK makes it: bearer token, TLS verified against the given CA only. */
async function call(
  user: UserConfig,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: KubeBody }> {
  const dispatcher = new Agent({ connect: { ca: user.caPem } });
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${user.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await request(`${user.server}${path}`, {
      dispatcher,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: (text === "" ? {} : JSON.parse(text)) as KubeBody };
  } finally {
    await dispatcher.close();
  }
}

describeE2e("seed: out-of-cluster usage with ServiceAccount tokens", (env) => {
  test("the guide's kubectl steps yield a token that lists, creates and gets Experiments in kubeflow", async () => {
    const sa = uniqueName("kubeflow-sdk-user");
    const binding = `${sa}-binding`;
    const experiment = uniqueName("random-example");
    onTestFinished(async () => {
      await kubectl("delete", "experiment.kubeflow.org", experiment, "-n", "kubeflow", "--ignore-not-found");
      await kubectl("delete", "clusterrolebinding", binding, "--ignore-not-found");
      await kubectl("delete", "serviceaccount", sa, "-n", "kubeflow", "--ignore-not-found");
    });

    // 1. Create Service Account
    await kubectl("create", "serviceaccount", sa, "-n", "kubeflow");
    await kubectl("create", "clusterrolebinding", binding, "--clusterrole=kubeflow-edit", `--serviceaccount=kubeflow:${sa}`);
    // 2. Get Service Account Token
    const token = (await kubectl("create", "token", sa, "-n", "kubeflow", "--duration=8760h")).trim();
    // 3. Get API Server URL, and the CA ("... certificate-authority-data}' | base64 -d > ca.crt")
    const server = await kubectl("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");
    const caPath = "jsonpath={.clusters[0].cluster.certificate-authority-data}";
    const caData = await kubectl("config", "view", "--raw", "-o", caPath);
    const user: UserConfig = { server, caPem: Buffer.from(caData, "base64").toString("utf8"), token };
    expect(user.server).toBe(env.server);
    expect(user.caPem).toContain("-----BEGIN CERTIFICATE-----");

    // katib_client.list_experiments(namespace="kubeflow")
    const list = await call(user, "GET", experiments("kubeflow"));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.kind).toBe("ExperimentList");
    expect(Array.isArray(list.body.items)).toBe(true);

    // katib_client.create_experiment(experiment, namespace="kubeflow")
    const created = await call(user, "POST", experiments("kubeflow"), randomExample(experiment, "kubeflow"));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.metadata?.uid).toEqual(expect.any(String));

    const got = await call(user, "GET", `${experiments("kubeflow")}/${experiment}`);
    expect(got.status).toBe(200);
    expect(got.body.metadata?.name).toBe(experiment);
    expect(got.body.spec).toEqual(randomExample(experiment, "kubeflow").spec);

    const listed = await call(user, "GET", experiments("kubeflow"));
    expect(listed.body.items?.map((e) => e.metadata.name)).toContain(experiment);
  });

  test("a garbage token is rejected with 401 Unauthorized", async () => {
    const response = await call({ ...env, token: "not-a-real-token" }, "GET", experiments("kubeflow"));
    expect(response.status).toBe(401);
    expect(response.body.reason).toBe("Unauthorized");
  });

  test("a ServiceAccount without a binding is authenticated but gets 403 Forbidden", async () => {
    const ns = await createTestNamespace("seed-unbound");
    await createServiceAccount(ns, "no-binding");
    const token = await requestToken(ns, "no-binding", { expirationSeconds: 600 });

    const response = await call({ ...env, token }, "GET", experiments("kubeflow"));
    expect(response.status).toBe(403);
    expect(response.body.reason).toBe("Forbidden");
    expect(response.body.message).toContain(`system:serviceaccount:${ns}:no-binding`);
  });

  test("deleting the ServiceAccount turns its token into 401", async () => {
    const ns = await createTestNamespace("seed-revoked");
    await createServiceAccount(ns, "sdk-user");
    await bindClusterRole(uniqueName("seed-revoked"), "kubeflow-edit", ns, "sdk-user");
    const token = await requestToken(ns, "sdk-user", { expirationSeconds: 600 });
    expect((await call({ ...env, token }, "GET", experiments("kubeflow"))).status).toBe(200);

    await deleteServiceAccount(ns, "sdk-user");
    // Successful token authentications are cached for 10 s (kube-apiserver's default token success cache TTL), and
    // the account lookup is informer-backed: the revocation shows within about that time, not instantly.
    await expect
      .poll(async () => (await call({ ...env, token }, "GET", experiments("kubeflow"))).status, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(401);
  }, 40_000);
});
