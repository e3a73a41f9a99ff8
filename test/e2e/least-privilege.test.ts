/**
 * Least privilege, method by method, on the Kubeflow box: a ServiceAccount holding exactly the rules
 * support/required-rbac.ts lists for a method can call it, and taking away any one rule makes the method fail with a
 * ForbiddenError that names that verb and resource. So the table (and docs/rbac.md) is neither short nor generous.
 */
import { expect, onTestFinished, test } from "vitest";
import { ForbiddenError, KatibClient, OptimizerClient, Search, TrainerClient, type ClientOptions, type OptimizeOptions } from "../../src/index.ts";
import { adminOptions, katibClient, trainerClient } from "./support/clients.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import type { E2eEnv } from "./support/env.ts";
import { boxExperiment } from "./support/experiments.ts";
import { assertStatus, kubeRequest } from "./support/kube-request.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";
import { requiredRbac, type RequiredRule, type RuleScope } from "./support/required-rbac.ts";
import { createServiceAccount, requestToken } from "./support/service-accounts.ts";

interface Clients {
  katib: KatibClient;
  trainer: TrainerClient;
  optimizer: OptimizerClient;
  /** What the clients logged as warnings. */
  warnings: string[];
}

/**
 * What the methods work on, made by the admin: a finished Experiment whose trial kept its pod, a finished TrainJob, a
 * Complete OptimizationJob (its best trial's TrainJob kept its pods).
 */
interface Fixture {
  experiment: string;
  trial: string;
  job: string;
  optimization: string;
}

/** An OptimizationJob of one trial on the box's torch-distributed runtime. */
const OPTIMIZE: OptimizeOptions = {
  trialTemplate: { trainer: { func: { source: 'def train(lr):\n    print(f"loss={abs(float(lr) - 0.05)}")\n' } } },
  searchSpace: { lr: Search.uniform(0.01, 0.1) },
  trialConfig: { numTrials: 1, parallelTrials: 1 },
};

/** An OptimizerClient closed at the end of the test. */
function optimizerClient(options: ClientOptions): OptimizerClient {
  const client = new OptimizerClient(options);
  onTestFinished(() => client.close());
  return client;
}

