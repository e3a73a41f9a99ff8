/**
 * The apiserver as the judge of a mutant: a `dryRun=All&fieldValidation=Strict` create, as the project's
 * differential test does. 200/201 = accepted, 400/422 = rejected; anything else (a missing namespace, a name
 * conflict) leaves the mutant undetermined. The local control plane runs no Katib webhook, so it judges only
 * what the CRD schemas say: Trainer fully, Katib almost nothing (its CRDs have no structural schema).
 */
import type { AdminHttp } from "./cluster.ts";
import type { Mutant } from "./mutants.ts";

/** A verdict per mutant id. */
export type Verdict = "accepted" | "rejected" | "undetermined";

const PLURALS: Readonly<Record<string, { plural: string; namespaced: boolean }>> = {
  Experiment: { plural: "experiments", namespaced: true },
  Trial: { plural: "trials", namespaced: true },
  Suggestion: { plural: "suggestions", namespaced: true },
  TrainJob: { plural: "trainjobs", namespaced: true },
  TrainingRuntime: { plural: "trainingruntimes", namespaced: true },
  ClusterTrainingRuntime: { plural: "clustertrainingruntimes", namespaced: false },
};

/** Asks the apiserver about every mutant, `concurrency` at a time; namespaced ones go to `namespace`. */
export async function serverVerdicts(admin: AdminHttp, mutants: readonly Mutant[], namespace: string, concurrency = 8): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < mutants.length) {
      const mutant = mutants[next++] as Mutant;
      const kind = PLURALS[String(mutant.object.kind)];
      const apiVersion = String(mutant.object.apiVersion);
      if (kind === undefined || !apiVersion.includes("/")) {
        verdicts.set(mutant.id, "undetermined");
        continue;
      }
      const metadata = mutant.object.metadata !== null && typeof mutant.object.metadata === "object" ? mutant.object.metadata : {};
      const body = kind.namespaced ? { ...mutant.object, metadata: { ...metadata, namespace } } : mutant.object;
      const scope = kind.namespaced ? `namespaces/${namespace}/` : "";
      const r = await admin.send("POST", `/apis/${apiVersion}/${scope}${kind.plural}?dryRun=All&fieldValidation=Strict`, body);
      verdicts.set(mutant.id, r.status === 200 || r.status === 201 ? "accepted" : r.status === 400 || r.status === 422 ? "rejected" : "undetermined");
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return verdicts;
}
