/**
 * Seeded mutants of valid manifests, for the differential test against the apiserver and for the benchmark: type
 * flips, missing fields, bad enum values, unknown fields, CEL violations, duplicate list-map keys, bad quantities,
 * nulls, metadata mistakes. The generator does not decide validity — the server does; it only produces variety.
 */

/** A JSON object. */
export type Manifest = Record<string, unknown>;

/** One mutant. */
export interface Mutant {
  /** Stable within a seed: `<category>#<n>`. */
  id: string;
  category: MutationCategory;
  /** What was changed, for reports. */
  description: string;
  object: Manifest;
}

/** The kinds of mutation, in the order they are drawn. */
export const MUTATION_CATEGORIES = [
  "type-flip",
  "missing-field",
  "bad-enum",
  "unknown-field",
  "cel-violation",
  "duplicate-key",
  "bad-quantity",
  "null-value",
  "metadata",
  "number-range",
] as const;

export type MutationCategory = (typeof MUTATION_CATEGORIES)[number];

type Path = Array<string | number>;
type Random = () => number;

/** mulberry32: small, seedable, good enough to spread mutations. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every path in a value (its root excluded), with the value found there. */
function paths(value: unknown, at: Path = []): Array<{ path: Path; value: unknown }> {
  const found: Array<{ path: Path; value: unknown }> = [];
  const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : isRecord(value) ? Object.entries(value) : [];
  for (const [key, child] of children) {
    const path = [...at, key];
    found.push({ path, value: child }, ...paths(child, path));
  }
  return found;
}

function parentOf(root: Manifest, path: Path): Record<string | number, unknown> | undefined {
  let current: unknown = root;
  for (const key of path.slice(0, -1)) current = (current as Record<string | number, unknown>)[key];
  return current as Record<string | number, unknown> | undefined;
}

function setAt(root: Manifest, path: Path, value: unknown): void {
  const parent = parentOf(root, path);
  if (parent) parent[path.at(-1) as string | number] = value;
}

function deleteAt(root: Manifest, path: Path): void {
  const parent = parentOf(root, path);
  const key = path.at(-1) as string | number;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else if (parent) delete parent[key];
}

const show = (path: Path): string => path.map(String).join(".");

/** Candidate paths below spec (metadata, apiVersion and kind are left to the metadata mutations). */
function specPaths(object: Manifest): Array<{ path: Path; value: unknown }> {
  return paths(object).filter(({ path }) => path[0] === "spec" && path.length > 1);
}

type Mutation = (object: Manifest, random: Random) => string | undefined;

const typeFlip: Mutation = (object, random) => {
  const target = pick(random, specPaths(object));
  if (!target) return undefined;
  const { path, value } = target;
  const flipped = typeof value === "string" ? 42 : typeof value === "number" ? "forty-two" : typeof value === "boolean" ? "true" : Array.isArray(value) ? { item: 1 } : "an-object";
  setAt(object, path, flipped);
  return `${show(path)}: ${JSON.stringify(value)?.slice(0, 30)} -> ${JSON.stringify(flipped)}`;
};

const missingField: Mutation = (object, random) => {
  const target = pick(random, specPaths(object).filter(({ path }) => typeof path.at(-1) === "string"));
  if (!target) return undefined;
  deleteAt(object, target.path);
  return `removed ${show(target.path)}`;
};

const badEnum: Mutation = (object, random) => {
  const target = pick(random, specPaths(object).filter(({ value, path }) => typeof value === "string" && typeof path.at(-1) === "string"));
  if (!target) return undefined;
  setAt(object, target.path, "NotAValidValue");
  return `${show(target.path)} = "NotAValidValue"`;
};

const unknownField: Mutation = (object, random) => {
  const objects = [{ path: [] as Path, value: object as unknown }, ...paths(object)].filter(({ value, path }) => isRecord(value) && path[0] !== "status");
  const target = pick(random, objects);
  if (!target) return undefined;
  (target.value as Record<string, unknown>).kftsUnknownField = "x";
  return `added ${show([...target.path, "kftsUnknownField"])}`;
};

const duplicateKey: Mutation = (object, random) => {
  const lists = paths(object).filter(({ value }) => Array.isArray(value) && value.length > 0 && isRecord(value[0]) && typeof (value[0] as Record<string, unknown>).name === "string");
  const target = pick(random, lists);
  if (!target) return undefined;
  const list = target.value as unknown[];
  list.push(structuredClone(list[0]));
  return `duplicated ${show([...target.path, 0])} (name ${JSON.stringify((list[0] as Record<string, unknown>).name)})`;
};

const BAD_QUANTITIES: readonly unknown[] = ["1.5.5", "abc", "2 Gi", "1Gb", 1.5, "-", true];

