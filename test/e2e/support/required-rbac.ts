/**
 * The RBAC each client method needs, exactly: what test/e2e/least-privilege.test.ts grants (a method passes with these
 * and nothing else, and fails with a ForbiddenError naming the rule when any one is taken away) and what
 * docs/rbac.md lists (test/e2e/support/required-rbac.test.ts keeps the two the same).
 */

/** Where a rule applies: the user's namespace, Katib's `kubeflow` namespace (its DB manager), or the cluster. */
export type RuleScope = "namespace" | "kubeflow" | "cluster";

/** One verb on one resource. */
export interface RequiredRule {
  scope: RuleScope;
  apiGroup: string;
  resource: string;
  verb: string;
  /** Without it the method still answers (with what the other rules give) and logs a warning naming it. */
  withoutIt?: "warns";
}

const rule = (scope: RuleScope, apiGroup: string, resource: string, verbs: string[]): RequiredRule[] => verbs.map((verb) => ({ scope, apiGroup, resource, verb }));
const katib = (resource: string, ...verbs: string[]) => rule("namespace", "kubeflow.org", resource, verbs);
const trainer = (resource: string, ...verbs: string[]) => rule("namespace", "trainer.kubeflow.org", resource, verbs);
const core = (resource: string, ...verbs: string[]) => rule("namespace", "", resource, verbs);

/** Method → the rules it needs. */
export const requiredRbac: Record<string, RequiredRule[]> = {
  "KatibClient.createExperiment": katib("experiments", "create"),
  "KatibClient.getExperiment": katib("experiments", "get"),
  "KatibClient.getOptimalHyperparameters": katib("experiments", "get"),
  "KatibClient.listExperiments": katib("experiments", "list"),
  "KatibClient.waitForExperimentCondition": katib("experiments", "get", "watch"),
  "KatibClient.editExperimentBudget": katib("experiments", "get", "update"),
  "KatibClient.deleteExperiment": katib("experiments", "delete"),
  "KatibClient.listTrials": katib("trials", "list"),
  "KatibClient.getSuccessTrialDetails": katib("trials", "list"),
  "KatibClient.getTrialLogs": [...katib("trials", "get"), ...core("pods", "list"), ...core("pods/log", "get")],
  "KatibClient.getJobLogs": [...katib("trials", "get"), ...core("pods", "list"), ...core("pods/log", "get")],
  "KatibClient.getTrialMetrics": [
    ...katib("trials", "get"),
    ...rule("kubeflow", "", "services", ["get"]),
    ...rule("kubeflow", "", "pods", ["list"]),
    ...rule("kubeflow", "", "pods/portforward", ["get", "create"]),
  ],
  // Either scope alone gives its runtimes: the other is logged as unavailable.
  "TrainerClient.listRuntimes": [...rule("cluster", "trainer.kubeflow.org", "clustertrainingruntimes", ["list"]), ...trainer("trainingruntimes", "list")].map((r) => ({ ...r, withoutIt: "warns" as const })),
  "TrainerClient.train": trainer("trainjobs", "create"),
  "TrainerClient.listJobs": [...trainer("trainjobs", "list"), ...core("pods", "list")],
  "TrainerClient.getJob": [...trainer("trainjobs", "get"), ...core("pods", "list")],
  "TrainerClient.waitForJobStatus": [...trainer("trainjobs", "get", "watch"), ...core("pods", "list")],
  "TrainerClient.getJobLogs": [...trainer("trainjobs", "get"), ...core("pods", "list"), ...core("pods/log", "get")],
  "TrainerClient.getJobEvents": core("events", "list"),
  "TrainerClient.deleteJob": trainer("trainjobs", "delete"),
  // The runtime is read as getRuntime reads it: the namespaced one, then (on NotFound) the cluster's torch-distributed.
  "OptimizerClient.optimize": [...trainer("trainingruntimes", "get"), ...rule("cluster", "trainer.kubeflow.org", "clustertrainingruntimes", ["get"]), ...katib("experiments", "create")],
  "OptimizerClient.listJobs": [...katib("experiments", "list"), ...katib("trials", "list"), ...trainer("trainjobs", "list"), ...core("pods", "list")],
  "OptimizerClient.getJob": [...katib("experiments", "get"), ...katib("trials", "list"), ...trainer("trainjobs", "list"), ...core("pods", "list")],
  "OptimizerClient.getBestResults": katib("experiments", "get"),
  // The best trial's log: its TrainJob's node-0 pod (a job with a best trial lists no Trials).
  "OptimizerClient.getJobLogs": [...katib("experiments", "get"), ...trainer("trainjobs", "get"), ...core("pods", "list"), ...core("pods/log", "get")],
  // The Experiment without list is read and watched by name; its Trials and the TrainJobs are shared informers.
  "OptimizerClient.waitForJobStatus": [...katib("experiments", "get", "watch"), ...katib("trials", "list", "watch"), ...trainer("trainjobs", "list", "watch"), ...core("pods", "list")],
  "OptimizerClient.deleteJob": katib("experiments", "delete"),
  "OptimizerClient.getJobEvents": [...katib("experiments", "get"), ...katib("trials", "list"), ...core("events", "list")],
};
