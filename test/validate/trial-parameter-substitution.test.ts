/**
 * Trial parameter substitution, as upstream does it on the template's JSON text: findings in order, the substituted
 * resource, and the template left as it was, whatever the names and strings.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { substituteTrialParameters } from "../../src/validate/katib/trial-template-rules.ts";

/** Names that take every path: plain, repeated, malformed, and ones JSON escapes. */
const NAMES = ["lr", "momentum", "a b", 'q"uote', "back\\slash", "new\nline", "", "x{y", "lone\ud800", "ü", "test-value", "trialParameters.lr"];

const fragment = fc.oneof(
  fc.constantFrom("python train.py --lr=", "x", "", "}", "${trialParameters.", "${trialParameters.unknown}", '"', "\\", "\n", "test-value", "${trialSpec.Name}"),
  fc.constantFrom(...NAMES).map((name) => `\${trialParameters.${name}}`),
);
const text = fc.array(fragment, { maxLength: 4 }).map((parts) => parts.join(""));
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("name", "args", "command", "image", "value") }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: fc.constant("__proto__") });
const scalar = fc.oneof(text, fc.integer(), fc.constantFrom(1.5, Number.NaN, -0, Number.POSITIVE_INFINITY), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("tree")), { maxLength: 4 }).map((entries) => {
      const record: Record<string, unknown> = {};
      for (const [name, value] of entries) Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
      return record;
    }),
  ),
}));
const parameter = fc.record({ name: fc.constantFrom(...NAMES), reference: fc.constantFrom("lr", "momentum", "${trialSpec.Name}", "missing", "") });

function template(trialSpec: unknown, trialParameters: unknown[]): Record<string, unknown> {
  return { primaryContainerName: "training", trialParameters, trialSpec };
}

const spec = { parameters: [{ name: "lr" }, { name: "momentum" }] };

describe("trial parameter substitution", () => {
  test("for any template: no throw, the template unchanged, and the result what the substituted text says", () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 4 }), fc.array(parameter, { maxLength: 4 }), (trialSpec, parameters) => {
        const given = template({ apiVersion: "batch/v1", kind: "Job", ...trialSpec }, parameters);
        const before = JSON.stringify(given);
        const { runSpec } = substituteTrialParameters(given, spec);
        expect(JSON.stringify(given)).toBe(before);
        // A parameter with a plain name that refers to a spec parameter, and comes first with its name and reference,
        // is substituted wherever it appears.
        const substituted = parameters.filter((p, index) => /^[a-z]+$/.test(p.name) && (p.reference === "lr" || p.reference === "momentum") && parameters.findIndex((q) => q.name === p.name || q.reference === p.reference) === index);
        for (const { name } of substituted) expect(JSON.stringify(runSpec) ?? "").not.toContain(`\${trialParameters.${name}}`);
      }),
      { numRuns: 2000 },
    );
  });

  test("a usual template: parameters substituted, the unused one reported", () => {
    const container = { name: "training", image: "docker.io/kubeflowkatib/pytorch-mnist:v0.19.0", command: ["python3", "/opt/mnist.py", "--lr=${trialParameters.learningRate}"] };
    const metadata = { labels: { app: "mnist" } };
    const trialSpec = { apiVersion: "batch/v1", kind: "Job", spec: { template: { metadata, spec: { containers: [container], restartPolicy: "Never" } } } };
    const given = template(trialSpec, [{ name: "learningRate", reference: "lr" }, { name: "unused", reference: "momentum" }]);
    const { findings, runSpec } = substituteTrialParameters(given, spec);
    expect(findings.map((finding) => finding.message)).toEqual([
      'Invalid value: "unused": parameter name: unused in spec.trialParameters not found in spec.trialTemplate (expected ${trialParameters.unused})',
    ]);
    const substituted = runSpec as typeof trialSpec;
    expect(substituted.spec.template.spec.containers[0]?.command).toEqual(["python3", "/opt/mnist.py", "--lr=test-value"]);
    expect(substituted.spec.template.metadata).toEqual(metadata);
    expect(container.command[2]).toBe("--lr=${trialParameters.learningRate}");
  });

  test("a placeholder left over is reported; a value JSON cannot say becomes what its text says", () => {
    const leftover = template({ apiVersion: "batch/v1", kind: "Job", args: ["${trialParameters.nope}"] }, [{ name: "lr", reference: "lr" }]);
    expect(substituteTrialParameters(leftover, spec).findings.map((finding) => finding.message)).toEqual([
      'Invalid value: "lr": parameter name: lr in spec.trialParameters not found in spec.trialTemplate (expected ${trialParameters.lr})',
      'Invalid value: "${trialParameters.nope}": parameter ${trialParameters.nope} in spec.trialTemplate not found in spec.trialTemplate.trialParameters',
    ]);
    const notANumber = template({ apiVersion: "batch/v1", kind: "Job", replicas: Number.NaN, args: ["${trialParameters.lr}"] }, [{ name: "lr", reference: "lr" }]);
    expect(substituteTrialParameters(notANumber, spec).runSpec).toEqual({ apiVersion: "batch/v1", kind: "Job", replicas: null, args: ["test-value"] });
  });
});
