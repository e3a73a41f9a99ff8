/**
 * `kfts schema`: the editor schemas, written as files and used by the real yaml-language-server (the language
 * service the VS Code YAML extension and other editors run) through its modeline, and by a JSON Schema validator on
 * the upstream examples.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { TextDocument } from "vscode-languageserver-textdocument";
import { getLanguageService } from "yaml-language-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadDocuments } from "../../src/yaml/kube-yaml.ts";
import { corpusDir } from "../support/sources.ts";
import { run } from "./support/run.ts";

const NAMES = ["clustertrainingruntime_v1alpha1.json", "experiment_v1beta1.json", "suggestion_v1beta1.json", "trainingruntime_v1alpha1.json", "trainjob_v1alpha1.json", "trial_v1beta1.json"];

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "kfts-schema-"));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const schemaOf = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(out, name), "utf8")) as Record<string, unknown>;

describe("kfts schema", () => {
  test("--out writes one schema per kind and version, named as kubeconform's catalogs name them", async () => {
    const result = await run(["schema", "--out", join(out, "nested")]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(readdirSync(join(out, "nested")).sort()).toEqual(NAMES);
    expect(result.stdout.trim().split("\n")).toEqual(NAMES.map((name) => join(out, "nested", name)).sort((a, b) => result.stdout.indexOf(a) - result.stdout.indexOf(b)));
    const named = await run(["schema", "Experiment", "trainjob_v1alpha1", "--out", out]);
    expect(named.code).toBe(0);
    expect(readdirSync(out).filter((name) => name.endsWith(".json")).sort()).toEqual(["experiment_v1beta1.json", "trainjob_v1alpha1.json"]);
  });

  test("one schema to stdout; a name that is none is wrong usage, listing the names", async () => {
    const printed = await run(["schema", "experiment_v1beta1"]);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ $schema: "http://json-schema.org/draft-07/schema#", properties: { kind: { enum: ["Experiment"] } } });
    const wrong = await run(["schema", "experimnt"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("no schema named experimnt");
    expect(wrong.stderr).toContain("experiment_v1beta1.json");
  });

  test("the upstream examples are valid against their kind's schema; an unknown field and a wrong enum value are not", async () => {
    await run(["schema", "--out", out]);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat("quantity", /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/);
    const validators = new Map(NAMES.map((name) => [name, ajv.compile(schemaOf(name))]));
    let checked = 0;
    for (const file of readdirSync(corpusDir, { recursive: true }).map(String).filter((path) => /\.ya?ml$/.test(path))) {
      for (const document of loadDocuments(readFileSync(join(corpusDir, file), "utf8")) as Array<Record<string, unknown> | null>) {
        const kind = typeof document?.kind === "string" ? document.kind.toLowerCase() : "";
        const version = typeof document?.apiVersion === "string" ? document.apiVersion.split("/")[1] : "";
        const validate = validators.get(`${kind}_${version}.json`);
        if (!validate) continue;
        expect(validate(document), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    const experiment = validators.get("experiment_v1beta1.json") as (value: unknown) => boolean;
    const base = { apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name: "e" }, spec: { parameters: [{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.1", max: "0.2" } }] } };
    expect(experiment(base)).toBe(true);
    expect(experiment({ ...base, spec: { ...base.spec, maxTrialCont: 3 } })).toBe(false);
    expect(experiment({ ...base, spec: { parameters: [{ name: "lr", parameterType: "dobule" }] } })).toBe(false);
  });
});

describe("with yaml-language-server", () => {
  const manifest = (schemaUrl: string): string => `# yaml-language-server: $schema=${schemaUrl}
apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata:
  name: random
spec:
  maxTrialCont: 3
  objective:
    type: maximize
    objectiveMetricName: accuracy
  parameters:
    - name: lr
      parameterType: dobule
      feasibleSpace:
        min: "0.01"
        max: "0.05"
`;

  function languageService() {
    const service = getLanguageService({
      schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), "utf8"),
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
    });
    service.configure({ validate: true, completion: true, hover: true, schemas: [] });
    return service;
  }

  test("a typo and a wrong value get diagnostics at their lines; completion at parameterType: offers its values", async () => {
    await run(["schema", "experiment_v1beta1", "--out", out]);
    const schemaUrl = pathToFileURL(join(out, "experiment_v1beta1.json")).href;
    const text = manifest(schemaUrl);
    const document = TextDocument.create(pathToFileURL(join(out, "experiment.yaml")).href, "yaml", 1, text);
    const service = languageService();
    const diagnostics = await service.doValidation(document, false);
    const at = (pattern: RegExp): number => text.split("\n").findIndex((line) => pattern.test(line));
    const byLine = diagnostics.map((diagnostic) => ({ line: diagnostic.range.start.line, message: diagnostic.message }));
    expect(byLine).toContainEqual({ line: at(/maxTrialCont/), message: expect.stringMatching(/Property maxTrialCont is not allowed/) });
    expect(byLine).toContainEqual({ line: at(/parameterType: dobule/), message: expect.stringMatching(/Value is not accepted\. Valid values: "double", "int", "discrete", "categorical"/) });
    expect(diagnostics).toHaveLength(2);

    const line = at(/parameterType: dobule/);
    const blank = TextDocument.create(document.uri, "yaml", 2, text.replace("parameterType: dobule", "parameterType: "));
    const completion = await service.doComplete(blank, { line, character: "      parameterType: ".length }, false);
    expect(completion.items.map((item) => item.label).sort()).toEqual(["categorical", "discrete", "double", "int"]);

    // Hovering a field shows its upstream description.
    const described = TextDocument.create(document.uri, "yaml", 3, text.replace("maxTrialCont: 3", "maxTrialCount: 3"));
    const hover = await service.doHover(described, { line: at(/maxTrialCont/), character: 4 });
    expect(JSON.stringify(hover?.contents ?? "")).toContain("Max completed trials to mark experiment as succeeded");
  });
});
