/**
 * Facts the upstream OpenAPI documents lose: Go string types with a fixed set of constants are published as plain
 * `string`. Each entry names the Go type (and file) its values come from, so an upgrade can be checked against it.
 * The codegen turns each into an `enum` on the schema, which openapi-typescript emits as a literal union.
 */

/** One property whose values form a closed set. */
export interface LiteralUnion {
  /** Schema name as it appears in the OpenAPI document. */
  schema: string;
  /** Property name (for arrays: the items' values). */
  property: string;
  values: readonly string[];
  /** The upstream Go type (package path relative to the repository, and type name). */
  goType: string;
}

const KATIB_COMMON = "kubeflow/katib pkg/apis/controller/common/v1beta1/common_types.go";
const KATIB_EXPERIMENT = "kubeflow/katib pkg/apis/controller/experiments/v1beta1/experiment_types.go";
const KATIB_TRIAL = "kubeflow/katib pkg/apis/controller/trials/v1beta1/trial_types.go";
const KATIB_SUGGESTION = "kubeflow/katib pkg/apis/controller/suggestions/v1beta1/suggestion_types.go";
const CONDITION_STATUS = ["True", "False", "Unknown"] as const;
const CORE_CONDITION_STATUS = "kubernetes/api core/v1/types.go ConditionStatus";

/** Literal unions per product (key: product name in the sources lock). */
export const LITERAL_UNIONS: Record<string, readonly LiteralUnion[]> = {
  katib: [
    { schema: "v1beta1.ParameterSpec", property: "parameterType", values: ["double", "int", "discrete", "categorical"], goType: `${KATIB_EXPERIMENT} ParameterType` },
    { schema: "v1beta1.FeasibleSpace", property: "distribution", values: ["uniform", "logUniform", "normal", "logNormal"], goType: `${KATIB_EXPERIMENT} Distribution` },
    { schema: "v1beta1.ExperimentSpec", property: "resumePolicy", values: ["Never", "LongRunning", "FromVolume"], goType: `${KATIB_EXPERIMENT} ResumePolicyType` },
    { schema: "v1beta1.ObjectiveSpec", property: "type", values: ["maximize", "minimize"], goType: `${KATIB_COMMON} ObjectiveType` },
    { schema: "v1beta1.MetricStrategy", property: "value", values: ["min", "max", "latest"], goType: `${KATIB_COMMON} MetricStrategyType` },
    { schema: "v1beta1.CollectorSpec", property: "kind", values: ["StdOut", "File", "TensorFlowEvent", "PrometheusMetric", "Custom", "Push"], goType: `${KATIB_COMMON} CollectorKind` },
    { schema: "v1beta1.FileSystemPath", property: "kind", values: ["Directory", "File"], goType: `${KATIB_COMMON} FileSystemKind` },
    { schema: "v1beta1.FileSystemPath", property: "format", values: ["TEXT", "JSON"], goType: `${KATIB_COMMON} FileFormat` },
    { schema: "v1beta1.EarlyStoppingRule", property: "comparison", values: ["equal", "less", "greater"], goType: `${KATIB_COMMON} ComparisonType` },
    { schema: "v1beta1.ExperimentCondition", property: "type", values: ["Created", "Running", "Restarting", "Succeeded", "Failed"], goType: `${KATIB_EXPERIMENT} ExperimentConditionType` },
    { schema: "v1beta1.ExperimentCondition", property: "status", values: CONDITION_STATUS, goType: CORE_CONDITION_STATUS },
    { schema: ".v1beta1.TrialCondition", property: "type", values: ["Created", "Running", "Succeeded", "Killed", "Failed", "MetricsUnavailable", "EarlyStopped"], goType: `${KATIB_TRIAL} TrialConditionType` },
    { schema: ".v1beta1.TrialCondition", property: "status", values: CONDITION_STATUS, goType: CORE_CONDITION_STATUS },
    { schema: ".v1beta1.SuggestionCondition", property: "type", values: ["Created", "DeploymentReady", "Running", "Succeeded", "Failed"], goType: `${KATIB_SUGGESTION} SuggestionConditionType` },
    { schema: ".v1beta1.SuggestionCondition", property: "status", values: CONDITION_STATUS, goType: CORE_CONDITION_STATUS },
  ],
  trainer: [],
};