async function drain(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

/** How each method of the table is called as the user; `admin` makes what a call uses up (an object to delete). */
const calls: Record<string, (user: Clients, fixture: Fixture, admin: Clients) => Promise<unknown>> = {
  "KatibClient.createExperiment": (user) => user.katib.createExperiment(boxExperiment(uniqueName("lp"), { idle: true })),
  "KatibClient.getExperiment": (user, f) => user.katib.getExperiment(f.experiment),
  "KatibClient.getOptimalHyperparameters": (user, f) => user.katib.getOptimalHyperparameters(f.experiment),
  "KatibClient.listExperiments": (user) => user.katib.listExperiments(),
  "KatibClient.waitForExperimentCondition": async (user, _f, admin) => {
    const name = uniqueName("lp");
    await admin.katib.createExperiment(boxExperiment(name, { maxTrialCount: 1, parallelTrialCount: 1 }));
    return user.katib.waitForExperimentCondition(name, { timeoutMs: 60_000 });
  },
  "KatibClient.editExperimentBudget": (user, f) => user.katib.editExperimentBudget(f.experiment, { maxTrialCount: 1 }),
  "KatibClient.deleteExperiment": async (user, _f, admin) => {
    const name = uniqueName("lp");
    await admin.katib.createExperiment(boxExperiment(name, { idle: true }));
    return user.katib.deleteExperiment(name);
  },
  "KatibClient.listTrials": (user, f) => user.katib.listTrials({ experimentName: f.experiment }),
  "KatibClient.getSuccessTrialDetails": (user, f) => user.katib.getSuccessTrialDetails(f.experiment),
  "KatibClient.getTrialLogs": (user, f) => drain(user.katib.getTrialLogs(f.trial)),
  "KatibClient.getJobLogs": (user, f) => drain(user.katib.getJobLogs(f.experiment, f.trial)),
  "KatibClient.getTrialMetrics": (user, f) => user.katib.getTrialMetrics(f.trial),
  "TrainerClient.listRuntimes": (user) => user.trainer.listRuntimes(),
  "TrainerClient.train": (user) => user.trainer.train({ trainer: { numNodes: 1 } }),
  "TrainerClient.listJobs": (user) => user.trainer.listJobs(),
  "TrainerClient.getJob": (user, f) => user.trainer.getJob(f.job),
  "TrainerClient.waitForJobStatus": async (user, _f, admin) => user.trainer.waitForJobStatus(await admin.trainer.train({ trainer: { numNodes: 1 } }), { timeoutMs: 60_000 }),
  "TrainerClient.getJobLogs": (user, f) => drain(user.trainer.getJobLogs(f.job)),
  "TrainerClient.getJobEvents": (user, f) => user.trainer.getJobEvents(f.job),
  "TrainerClient.deleteJob": async (user, _f, admin) => user.trainer.deleteJob(await admin.trainer.train({ trainer: { numNodes: 1 } })),
  "OptimizerClient.optimize": (user) => user.optimizer.optimize(OPTIMIZE),
  "OptimizerClient.listJobs": (user) => user.optimizer.listJobs(),
  "OptimizerClient.getJob": (user, f) => user.optimizer.getJob(f.optimization),
  "OptimizerClient.getBestResults": (user, f) => user.optimizer.getBestResults(f.optimization),
  "OptimizerClient.getJobLogs": async (user, f) => {
    // A job with a best trial whose pod ran: its log is read (the metrics collector's), not skipped.
    const lines = await drain(user.optimizer.getJobLogs(f.optimization));
    if (lines.length === 0) throw new Error("the best trial's log was not read");
  },
  // A job that has not finished yet: the wait must watch (a finished one could be answered by the first reads).
  "OptimizerClient.waitForJobStatus": async (user, _f, admin) => user.optimizer.waitForJobStatus(await admin.optimizer.optimize(OPTIMIZE), { timeoutMs: 120_000 }),
  "OptimizerClient.deleteJob": async (user, _f, admin) => user.optimizer.deleteJob(await admin.optimizer.optimize(OPTIMIZE)),
  "OptimizerClient.getJobEvents": (user, f) => user.optimizer.getJobEvents(f.optimization),
};

/** The roles of one ServiceAccount: a Role in its namespace, one in `kubeflow`, a ClusterRole; rules set by `grant`. */
async function leastPrivilegedUser(env: E2eEnv, namespace: string): Promise<{ user: Clients; grant: (rules: RequiredRule[]) => Promise<void> }> {
  const sa = "least";
  const name = `least-${namespace}`;
  const subject = [{ kind: "ServiceAccount", name: sa, namespace }];
  await createServiceAccount(namespace, sa);
  const places: Record<RuleScope, { rolePath: string; bindingPath: string; kind: "Role" | "ClusterRole"; namespace?: string }> = {
    namespace: { rolePath: `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, bindingPath: `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, kind: "Role", namespace },
    kubeflow: { rolePath: "/apis/rbac.authorization.k8s.io/v1/namespaces/kubeflow/roles", bindingPath: "/apis/rbac.authorization.k8s.io/v1/namespaces/kubeflow/rolebindings", kind: "Role", namespace: "kubeflow" },
    cluster: { rolePath: "/apis/rbac.authorization.k8s.io/v1/clusterroles", bindingPath: "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", kind: "ClusterRole" },
  };
  for (const place of Object.values(places)) {
    const metadata = { name, ...(place.namespace ? { namespace: place.namespace } : {}) };
    assertStatus(await kubeRequest("POST", place.rolePath, { body: { apiVersion: "rbac.authorization.k8s.io/v1", kind: place.kind, metadata, rules: [] } }), [201], `create ${place.kind} ${name}`);
    const kind = place.kind === "Role" ? "RoleBinding" : "ClusterRoleBinding";
    const binding = { apiVersion: "rbac.authorization.k8s.io/v1", kind, metadata, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: place.kind, name }, subjects: subject };
    assertStatus(await kubeRequest("POST", place.bindingPath, { body: binding }), [201], `create ${binding.kind} ${name}`);
    onTestFinished(async () => {
      await kubeRequest("DELETE", `${place.bindingPath}/${name}`);
      await kubeRequest("DELETE", `${place.rolePath}/${name}`);
    });
  }
  const token = await requestToken(namespace, sa, { expirationSeconds: 1800 });
  const warnings: string[] = [];
  const options = { server: env.server, certificateAuthorityData: env.caPem, token, namespace, retry: false as const, logger: { debug: () => {}, warn: (line: string) => warnings.push(line) } };
  const user = { katib: katibClient(options), trainer: trainerClient(options), optimizer: optimizerClient(options), warnings };

  async function grant(rules: RequiredRule[]): Promise<void> {
    for (const [scope, place] of Object.entries(places) as [RuleScope, (typeof places)[RuleScope]][]) {
      const body = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: place.kind,
        metadata: { name, ...(place.namespace ? { namespace: place.namespace } : {}) },
        rules: rules.filter((r) => r.scope === scope).map((r) => ({ apiGroups: [r.apiGroup], resources: [r.resource], verbs: [r.verb] })),
      };
      assertStatus(await kubeRequest("PUT", `${place.rolePath}/${name}`, { body }), [200], `update ${place.kind} ${name}`);
    }
    // The authorizer reads roles from an informer: wait until it answers for the new rules.
    for (const rule of Object.values(requiredRbac).flat()) {
      const allowed = rules.some((r) => r.scope === rule.scope && r.apiGroup === rule.apiGroup && r.resource === rule.resource && r.verb === rule.verb);
      await expect.poll(() => canI(`system:serviceaccount:${namespace}:${sa}`, rule, namespace), { timeout: 10_000, interval: 100 }).toBe(allowed);
    }
  }
  return { user, grant };
}

