/**
 * The JSONPath subset CRD printer columns use: `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[-1:]`, `[1:3]`, `[*]`,
 * optionally wrapped in `{…}` as kubectl writes it. Enough for every column of the Katib and Trainer CRDs, without
 * a JSONPath engine.
 */

/** One step of a path. */
export type JsonPathStep =
  | { kind: "field"; name: string }
  | { kind: "index"; index: number }
  | { kind: "slice"; start: number | undefined; end: number | undefined }
  | { kind: "wildcard" };

const STEP = /\.([A-Za-z0-9_$-]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(-?\d+)\s*\]|\[\s*(-?\d*)\s*:\s*(-?\d*)\s*\]|\[\s*\*\s*\]|\.\*/y;

/** Parses a path; throws a TypeError naming the path when it uses anything outside the subset. Pure. */
export function parseJsonPath(path: string): JsonPathStep[] {
  const text = path.trim().replace(/^\{(.*)\}$/s, "$1").trim();
  const steps: JsonPathStep[] = [];
  STEP.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    STEP.lastIndex = at;
    const match = STEP.exec(text);
    if (match === null) throw new TypeError(`unsupported JSONPath "${path}" at position ${at}`);
    steps.push(toStep(match));
    at = STEP.lastIndex;
  }
  return steps;
}

function toStep(match: RegExpExecArray): JsonPathStep {
  const [, field, single, double, index, start, end] = match;
  const name = field ?? single ?? double;
  if (name !== undefined) return { kind: "field", name };
  if (index !== undefined) return { kind: "index", index: Number(index) };
  if (start !== undefined || end !== undefined) {
    return { kind: "slice", start: start ? Number(start) : undefined, end: end ? Number(end) : undefined };
  }
  return { kind: "wildcard" };
}

/** Every value the path selects in `value` (none when a step finds nothing). Pure. */
export function evaluateJsonPath(value: unknown, steps: readonly JsonPathStep[]): unknown[] {
  let current: unknown[] = [value];
  for (const step of steps) current = current.flatMap((item) => applyStep(item, step));
  return current;
}

function applyStep(item: unknown, step: JsonPathStep): unknown[] {
  if (step.kind === "field") {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return [];
    const next = (item as Record<string, unknown>)[step.name];
    return next === undefined ? [] : [next];
  }
  if (step.kind === "wildcard") {
    if (Array.isArray(item)) return item;
    return item !== null && typeof item === "object" ? Object.values(item) : [];
  }
  if (!Array.isArray(item)) return [];
  if (step.kind === "index") {
    const element: unknown = item.at(step.index);
    return element === undefined ? [] : [element];
  }
  return item.slice(step.start ?? 0, step.end ?? item.length);
}
