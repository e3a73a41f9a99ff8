import { describe, expect, test } from "vitest";
import { experimentResource, trainingRuntimeResource, clusterTrainingRuntimeResource } from "../../src/index.ts";
import { ResourceClient } from "../../src/resource/resource-client.ts";
import { fakeTransport } from "./fake-transport.ts";

describe("ResourceClient requests", () => {
  test("get uses the client's namespace unless the call names one", async () => {
    const transport = fakeTransport({ request: () => ({}) });
    const experiments = new ResourceClient(transport, experimentResource);
    await experiments.get("a");
    await experiments.get("b", { namespace: "team-b" });
    expect(transport.calls.map((c) => c.request.path)).toEqual([
      "/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/a",
      "/apis/kubeflow.org/v1beta1/namespaces/team-b/experiments/b",
    ]);
  });

  test("cluster-scoped kinds have no namespace in their path", async () => {
    const transport = fakeTransport({ request: () => ({ items: [] }) });
    await new ResourceClient(transport, clusterTrainingRuntimeResource).list({ namespace: "ignored" });
    expect(transport.calls[0]?.request.path).toBe("/apis/trainer.kubeflow.org/v1alpha1/clustertrainingruntimes");
  });

  test("list follows continue tokens and returns every item with the last resourceVersion", async () => {
    const pages: Record<string, object> = {
      "": { metadata: { continue: "p2", resourceVersion: "10" }, items: [{ metadata: { name: "a" } }] },
      p2: { metadata: { continue: "p3", resourceVersion: "10" }, items: [{ metadata: { name: "b" } }] },
      p3: { metadata: { resourceVersion: "11" }, items: [{ metadata: { name: "c" } }] },
    };
    const transport = fakeTransport({ request: (r) => pages[String(r.query?.continue ?? "")] });
    const result = await new ResourceClient(transport, trainingRuntimeResource).list({ labelSelector: "team=a", limit: 1 });
    expect(result.items.map((i) => i.metadata?.name)).toEqual(["a", "b", "c"]);
    expect(result.resourceVersion).toBe("11");
    expect(transport.calls.map((c) => c.request.query)).toEqual([
      { labelSelector: "team=a", fieldSelector: undefined, limit: 1, continue: undefined },
      { labelSelector: "team=a", fieldSelector: undefined, limit: 1, continue: "p2" },
      { labelSelector: "team=a", fieldSelector: undefined, limit: 1, continue: "p3" },
    ]);
  });

  test("allNamespaces lists across namespaces", async () => {
    const transport = fakeTransport({ request: () => ({ items: [] }) });
    await new ResourceClient(transport, experimentResource).list({ allNamespaces: true });
    expect(transport.calls[0]?.request.path).toBe("/apis/kubeflow.org/v1beta1/experiments");
  });

  test("create fills apiVersion and kind, takes the object's namespace, and passes dryRun and field validation", async () => {
    const transport = fakeTransport({ request: (r) => r.body });
    const created = await new ResourceClient(transport, experimentResource).create(
      { metadata: { name: "x", namespace: "team-c" }, spec: { maxTrialCount: 1 } },
      { dryRun: true, fieldValidation: "Strict", fieldManager: "me" },
    );
    expect(created).toMatchObject({ apiVersion: "kubeflow.org/v1beta1", kind: "Experiment" });
    expect(transport.calls[0]?.request).toMatchObject({
      method: "POST",
      path: "/apis/kubeflow.org/v1beta1/namespaces/team-c/experiments",
      query: { dryRun: "All", fieldValidation: "Strict", fieldManager: "me" },
    });
  });

  test("create without a name or generateName is refused before anything is sent", async () => {
    const transport = fakeTransport({});
    await expect(new ResourceClient(transport, experimentResource).create({ spec: {} })).rejects.toThrow(/metadata.name or metadata.generateName/);
    expect(transport.calls).toHaveLength(0);
  });

  test.each([
    ["merge", "application/merge-patch+json"],
    ["json", "application/json-patch+json"],
    ["apply", "application/apply-patch+yaml"],
  ] as const)("a %s patch sets %s", async (type, contentType) => {
    const transport = fakeTransport({ request: () => ({}) });
    await new ResourceClient(transport, experimentResource).patch("x", {}, { type, fieldManager: "kfts", force: true });
    expect(transport.calls[0]?.request).toMatchObject({ method: "PATCH", contentType, query: { fieldManager: "kfts", force: type === "apply" ? true : undefined } });
  });

  test("server-side apply without a field manager is refused", async () => {
    const transport = fakeTransport({});
    await expect(new ResourceClient(transport, experimentResource).patch("x", {}, { type: "apply" })).rejects.toThrow(/fieldManager/);
  });

  test("status calls go to the status subresource; kinds without one refuse them", async () => {
    const transport = fakeTransport({ request: () => ({}) });
    await new ResourceClient(transport, experimentResource).patchStatus("x", { status: {} });
    expect(transport.calls[0]?.request.path).toBe("/apis/kubeflow.org/v1beta1/namespaces/team-a/experiments/x/status");
    await expect(new ResourceClient(transport, trainingRuntimeResource).getStatus("x")).rejects.toThrow(/no status subresource/);
  });

  test("delete sends preconditions as DeleteOptions and the propagation policy as a query", async () => {
    const transport = fakeTransport({ request: () => ({ kind: "Status" }) });
    await new ResourceClient(transport, experimentResource).delete("x", { propagationPolicy: "Foreground", preconditions: { resourceVersion: "7" } });
    expect(transport.calls[0]?.request).toMatchObject({
      method: "DELETE",
      query: { propagationPolicy: "Foreground" },
      body: { kind: "DeleteOptions", preconditions: { resourceVersion: "7" } },
    });
  });
});