/** A SubjectAccessReview for `user` and `rule`. */
async function canI(user: string, rule: RequiredRule, namespace: string): Promise<boolean> {
  const [resource, subresource] = rule.resource.split("/");
  const attributes = {
    group: rule.apiGroup,
    resource,
    ...(subresource ? { subresource } : {}),
    verb: rule.verb,
    ...(rule.scope === "cluster" ? {} : { namespace: rule.scope === "kubeflow" ? "kubeflow" : namespace }),
  };
  const review = await kubeRequest<{ status: { allowed: boolean } }>("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user, groups: ["system:serviceaccounts", "system:authenticated"], resourceAttributes: attributes } },
  });
  return review.body.status.allowed;
}

describeKubeflow("least privilege: the RBAC each client method needs, exactly", (env) => {
  test("each method passes with its rules alone, and fails with a ForbiddenError naming any one taken away", { timeout: 1_200_000 }, async () => {
    const namespace = await createTestNamespace("least");
    const admin = { katib: katibClient(adminOptions(env, namespace)), trainer: trainerClient(adminOptions(env, namespace)), optimizer: optimizerClient(adminOptions(env, namespace)), warnings: [] };
    const experiment = uniqueName("lp-done");
    await admin.katib.createExperiment(boxExperiment(experiment, { maxTrialCount: 1, parallelTrialCount: 1, retain: true }));
    await admin.katib.waitForExperimentCondition(experiment, { timeoutMs: 90_000 });
    const [trial] = await admin.katib.listTrials({ experimentName: experiment });
    const job = await admin.trainer.train({ trainer: { numNodes: 1 } });
    await admin.trainer.waitForJobStatus(job, { timeoutMs: 60_000 });
    const optimization = await admin.optimizer.optimize(OPTIMIZE);
    await admin.optimizer.waitForJobStatus(optimization, { timeoutMs: 180_000 });
    const fixture: Fixture = { experiment, trial: trial!.metadata!.name!, job, optimization };
    const { user, grant } = await leastPrivilegedUser(env, namespace);

    expect(Object.keys(calls).sort()).toEqual(Object.keys(requiredRbac).sort());
    for (const [method, rules] of Object.entries(requiredRbac)) {
      await grant(rules);
      const passed = await calls[method]!(user, fixture, admin).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(passed, `${method} with exactly its rules`).toBeUndefined();
      for (const missing of rules) {
        await grant(rules.filter((r) => r !== missing));
        user.warnings.length = 0;
        const error = await calls[method]!(user, fixture, admin).then(
          () => undefined,
          (e: unknown) => e,
        );
        const what = `${method} without ${missing.verb} ${missing.resource} (${missing.scope})`;
        const rulePhrase = `cannot ${missing.verb} resource "${missing.resource}" in API group "${missing.apiGroup}"`;
        if (missing.withoutIt === "warns") {
          expect(error, what).toBeUndefined();
          expect(user.warnings.some((line) => line.includes(rulePhrase)), `${what}: ${user.warnings.join("\n")}`).toBe(true);
          continue;
        }
        expect(error, what).toBeInstanceOf(ForbiddenError);
        // The apiserver names the rule, except for the create a WebSocket upgrade also needs (see web-socket.ts).
        const named = [rulePhrase, `needs get and create permission on ${missing.resource}`];
        expect(named.some((phrase) => (error as Error).message.includes(phrase)), `${what}: ${(error as Error).message}`).toBe(true);
      }
    }
  });
});
