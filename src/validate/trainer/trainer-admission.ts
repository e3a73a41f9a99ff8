/**
 * What Trainer v2.3.0's validating webhooks refuse beyond the CRD schema, for the checks that need no cluster state
 * (pkg/webhooks: the TrainJob validator's runtime lookup, the runtimes' `validateReplicatedJobs`), plus a warning for
 * the one condition only the cluster can answer, the TrainJob's runtime must exist there, when the runtime is not one
 * that a Trainer installation ships.
 */
import { error, type Finding, warning } from "../finding.ts";

const GROUP = "trainer.kubeflow.org";
const RUNTIME_KINDS = new Set(["TrainingRuntime", "ClusterTrainingRuntime"]);
const VALIDATION_LABEL = "trainer.kubeflow.org/webhook-validation";
const ANCESTOR_LABEL = "trainer.kubeflow.org/trainjob-ancestor-step";
/** The container each ancestor step's replicated job must have (the webhook's expectedContainerNames). */
const ANCESTOR_CONTAINERS: Readonly<Record<string, string>> = {
  trainer: "node",
  "model-initializer": "model-initializer",
  "dataset-initializer": "dataset-initializer",
};

/**
 * The ClusterTrainingRuntimes Trainer v2.3.0 releases (manifests/base/runtimes): a TrainJob naming one of them is
 * taken to find it installed; any other name may be a typo or a runtime of the user's, which only the cluster knows.
 */
const RELEASED_RUNTIMES = new Set([
  "deepspeed-distributed",
  "jax-distributed",
  "mlx-distributed",
  "torch-distributed",
  "torch-distributed-with-cache",
  "torchtune-llama3.2-1b",
  "torchtune-llama3.2-3b",
  "torchtune-qwen2.5-1.5b",
  "xgboost-distributed",
]);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function at(object: unknown, ...steps: string[]): unknown {
  let current = object;
  for (const step of steps) current = isRecord(current) ? current[step] : undefined;
  return current;
}

/** Findings of the Trainer webhooks for a defaulted object of `kind`. */
export function checkTrainerAdmission(kind: string, object: Json): Finding[] {
  if (kind === "TrainJob") return checkTrainJob(object);
  // The runtimes' webhooks have an objectSelector: a runtime labelled `webhook-validation: disabled` is never sent.
  if (RUNTIME_KINDS.has(kind)) return at(object, "metadata", "labels", VALIDATION_LABEL) === "disabled" ? [] : checkReplicatedJobs(object);
  return [];
}

function checkTrainJob(object: Json): Finding[] {
  const ref = at(object, "spec", "runtimeRef");
  if (!isRecord(ref)) return [];
  const apiGroup = typeof ref.apiGroup === "string" ? ref.apiGroup : GROUP;
  const kind = typeof ref.kind === "string" ? ref.kind : "ClusterTrainingRuntime";
  if (apiGroup !== GROUP || !RUNTIME_KINDS.has(kind)) {
    return [error("trainer.runtime-ref", ["spec", "runtimeRef"], `unsupported runtime: ${kind}.${apiGroup} (the Trainer runs TrainingRuntime and ClusterTrainingRuntime of ${GROUP})`)];
  }
  const name = typeof ref.name === "string" ? ref.name : "";
  if (kind === "ClusterTrainingRuntime" && RELEASED_RUNTIMES.has(name)) return [];
  const namespace = at(object, "metadata", "namespace");
  const where = kind === "TrainingRuntime" ? ` in the TrainJob's namespace${typeof namespace === "string" ? ` (${namespace})` : ""}` : "";
  return [
    warning(
      "trainer.runtime-exists",
      ["spec", "runtimeRef", "name"],
      `depends on cluster state: the Trainer webhook refuses this TrainJob unless ${kind} "${name}" exists${where} (it is not a runtime Trainer v2.3.0 ships), and checks the TrainJob against that runtime`,
    ),
  ];
}

function checkReplicatedJobs(object: Json): Finding[] {
  const jobs = at(object, "spec", "template", "spec", "replicatedJobs");
  if (!Array.isArray(jobs)) return [];
  const findings: Finding[] = [];
  jobs.forEach((job: unknown, index) => {
    const ancestor = at(job, "template", "metadata", "labels", ANCESTOR_LABEL);
    if (typeof ancestor !== "string" || !(ancestor in ANCESTOR_CONTAINERS)) return;
    const path = ["spec", "template", "spec", "replicatedJobs", index];
    const replicas = at(job, "replicas") ?? 1;
    if (replicas !== 1) findings.push(error("trainer.ancestor-replicas", [...path, "replicas"], `Invalid value: ${JSON.stringify(replicas)}: always must be 1 (a replicated job of the ${ancestor} step)`));
    const containers = at(job, "template", "spec", "template", "spec", "containers");
    const required = ANCESTOR_CONTAINERS[ancestor];
    const present = Array.isArray(containers) && containers.some((container) => at(container, "name") === required);
    if (!present) {
      findings.push(error("trainer.ancestor-container", [...path, "template", "spec", "template", "spec", "containers"], `must contain the required container for the ancestor: ${ancestor} (a container named "${required}")`));
    }
  });
  return findings;
}
