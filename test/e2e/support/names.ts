/**
 * Unique object names, so reruns against a reused (long-lived) cluster never collide with earlier runs.
 */
import { randomBytes } from "node:crypto";

/** `<prefix>-<time36><random>`: a valid DNS-1123 label (lower case, ≤ 63 characters) for short prefixes. */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  return `${prefix.slice(0, 63 - suffix.length - 1)}-${suffix}`;
}
