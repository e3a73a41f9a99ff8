/**
 * Findings are issues before they are placed in a source: the field is a list of segments, turned into a Kubernetes
 * field path for the issue and into a line and column through the document's positions.
 */
import type { Severity } from "./types.ts";

/** A step into an object (property name) or an array (index). */
export type Segment = string | number;

/** An issue whose field is still a list of segments. */
export interface Finding {
  severity: Severity;
  rule: string;
  message: string;
  at: readonly Segment[];
  /** Point at the field's key rather than its value (unknown and duplicate fields). */
  key?: boolean;
  /** Where it is, when known without a path (parser errors carry their offsets). */
  position?: { line: number; column: number };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `["spec", "containers", 0, "name"]` → `spec.containers[0].name`; other keys in brackets: `metadata.labels[app.kubernetes.io/name]`. */
export function toFieldPath(segments: readonly Segment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${segment}]`;
  }
  return path;
}

/** RFC 6901 JSON pointer (ajv's instancePath) → segments; numeric steps stay strings (object keys can be numeric). */
export function fromJsonPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** Segments whose numeric strings index into arrays of the value, so that paths print `[0]` for items. */
export function toSegments(value: unknown, steps: readonly string[]): Segment[] {
  const segments: Segment[] = [];
  let current = value;
  for (const step of steps) {
    if (Array.isArray(current) && /^\d+$/.test(step)) {
      segments.push(Number(step));
      current = current[Number(step)];
    } else {
      segments.push(step);
      current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[step] : undefined;
    }
  }
  return segments;
}

/** A short JSON rendering of a value for messages (long values are cut). */
export function describeValue(value: unknown, limit = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Shorthand for an error finding. */
export function error(rule: string, at: readonly Segment[], message: string, key?: boolean): Finding {
  return key ? { severity: "error", rule, message, at, key } : { severity: "error", rule, message, at };
}

/** Shorthand for a warning finding. */
export function warning(rule: string, at: readonly Segment[], message: string, key?: boolean): Finding {
  return key ? { severity: "warning", rule, message, at, key } : { severity: "warning", rule, message, at };
}