const badQuantity: Mutation = (object, random) => {
  const resources = paths(object).filter(({ path, value }) => path.at(-1) === "resources" && isRecord(value));
  const containers = paths(object).filter(({ path, value }) => (path.at(-2) === "containers" || path.at(-1) === "trainer") && isRecord(value));
  const quantity = pick(random, BAD_QUANTITIES);
  const existing = pick(random, resources);
  if (existing) {
    (existing.value as Record<string, unknown>).limits = { cpu: quantity };
    return `${show([...existing.path, "limits", "cpu"])} = ${JSON.stringify(quantity)}`;
  }
  const host = pick(random, containers);
  if (!host) return undefined;
  (host.value as Record<string, unknown>).resources = { requests: { memory: quantity } };
  return `${show([...host.path, "resources", "requests", "memory"])} = ${JSON.stringify(quantity)}`;
};

const nullValue: Mutation = (object, random) => {
  const target = pick(random, specPaths(object).filter(({ path }) => typeof path.at(-1) === "string"));
  if (!target) return undefined;
  setAt(object, target.path, null);
  return `${show(target.path)} = null`;
};

const numberRange: Mutation = (object, random) => {
  const numbers = specPaths(object).filter(({ value }) => typeof value === "number");
  const target = pick(random, numbers);
  if (!target) return undefined;
  const value = pick(random, [-1, 0, 2.5, 2 ** 31, 1e20]);
  setAt(object, target.path, value);
  return `${show(target.path)} = ${value}`;
};

const METADATA_MUTATIONS: ReadonlyArray<[string, (meta: Record<string, unknown>) => void]> = [
  ["uppercase name", (meta) => void (meta.name = "Bad_Name")],
  ["name over 63 characters", (meta) => void (meta.name = `n${"x".repeat(70)}`)],
  ["no name", (meta) => void delete meta.name],
  ["generateName only", (meta) => { meta.generateName = `${String(meta.name)}-`; delete meta.name; }],
  ["bad label key", (meta) => void (meta.labels = { "bad key!": "v" })],
  ["label value over 63", (meta) => void (meta.labels = { app: "v".repeat(64) })],
  ["bad annotation key", (meta) => void (meta.annotations = { "/x": "v" })],
  ["labels not a map", (meta) => void (meta.labels = ["a"])],
  ["unknown metadata field", (meta) => void (meta.kftsUnknown = 1)],
];

const metadata: Mutation = (object, random) => {
  const meta = isRecord(object.metadata) ? object.metadata : (object.metadata = {});
  const choice = pick(random, METADATA_MUTATIONS);
  if (!choice) return undefined;
  choice[1](meta as Record<string, unknown>);
  return `metadata: ${choice[0]}`;
};

/** CEL rules of the Trainer CRDs, each broken on purpose (applies when the kind has the rule). */
const CEL_MUTATIONS: ReadonlyArray<[string, string, (spec: Record<string, unknown>) => void]> = [
  ["TrainJob", "managedBy not allowed", (spec) => void (spec.managedBy = "example.com/other")],
  ["TrainJob", "storageUri without scheme", (spec) => void (spec.initializer = { dataset: { storageUri: "no-scheme" } })],
  ["TrainJob", "valid storageUri", (spec) => void (spec.initializer = { model: { storageUri: "hf://org/model" } })],
  ["TrainingRuntime", "two ML policies", (spec) => void (spec.mlPolicy = { ...(isRecord(spec.mlPolicy) ? spec.mlPolicy : {}), torch: {}, mpi: {} })],
  ["TrainingRuntime", "flux numProcPerNode 0", (spec) => void (spec.mlPolicy = { flux: { numProcPerNode: 0 } })],
  ["TrainingRuntime", "envInjection into node", (spec) => void (spec.mlPolicy = { torch: { envInjection: { targets: [{ jobName: "node", containerNames: ["node"] }] } } })],
];

const celViolation: Mutation = (object, random) => {
  const kind = String(object.kind).replace(/^Cluster/, "");
  const candidates = CEL_MUTATIONS.filter(([target]) => target === kind);
  const choice = pick(random, candidates);
  if (!choice || !isRecord(object.spec)) return undefined;
  choice[2](object.spec);
  return `CEL: ${choice[1]}`;
};

const MUTATIONS: Readonly<Record<MutationCategory, Mutation>> = {
  "type-flip": typeFlip,
  "missing-field": missingField,
  "bad-enum": badEnum,
  "unknown-field": unknownField,
  "cel-violation": celViolation,
  "duplicate-key": duplicateKey,
  "bad-quantity": badQuantity,
  "null-value": nullValue,
  metadata,
  "number-range": numberRange,
};

/**
 * `count` mutants of a manifest, cycling through the categories (a category that does not apply is skipped for the
 * next). Deterministic for a seed; the manifest is not modified.
 */
export function generateMutants(manifest: Manifest, count: number, seed: number): Mutant[] {
  const random = createRandom(seed);
  const mutants: Mutant[] = [];
  let attempts = 0;
  while (mutants.length < count && attempts < count * 20) {
    const category = MUTATION_CATEGORIES[attempts % MUTATION_CATEGORIES.length] as MutationCategory;
    attempts++;
    const object = structuredClone(manifest);
    const description = MUTATIONS[category](object, random);
    if (description !== undefined) mutants.push({ id: `${category}#${mutants.length}`, category, description, object });
  }
  return mutants;
}
