// The API reference (npm run docs → docs/api-reference/, not committed): every entry point of package.json's
// "exports", from the TSDoc. CI fails on an undocumented export (npm run docs:check).
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints: ["src/index.ts", "src/katib/index.ts", "src/trainer/index.ts", "src/optimizer/index.ts", "src/validate/index.ts", "src/transport/entry.ts"],
  out: "docs/api-reference",
  tsconfig: "tsconfig.json",
  readme: "none",
  name: "kubeflow-ts",
  excludeExternals: true,
  excludePrivate: true,
  excludeInternal: true,
  disableGit: true,
  sourceLinkTemplate: "../../{path}#L{line}",
  // The generated models carry openapi-typescript's tags.
  blockTags: [...OptionDefaults.blockTags, "@description", "@constant", "@format", "@enum"],
  // What the reference must document: every exported declaration and every method, not each field of every model.
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias", "Method", "Accessor", "Constructor"],
  // Generated internals that the models' and descriptors' types refer to.
  intentionallyNotExported: ["components", "experimentResourceData", "suggestionResourceData", "trialResourceData", "trainJobResourceData", "trainingRuntimeResourceData", "clusterTrainingRuntimeResourceData"],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatValidationWarningsAsErrors: true,
};
