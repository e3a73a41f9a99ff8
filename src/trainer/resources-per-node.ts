/**
 * A trainer's `resourcesPerNode` map as the Python SDK turns it into the node's ResourceRequirements
 * (`get_resources_per_node`): standard names lower-cased, `gpu` meaning `nvidia.com/gpu`, `storage` meaning
 * `ephemeral-storage`, `mig-<profile>` meaning `nvidia.com/mig-<profile>`; the same map as requests and limits.
 */
import type { V1ResourceRequirements } from "../../generated/trainer/v1alpha1/core.ts";

/** Resources per node: `{ cpu: 4, memory: "16Gi", gpu: 1 }`, `{ "mig-1g.5gb": 1 }`, or any extended resource name. */
export type ResourcesPerNode = Readonly<Record<string, string | number>>;

const STANDARD = new Set(["cpu", "memory", "gpu", "storage", "ephemeral-storage"]);
const ALIASES: Readonly<Record<string, string>> = { gpu: "nvidia.com/gpu", storage: "ephemeral-storage" };
const MIG_PREFIX = "nvidia.com/mig-";

/**
 * The node's requests and limits. A whole number stays a number, as the Python SDK sends it; a fractional one is
 * written as a string (`0.5` → "0.5"), which the API server accepts where it refuses a fractional JSON number.
 * Throws a RangeError, naming `field`, for two MIG profiles, a MIG profile beside `gpu`, a negative or non-finite
 * number, or an empty quantity.
 */
export function toResourceRequirements(resources: ResourcesPerNode, field: string): V1ResourceRequirements {
  const quantities: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(resources)) {
    const lower = name.toLowerCase();
    let key = STANDARD.has(lower) || lower.startsWith("mig-") ? lower : name;
    key = ALIASES[key] ?? key;
    if (key.startsWith("mig-")) key = `${MIG_PREFIX}${key.slice("mig-".length)}`;
    quantities[key] = toQuantity(value, `${field}.${name}`);
  }
  const mig = Object.keys(quantities).filter((key) => key.startsWith(MIG_PREFIX));
  if (mig.length > 1) throw new RangeError(`${field}: several MIG profiles (${mig.join(", ")}): a node takes one MIG resource type`);
  if (mig.length === 1 && "nvidia.com/gpu" in quantities) throw new RangeError(`${field}: gpu (nvidia.com/gpu) and ${mig[0]} cannot be requested together`);
  return { requests: { ...quantities }, limits: { ...quantities } };
}

function toQuantity(value: string | number, field: string): string | number {
  if (typeof value === "string") {
    if (value.trim() === "") throw new RangeError(`${field} is empty: give a quantity such as "4", "500m" or "16Gi"`);
    return value;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`${field} is ${String(value)}: give a non-negative quantity`);
  return Number.isInteger(value) ? value : String(value);
}
