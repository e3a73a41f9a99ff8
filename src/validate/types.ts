/**
 * The shapes of validation results: issues (one finding each, with where it is) grouped per document and per source.
 */

/** `error`: the apiserver (or Katib's webhook) would reject the object; `warning`: worth fixing, not rejected. */
export type Severity = "error" | "warning";

/**
 * How unknown fields are treated, as `kubectl apply --validate=…`: `strict` reports them as errors (the default),
 * `warn` as warnings, `ignore` not at all.
 */
export type FieldValidation = "strict" | "warn" | "ignore";

/** One finding. */
export interface Issue {
  severity: Severity;
  /** The field, Kubernetes style: `spec.trainer.numNodes`, `spec.containers[0].env[2].name`, `metadata.labels[app]`. */
  path: string;
  message: string;
  /** A stable identifier of the check (`schema.type`, `cel`, `katib.objective.type`, …). */
  rule: string;
  file?: string;
  /** 1-based line of the offending node in the source, when it has one. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

/** CEL rules (`x-kubernetes-validations`) seen while validating one object. */
export interface CelStats {
  evaluated: number;
  /** Transition rules (using `oldSelf`): they only apply to updates, so a single manifest cannot be checked. */
  skippedTransition: number;
  /** Rules the CEL engine could not compile (each also reported as a warning). */
  notChecked: number;
}

/** The result for one object of a source (a YAML document, or an item of a `List`). */
export interface DocumentReport {
  /** 0-based position of the document in its source. */
  index: number;
  /** For an item of a `kind: List` document, its position in `items`. */
  item?: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** No error-severity issue. */
  valid: boolean;
  /** Not a Kubeflow resource: nothing was checked. */
  skipped: boolean;
  issues: Issue[];
  cel: CelStats;
}

/** The result for one source (a file, stdin, a string). */
export interface ValidationReport {
  file?: string;
  /** No error-severity issue in any document, nor in the source itself. */
  valid: boolean;
  documents: DocumentReport[];
  /** Every issue: the documents' and the source's own (syntax, encoding, size). */
  issues: Issue[];
}

/** Options of validateManifests and validateObject. */
export interface ValidateOptions {
  /** Named in every issue (and in the report). */
  file?: string;
  /** Unknown fields: `strict` (default), `warn` or `ignore`. */
  validate?: FieldValidation;
}
