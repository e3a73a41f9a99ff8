/**
 * Emits resource descriptors as `const` data: group, version, kind, plural, list kind, scope, subresources and
 * printer columns, each tied at the type level to its object and list types. No registry, no import side effects.
 */
import type { ResourceSchemas } from "./paths.ts";

/** The const name of a kind's descriptor: `experimentResource`, `trainJobResource`. */
export function descriptorName(kind: string): string {
  return `${kind.charAt(0).toLowerCase()}${kind.slice(1)}Resource`;
}

/** resources.ts for one group/version. */
export function emitResources(product: string, resources: readonly ResourceSchemas[], names: Map<string, string>, header: string): string {
  const typeNames = resources.flatMap((r) => [names.get(r.schema), names.get(r.listSchema)]).filter(Boolean) as string[];
  const lines = [
    header,
    'import type { ResourceDescriptor } from "../../resource-descriptor.ts";',
    `import type { ${[...new Set(typeNames)].sort().join(", ")} } from "./types.ts";`,
    "",
  ];
  for (const resource of resources) {
    const { schema, listSchema, ...meta } = resource;
    const data = { apiVersion: `${meta.group}/${meta.version}`, ...meta };
    const name = descriptorName(resource.kind);
    lines.push(
      `const ${name}Data = ${JSON.stringify(data, null, 2)} as const;`,
      "",
      `/** ${resource.kind} (${data.apiVersion}, ${resource.namespaced ? "namespaced" : "cluster-scoped"}). */`,
      `export const ${name}: typeof ${name}Data & ResourceDescriptor<${names.get(schema)}, ${names.get(listSchema)}> = ${name}Data;`,
      "",
    );
  }
  lines.push(`/** Every resource of ${resources[0]?.group}/${resources[0]?.version}. */`);
  const listName = `${product.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}Resources`;
  lines.push(`export const ${listName} = [${resources.map((r) => descriptorName(r.kind)).join(", ")}] as const;`, "");
  return lines.join("\n");
}
