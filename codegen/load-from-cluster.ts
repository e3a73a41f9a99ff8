/**
 * Codegen inputs from a live cluster: the CustomResourceDefinitions of the chosen API groups (apiextensions) for
 * resource metadata, and the apiserver's OpenAPI v3 document of each group/version (`/openapi/v3/apis/<g>/<v>`)
 * for the types — so users can generate for whatever their cluster runs.
 */
import type { Transport } from "../src/transport/transport.ts";
import { type ApiInput, apiInputFromOpenApi } from "./api-input.ts";
import { crdSchemaName, type CustomResourceDefinition } from "./crd.ts";
import type { OpenApiDocument } from "./overlay.ts";

/** The API groups generated when none are named. */
export const DEFAULT_CLUSTER_GROUPS = ["kubeflow.org", "trainer.kubeflow.org"] as const;

/** The apiserver names CRD schemas by reversed group (`org.kubeflow.trainer.v1alpha1.TrainJob`). */
function clusterSchemaName(group: string, version: string, kind: string): string {
  return `${group.split(".").reverse().join(".")}.${version}.${kind}`;
}

/**
 * Renames the CRD kinds' schemas to the codegen's `<first label>.<version>.<Kind>` (as for CRD files), updating
 * every reference, so a cluster and a CRD file generate the same names.
 */
export function renameClusterSchemas(doc: OpenApiDocument, crds: readonly CustomResourceDefinition[], version: string): OpenApiDocument {
  let text = JSON.stringify(doc);
  for (const crd of crds) {
    for (const kind of [crd.spec.names.kind, crd.spec.names.listKind ?? `${crd.spec.names.kind}List`]) {
      const from = clusterSchemaName(crd.spec.group, version, kind);
      const to = crdSchemaName(crd.spec.group, version, kind);
      text = text.split(`"#/components/schemas/${from}"`).join(`"#/components/schemas/${to}"`);
      const parsed = JSON.parse(text) as OpenApiDocument;
      const schema = parsed.components.schemas[from];
      if (schema) {
        delete parsed.components.schemas[from];
        parsed.components.schemas[to] = schema;
      }
      text = JSON.stringify(parsed);
    }
  }
  return JSON.parse(text) as OpenApiDocument;
}

/** Reads the CRDs and OpenAPI documents of the given groups from the cluster behind `transport`. */
export async function loadClusterInputs(transport: Transport, groups: readonly string[] = DEFAULT_CLUSTER_GROUPS, signal?: AbortSignal): Promise<ApiInput[]> {
  const list = await transport.request<{ items: CustomResourceDefinition[] }>({ method: "GET", path: "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", ...(signal ? { signal } : {}) });
  const crds = list.body.items.filter((crd) => groups.includes(crd.spec.group)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const groupVersions = [...new Set(crds.flatMap((crd) => crd.spec.versions.filter((v) => v.served).map((v) => `${crd.spec.group}/${v.name}`)))].sort();
  const inputs: ApiInput[] = [];
  for (const groupVersion of groupVersions) {
    const [group, version] = groupVersion.split("/") as [string, string];
    const response = await transport.request<OpenApiDocument>({ method: "GET", path: `/openapi/v3/apis/${group}/${version}`, ...(signal ? { signal } : {}) });
    const ofGroup = crds.filter((crd) => crd.spec.group === group);
    const document = renameClusterSchemas({ openapi: response.body.openapi, components: response.body.components }, ofGroup, version);
    inputs.push(apiInputFromOpenApi(group, group, version, document, ofGroup, `cluster ${transport.server} (${groupVersion})`));
  }
  return inputs;
}
