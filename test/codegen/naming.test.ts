import { describe, expect, test } from "vitest";
import { toExportNames } from "../../codegen/naming.ts";

describe("toExportNames", () => {
  test.each([
    ["v1beta1.Experiment", "V1beta1Experiment"],
    [".v1beta1.Trial", "V1beta1Trial"],
    ["trainer.v1alpha1.TrainJob", "TrainerV1alpha1TrainJob"],
    ["jobset.v1alpha2.JobSet", "JobsetV1alpha2JobSet"],
    ["io.k8s.api.core.v1.PodSpec", "V1PodSpec"],
    ["io.k8s.api.autoscaling.v2.MetricSpec", "V2MetricSpec"],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "V1ObjectMeta"],
    ["io.k8s.apimachinery.pkg.api.resource.Quantity", "Quantity"],
    ["io.k8s.apimachinery.pkg.util.intstr.IntOrString", "IntOrString"],
    ["io.k8s.apimachinery.pkg.runtime.RawExtension", "RuntimeRawExtension"],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.unstructured.Unstructured", "Unstructured"],
  ])("%s → %s", (schema, exported) => {
    expect(toExportNames([schema]).get(schema)).toBe(exported);
  });

  test("colliding core names take their group", () => {
    const names = toExportNames(["io.k8s.api.core.v1.List", "io.k8s.apimachinery.pkg.apis.meta.v1.List", "io.k8s.api.core.v1.Pod"]);
    expect(names.get("io.k8s.api.core.v1.List")).toBe("CoreV1List");
    expect(names.get("io.k8s.apimachinery.pkg.apis.meta.v1.List")).toBe("MetaV1List");
    expect(names.get("io.k8s.api.core.v1.Pod")).toBe("V1Pod");
  });
});
