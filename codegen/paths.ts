/**
 * Synthesised OpenAPI paths for custom resources. The upstream documents have no paths (CRDs are served by the
 * apiserver's generic handlers), so the codegen writes the ones the apiserver serves, Kubernetes-style, letting
 * openapi-fetch type every request: collection (list, create, deletecollection), item (get, replace, patch,
 * delete) and the status subresource.
 */
import type { JsonSchema, ResourceMetadata } from "./crd.ts";

/** A resource plus the component schemas of its kind and list kind. */
export interface ResourceSchemas extends ResourceMetadata {
  schema: string;
  listSchema: string;
}

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";

function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

function query(name: string, type: "string" | "integer" | "boolean", description: string): JsonSchema {
  return { name, in: "query", required: false, description, schema: { type } };
}

function pathParam(name: string): JsonSchema {
  return { name, in: "path", required: true, schema: { type: "string" } };
}

const LIST_QUERY = [
  query("labelSelector", "string", "Restricts the list by label selector."),
  query("fieldSelector", "string", "Restricts the list by field selector."),
  query("limit", "integer", "Maximum number of items in one page."),
  query("continue", "string", "Continue token from the previous page."),
  query("resourceVersion", "string", "Resource version to list or watch from."),
  query("resourceVersionMatch", "string", "How resourceVersion applies: Exact or NotOlderThan."),
  query("watch", "boolean", "Watch for changes instead of listing."),
  query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events while watching."),
  query("sendInitialEvents", "boolean", "Send the current state as ADDED events first."),
  query("timeoutSeconds", "integer", "Server-side timeout of a list or watch call."),
];
const WRITE_QUERY = [
  query("dryRun", "string", "`All` to validate and default without persisting."),
  query("fieldManager", "string", "Name of the actor making the change."),
  query("fieldValidation", "string", "Strict, Warn or Ignore for unknown or duplicate fields."),
];
const PATCH_QUERY = [...WRITE_QUERY, query("force", "boolean", "Apply patches only: take over conflicting fields.")];
const DELETE_QUERY = [
  query("dryRun", "string", "`All` to validate without deleting."),
  query("gracePeriodSeconds", "integer", "Seconds before the object is deleted."),
  query("propagationPolicy", "string", "Orphan, Background or Foreground."),
];

function json(schema: JsonSchema): JsonSchema {
  return { content: { "application/json": { schema } } };
}

function responses(ok: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema {
  return { "200": { description: "OK", ...json(ok) }, ...extra, default: { description: "Error", ...json(ref(`${META}.Status`)) } };
}

function patchBody(): JsonSchema {
  const object = { type: "object", additionalProperties: true };
  return {
    required: true,
    content: {
      "application/merge-patch+json": { schema: object },
      "application/strategic-merge-patch+json": { schema: object },
      "application/apply-patch+yaml": { schema: object },
      "application/json-patch+json": { schema: { type: "array", items: object } },
    },
  };
}

function operations(resource: ResourceSchemas, statusOnly: boolean): { item: JsonSchema; collection?: JsonSchema } {
  const object = ref(resource.schema);
  const suffix = `${resource.namespaced ? "Namespaced" : ""}${resource.kind}${statusOnly ? "Status" : ""}`;
  const item: JsonSchema = {
    get: { operationId: `read${suffix}`, responses: responses(object) },
    put: { operationId: `replace${suffix}`, parameters: WRITE_QUERY, requestBody: { required: true, ...json(object) }, responses: responses(object, { "201": { description: "Created", ...json(object) } }) },
    patch: { operationId: `patch${suffix}`, parameters: PATCH_QUERY, requestBody: patchBody(), responses: responses(object, { "201": { description: "Created", ...json(object) } }) },
  };
  if (statusOnly) return { item };
  item.delete = {
    operationId: `delete${suffix}`,
    parameters: DELETE_QUERY,
    requestBody: { required: false, ...json(ref(`${META}.DeleteOptions`)) },
    responses: responses(ref(`${META}.Status`), { "202": { description: "Accepted", ...json(object) } }),
  };
  const collection: JsonSchema = {
    get: { operationId: `list${suffix}`, parameters: LIST_QUERY, responses: responses(ref(resource.listSchema)) },
    post: {
      operationId: `create${suffix}`,
      parameters: WRITE_QUERY,
      requestBody: { required: true, ...json(object) },
      responses: responses(object, { "201": { description: "Created", ...json(object) }, "202": { description: "Accepted", ...json(object) } }),
    },
    delete: { operationId: `deletecollection${suffix}`, parameters: [...LIST_QUERY, ...DELETE_QUERY], responses: responses(ref(`${META}.Status`)) },
  };
  return { item, collection };
}

/** The apiserver's REST paths for the given resources, as an OpenAPI `paths` object. */
export function synthesizePaths(resources: readonly ResourceSchemas[]): Record<string, JsonSchema> {
  const paths: Record<string, JsonSchema> = {};
  for (const resource of resources) {
    const base = `/apis/${resource.group}/${resource.version}`;
    const scope = resource.namespaced ? `${base}/namespaces/{namespace}` : base;
    const scopeParams = resource.namespaced ? [pathParam("namespace")] : [];
    const { item, collection } = operations(resource, false);
    paths[`${scope}/${resource.plural}`] = { parameters: scopeParams, ...collection };
    paths[`${scope}/${resource.plural}/{name}`] = { parameters: [...scopeParams, pathParam("name")], ...item };
    if (resource.namespaced) {
      // Listing across all namespaces.
      paths[`${base}/${resource.plural}`] = { get: { operationId: `list${resource.kind}ForAllNamespaces`, parameters: LIST_QUERY, responses: responses(ref(resource.listSchema)) } };
    }
    if (resource.subresources.includes("status")) {
      paths[`${scope}/${resource.plural}/{name}/status`] = { parameters: [...scopeParams, pathParam("name")], ...operations(resource, true).item };
    }
  }
  return paths;
}
