/** The tune() trial template's container: resources and environment in the Python SDK's shapes. */
import { describe, expect, test } from "vitest";
import { toResourceRequirements, toTrialTemplate } from "../../src/katib/tune-trial-template.ts";

describe("toResourceRequirements", () => {
  test("a map is both requests and limits, values as given", () => {
    expect(toResourceRequirements({ cpu: 1, memory: "2Gi" })).toEqual({ requests: { cpu: 1, memory: "2Gi" }, limits: { cpu: 1, memory: "2Gi" } });
  });

  test("gpu means nvidia.com/gpu, and wins over an explicit one (upstream pops gpu and sets it last)", () => {
    expect(toResourceRequirements({ gpu: "2", "nvidia.com/gpu": "1" })).toEqual({ requests: { "nvidia.com/gpu": "2" }, limits: { "nvidia.com/gpu": "2" } });
  });

  test("names are lower-cased and other resources pass through, as the Python SDK does", () => {
    expect(toResourceRequirements({ CPU: "1", GPU: 1, "ephemeral-storage": "1Gi", memory: undefined } as never)).toEqual({
      requests: { cpu: "1", "nvidia.com/gpu": 1, "ephemeral-storage": "1Gi" },
      limits: { cpu: "1", "nvidia.com/gpu": 1, "ephemeral-storage": "1Gi" },
    });
  });

  test("an empty map gives empty requests and limits, as upstream's", () => {
    expect(toResourceRequirements({})).toEqual({ requests: {}, limits: {} });
  });

  test("a V1ResourceRequirements is used as it is", () => {
    const requirements = { requests: { cpu: "500m" }, limits: { "amd.com/gpu": "1" } };
    expect(toResourceRequirements(requirements)).toBe(requirements);
  });
});

describe("toTrialTemplate", () => {
  const base = { script: "echo", baseImage: "python:3.11", trialParameters: [], retain: false };
  const containerOf = (template: ReturnType<typeof toTrialTemplate>): Record<string, unknown> =>
    (template.trialSpec as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }).spec.template.spec.containers[0] ?? {};

  test("no resources, no environment: neither field is written", () => {
    expect(Object.keys(containerOf(toTrialTemplate(base))).sort()).toEqual(["args", "command", "image", "name"]);
  });

  test("an environment map becomes EnvVars; an empty one is left out", () => {
    expect(containerOf(toTrialTemplate({ ...base, env: { A: "1", B: "two" } }))["env"]).toEqual([{ name: "A", value: "1" }, { name: "B", value: "two" }]);
    expect(containerOf(toTrialTemplate({ ...base, env: {} }))).not.toHaveProperty("env");
  });

  test("a list is split into env and envFrom, each in its order", () => {
    const container = containerOf(
      toTrialTemplate({ ...base, env: [{ name: "A", value: "1" }, { secretRef: { name: "s" } }, { name: "B", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }, { prefix: "X_", configMapRef: { name: "c" } }] }),
    );
    expect(container["env"]).toEqual([{ name: "A", value: "1" }, { name: "B", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }]);
    expect(container["envFrom"]).toEqual([{ secretRef: { name: "s" } }, { prefix: "X_", configMapRef: { name: "c" } }]);
  });

  test("only EnvFromSources: no env field", () => {
    expect(containerOf(toTrialTemplate({ ...base, env: [{ secretRef: { name: "s" } }] }))).not.toHaveProperty("env");
  });

  test("the deadline is the Job's activeDeadlineSeconds, absent when not given", () => {
    expect((toTrialTemplate({ ...base, activeDeadlineSeconds: 60 }).trialSpec as { spec: Record<string, unknown> }).spec["activeDeadlineSeconds"]).toBe(60);
    expect((toTrialTemplate(base).trialSpec as { spec: Record<string, unknown> }).spec).not.toHaveProperty("activeDeadlineSeconds");
  });
});
