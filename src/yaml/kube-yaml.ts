/**
 * kubectl's YAML dialect, in one place for manifests, kubeconfig files and `-f` input: the YAML 1.2 core schema's
 * numbers and nulls, YAML 1.1 booleans (`yes`, `on`, `y`…, which go-yaml v2 — and so kubectl — reads as booleans)
 * and `<<` merge keys. Reading is bounded: aliases per document and nesting depth are limited, so a "billion
 * laughs" document or a deeply nested one is an error rather than a hang.
 */
import { boolYaml11Tag, constructFromEvents, CORE_SCHEMA, EVENT_ALIAS, mergeTag, parseEvents, type Schema, YAMLException } from "js-yaml";
import { expandedAliasCount } from "./alias-expansion.ts";

/** The tags kubectl resolves plain scalars with. */
export const KUBE_YAML_SCHEMA: Schema = CORE_SCHEMA.withTags(boolYaml11Tag, mergeTag);

/** Aliases per document, counted expanded (see alias-expansion.ts): ordinary anchors are fine, a "billion laughs" is stopped. */
export const MAX_ALIASES = 100;

/** Collections nested deeper than this are refused (no manifest comes close; the JSON reader uses the same bound). */
export const MAX_DEPTH = 1000;

/** A YAML problem's one-line reason and 0-based offset, without the source excerpt (which could show a secret). */
export interface YamlProblem {
  reason: string;
  offset?: number;
}

/** What a js-yaml failure says, in one line; stack exhaustion on hostile input included. */
export function toYamlProblem(cause: unknown): YamlProblem {
  if (cause instanceof YAMLException) {
    const offset = cause.mark?.position;
    return offset === undefined ? { reason: cause.reason } : { reason: cause.reason, offset };
  }
  if (cause instanceof RangeError) return { reason: "nesting is too deep to parse" };
  return { reason: cause instanceof Error ? cause.message : String(cause) };
}

/**
 * Every document of a YAML text, read in kubectl's dialect with the bounds above. `json: true` lets a repeated key
 * replace the earlier one instead of being an error. Throws js-yaml's YAMLException (see {@link toYamlProblem}).
 */
export function loadDocuments(text: string, options: { json?: boolean } = {}): unknown[] {
  const events = parseEvents(text, { maxDepth: MAX_DEPTH });
  if (events.some((event) => event.type === EVENT_ALIAS) && expandedAliasCount(events, -1, events.length, text) > MAX_ALIASES) {
    throw new YAMLException(`aliases expand more than ${MAX_ALIASES} times`);
  }
  return constructFromEvents(events, { source: text, schema: KUBE_YAML_SCHEMA, json: options.json ?? false, maxAliases: MAX_ALIASES });
}
