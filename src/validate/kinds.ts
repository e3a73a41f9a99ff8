/**
 * Which validator an object gets, from its apiVersion and kind: a kind of a group the package serves, or "skipped"
 * (not a Kubeflow resource), or an error (a served group with a version or kind it does not have). The validator
 * modules are loaded on first use, once per process.
 */
import type { KindValidator, ValidatorGroup, ValidatorModule } from "../../generated/validator-runtime.ts";
import { validatorGroups } from "../../generated/validators.ts";

/** What an apiVersion/kind resolves to. */
export type KindLookup =
  | { status: "found"; group: ValidatorGroup; kind: string; validator: KindValidator }
  | { status: "skipped"; message: string }
  | { status: "unknown"; rule: "api.unknown-version" | "api.unknown-kind"; message: string };

/**
 * Kubeflow APIs that share a served group but are not validated here: the training-operator's v1 jobs live in
 * `kubeflow.org` beside Katib. They are skipped with a warning rather than reported as unknown.
 */
const NOT_COVERED: ReadonlyArray<{ group: string; version: string; kinds: readonly string[]; what: string }> = [
  { group: "kubeflow.org", version: "v1", kinds: ["TFJob", "PyTorchJob", "MPIJob", "XGBoostJob", "PaddleJob", "JAXJob"], what: "Kubeflow Training Operator v1" },
];

/** Splits `group/version` (or a core `version`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Resolves an apiVersion and kind against the served groups. */
export function findKind(apiVersion: string, kind: string, groups: readonly ValidatorGroup[] = validatorGroups): KindLookup {
  const { group, version } = splitApiVersion(apiVersion);
  const sameGroup = groups.filter((candidate) => candidate.group === group);
  if (sameGroup.length === 0) return { status: "skipped", message: `skipped: ${apiVersion} ${kind} is not a Kubeflow Katib or Trainer resource` };
  const served = sameGroup.find((candidate) => candidate.version === version);
  const other = NOT_COVERED.find((entry) => entry.group === group && entry.version === version && entry.kinds.includes(kind));
  if (other) return { status: "skipped", message: `skipped: ${apiVersion} ${kind} (${other.what}) is not validated by kubeflow-ts` };
  if (!served) {
    const versions = sameGroup.map((candidate) => candidate.version).join(", ");
    return { status: "unknown", rule: "api.unknown-version", message: `${group} has no version ${version} (served: ${versions})` };
  }
  const validator = served.kinds[kind];
  if (!validator) {
    const kinds = Object.keys(served.kinds).sort().join(", ");
    return { status: "unknown", rule: "api.unknown-kind", message: `${apiVersion} has no kind ${kind} (kinds: ${kinds})` };
  }
  return { status: "found", group: served, kind, validator };
}

/** The validator of an embedded API ("batch/v1/Job") offered by a served group, if any. */
export function findEmbedded(key: string, groups: readonly ValidatorGroup[] = validatorGroups): KindValidator | undefined {
  return groups.map((group) => group.embedded[key]).find((validator) => validator !== undefined);
}

const loaded = new Map<KindValidator, Promise<ValidatorModule>>();

/** Loads a kind's validator module once per process. */
export function loadValidator(validator: KindValidator): Promise<ValidatorModule> {
  let module = loaded.get(validator);
  if (!module) {
    module = validator.load();
    loaded.set(validator, module);
  }
  return module;
}

/**
 * Starts loading every served kind's validator module (and the embedded ones), for a caller with time to spare now
 * (waiting for input) that will validate many objects later. Failures surface when the module is used.
 */
export function preloadValidators(groups: readonly ValidatorGroup[] = validatorGroups): void {
  for (const group of groups) {
    for (const validator of [...Object.values(group.kinds), ...Object.values(group.embedded)]) loadValidator(validator).catch(() => undefined);
  }
}
