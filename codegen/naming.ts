/**
 * Exported type names for schema names, following the Kubeflow Python SDK and the Kubernetes Python client:
 * - Katib `v1beta1.Experiment` and `.v1beta1.Trial` → `V1beta1Experiment`, `V1beta1Trial`;
 * - other API groups `trainer.v1alpha1.TrainJob` → `TrainerV1alpha1TrainJob` (`jobset.v1alpha2.JobSet` → `JobsetV1alpha2JobSet`);
 * - core `io.k8s.api.core.v1.PodSpec` and `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` → `V1PodSpec`, `V1ObjectMeta`
 *   (version + kind); `io.k8s.apimachinery.pkg.api.resource.Quantity` → `Quantity`, `…intstr.IntOrString` →
 *   `IntOrString`, `…runtime.RawExtension` → `RuntimeRawExtension`, `…unstructured.Unstructured` → `Unstructured`.
 * When two core names would collide (core/v1 `List` and meta/v1 `List`), each takes its group: `CoreV1List`, `MetaV1List`.
 */

const VERSION_RE = /^v\d+((alpha|beta)\d+)?$/;

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Whether a schema name is one of Kubernetes' own (`io.k8s.*`). */
export function isCoreSchemaName(name: string): boolean {
  return name.startsWith("io.k8s.");
}

function shortCoreName(segments: string[]): string {
  const kind = segments[segments.length - 1] ?? "";
  const parent = segments[segments.length - 2] ?? "";
  if (VERSION_RE.test(parent)) return capitalize(parent) + capitalize(kind);
  if (parent === "runtime") return "Runtime" + capitalize(kind);
  return capitalize(kind);
}

function longCoreName(segments: string[]): string {
  // io.k8s.api.<group>.<version>.<Kind> or io.k8s.apimachinery.pkg.apis.<group>.<version>.<Kind>
  const kind = segments[segments.length - 1] ?? "";
  const version = segments[segments.length - 2] ?? "";
  const group = segments[segments.length - 3] ?? "";
  return capitalize(group) + capitalize(version) + capitalize(kind);
}

function groupSchemaName(name: string): string {
  return name
    .replace(/^\./, "")
    .split(".")
    .map((segment) => capitalize(segment.replace(/[^A-Za-z0-9]/g, "")))
    .join("");
}

/**
 * Maps every schema name of one document to a unique exported TypeScript name. Deterministic: the same names
 * always give the same result, whatever their order.
 */
export function toExportNames(schemaNames: readonly string[]): Map<string, string> {
  const proposals = new Map<string, string>();
  for (const name of schemaNames) {
    proposals.set(name, isCoreSchemaName(name) ? shortCoreName(name.split(".")) : groupSchemaName(name));
  }
  const counts = new Map<string, number>();
  for (const proposal of proposals.values()) counts.set(proposal, (counts.get(proposal) ?? 0) + 1);
  const result = new Map<string, string>();
  for (const name of [...schemaNames].sort()) {
    let exported = proposals.get(name) ?? name;
    if ((counts.get(exported) ?? 0) > 1) {
      exported = isCoreSchemaName(name) ? longCoreName(name.split(".")) : groupSchemaName(name);
    }
    if ([...result.values()].includes(exported)) {
      throw new Error(`codegen: schema ${name} would be exported as ${exported}, which another schema already uses`);
    }
    result.set(name, exported);
  }
  return result;
}
