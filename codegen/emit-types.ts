/**
 * Emits TypeScript for one API group/version with openapi-typescript: the `paths`/`components` interfaces
 * (openapi.ts) and named aliases for every schema (types.ts for the group's own schemas, core.ts for `io.k8s.*`).
 */
import type { OpenAPI3 } from "openapi-typescript";
import type * as TypeScript from "typescript";
import type { OpenApiDocument } from "./overlay.ts";
import { createKubernetesTransform, type TransformDeps } from "./k8s-transform.ts";
import { isCoreSchemaName } from "./naming.ts";
import { shareCoreTypes, type SharedSchemas } from "./share-core-types.ts";

/** The openapi-typescript, typescript and ajv-based emitters (optional peers of the package, loaded by the caller). */
export interface EmitDeps extends TransformDeps {
  openapiTS: (schema: OpenAPI3, options: object) => Promise<unknown[]>;
  astToString: (nodes: unknown[]) => string;
  emitValidators: typeof import("./validators/emit-validators.ts").emitValidators;
}

/** Runs openapi-typescript with the Kubernetes settings: defaults do not make fields required, bare objects are open. */
export async function emitOpenApiTypes(doc: OpenApiDocument, deps: EmitDeps, shared?: SharedSchemas): Promise<string> {
  const nodes = await deps.openapiTS(doc as unknown as OpenAPI3, {
    silent: true,
    defaultNonNullable: false,
    emptyObjectsUnknown: true,
    alphabetize: false,
    transform: createKubernetesTransform(deps),
  });
  return deps.astToString(shared ? shareCoreTypes(deps.ts, nodes as TypeScript.Node[], shared) : nodes);
}

/** What an alias's TSDoc says: the schema's own description, when it has one, and which schema of which source it is. */
export interface AliasDocs {
  /** The schemas' descriptions, by schema name. */
  descriptions: ReadonlyMap<string, string>;
  /** Where the schemas come from (`katib v0.19.0`). */
  source: string;
}

/** The first sentence of a description, on one line, safe inside a comment. Pure. */
function firstSentence(description: string): string {
  const line = description.replace(/\s+/g, " ").trim();
  const end = line.search(/\.(\s|$)/);
  const sentence = end === -1 ? `${line.replace(/[:;,]$/, "")}.` : line.slice(0, end + 1);
  return (sentence.length > 240 ? `${sentence.slice(0, 239)}…` : sentence).replaceAll("*/", "*\\/");
}

function aliasLines(names: Map<string, string>, include: (schema: string) => boolean, docs: AliasDocs, describe: boolean): string[] {
  return [...names]
    .filter(([schema]) => include(schema))
    .sort(([, a], [, b]) => a.localeCompare(b))
    .flatMap(([schema, exported]) => {
      const description = describe ? docs.descriptions.get(schema) : undefined;
      const origin = `Schema \`${schema}\` of ${docs.source}.`;
      return [`/** ${description ? `${firstSentence(description)} ${origin}` : origin} */`, `export type ${exported} = components["schemas"][${JSON.stringify(schema)}];`];
    });
}

/** types.ts: aliases for the group's own schemas (everything that is not `io.k8s.*`). */
export function emitGroupAliases(names: Map<string, string>, header: string, docs: AliasDocs): string {
  return [header, 'import type { components } from "./openapi.ts";', "", ...aliasLines(names, (s) => !isCoreSchemaName(s), docs, true), ""].join("\n");
}

/**
 * core.ts: aliases for the Kubernetes core schemas as this group's document pins them. Their TSDoc names the schema
 * only: the descriptions are Kubernetes' own, already on the schemas in openapi.ts, and repeating them on some 600
 * aliases would add 100 kB to the installed package.
 */
export function emitCoreAliases(names: Map<string, string>, header: string, docs: AliasDocs): string {
  return [header, 'import type { components } from "./openapi.ts";', "", ...aliasLines(names, isCoreSchemaName, docs, false), ""].join("\n");
}
