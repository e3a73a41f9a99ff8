/**
 * The metrics collector (validator.go validateMetricsCollector), after defaulting: a known collector kind, and for
 * each kind the source it needs (absolute file or directory paths, file format, Prometheus port and path, a custom
 * container); filter formats must be regular expressions with two groups.
 */
import type { Finding, Segment } from "../finding.ts";
import { AUTO_INJECTED_COLLECTORS, COLLECTOR, DEFAULT_KATIB_CONFIG } from "./katib-defaults-data.ts";
import { advise, type ExperimentContext, invalid, type KatibRule, required } from "./katib-rule.ts";
import { field, list, text } from "./values.ts";

const MC: Segment[] = ["spec", "metricsCollectorSpec"];
const SOURCE: Segment[] = [...MC, "source"];
const TWO_GROUPS = /.*\(.*\).*\(.*\).*/;

function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

function fileCollector(source: Record<string, unknown> | undefined): Finding[] {
  const path = field(source, "fileSystemPath");
  const findings: Finding[] = [];
  if (!path || text(path.kind) !== "File" || !isAbsolute(text(path.path))) {
    findings.push(required("metrics-collector", [...SOURCE, "fileSystemPath", "path"], "file path where metrics file exists is required"));
  }
  const format = text(path?.format);
  if (format !== "TEXT" && format !== "JSON") findings.push(required("metrics-collector", [...SOURCE, "fileSystemPath", "format"], "format of metrics file is required for metrics collector"));
  if (format === "JSON" && field(source, "filter")) findings.push(invalid("metrics-collector", [...SOURCE, "filter"], "", "filter must be nil when format of metrics file is json"));
  return findings;
}

function tfEventCollector(source: Record<string, unknown> | undefined): Finding[] {
  const path = field(source, "fileSystemPath");
  const findings: Finding[] = [];
  if (!path || text(path.kind) !== "Directory" || !isAbsolute(text(path.path))) {
    findings.push(required("metrics-collector", SOURCE, "directory path where tensorflow event files exist is required by .spec.metricsCollectorSpec.source.fileSystemPath.path"));
  }
  if (text(path?.format) !== "") findings.push(invalid("metrics-collector", [...SOURCE, "fileSystemPath", "format"], path?.format, "must be empty"));
  return findings;
}

function prometheusCollector(source: Record<string, unknown> | undefined, kind: string): Finding[] {
  const httpGet = field(source, "httpGet");
  const findings: Finding[] = [];
  const port = String(httpGet?.port ?? "0");
  if (!/^\d+$/.test(port) || Number(port) <= 0) {
    findings.push(invalid("metrics-collector", [...SOURCE, "httpGet", "port"], port, `must be a positive integer value for metrics collector kind: ${kind}`));
  }
  if (!text(httpGet?.path).startsWith("/")) findings.push(invalid("metrics-collector", [...SOURCE, "httpGet", "path"], text(httpGet?.path), `path is invalid for metrics collector kind: ${kind}`));
  return findings;
}

function customCollector(collector: Record<string, unknown> | undefined, source: Record<string, unknown> | undefined, kind: string): Finding[] {
  const findings: Finding[] = [];
  if (!field(collector, "customCollector")) findings.push(required("metrics-collector", [...MC, "collector", "customCollector"], `metrics collector kind: ${kind} is required`));
  const path = field(source, "fileSystemPath");
  if (path && (!isAbsolute(text(path.path)) || (text(path.kind) !== "Directory" && text(path.kind) !== "File"))) {
    findings.push(invalid("metrics-collector", [...SOURCE, "fileSystemPath"], "", ".spec.metricsCollectorSpec.source is invalid"));
  }
  return findings;
}

function byKind({ spec }: ExperimentContext): Finding[] {
  const mc = field(spec, "metricsCollectorSpec");
  const collector = field(mc, "collector");
  const source = field(mc, "source");
  const kind = text(collector?.kind);
  switch (kind) {
    case COLLECTOR.push:
    case COLLECTOR.stdOut:
      return [];
    case COLLECTOR.file:
      return fileCollector(source);
    case COLLECTOR.tfEvent:
      return tfEventCollector(source);
    case COLLECTOR.prometheus:
      return prometheusCollector(source, kind);
    case COLLECTOR.custom:
      return customCollector(collector, source, kind);
    default:
      return [invalid("metrics-collector", [...MC, "collector", "kind"], kind, `invalid metrics collector kind: ${kind}`)];
  }
}

function filters({ spec }: ExperimentContext): Finding[] {
  const formats = list(field(field(field(spec, "metricsCollectorSpec"), "source"), "filter")?.metricsFormat);
  return formats.flatMap((format, index): Finding[] => {
    if (typeof format !== "string") return [];
    const at: Segment[] = [...SOURCE, "filter", "metricsFormat", index];
    try {
      new RegExp(format);
    } catch (cause) {
      return [invalid("metrics-collector", at, format, `invalid filter: ${cause instanceof Error ? cause.message : String(cause)}`)];
    }
    return TWO_GROUPS.test(format) ? [] : [invalid("metrics-collector", at, format, "two top subexpressions are required")];
  });
}

function configured({ spec }: ExperimentContext): Finding[] {
  const kind = text(field(field(spec, "metricsCollectorSpec"), "collector")?.kind);
  if (!AUTO_INJECTED_COLLECTORS.includes(kind) || (DEFAULT_KATIB_CONFIG.metricsCollectors as readonly string[]).includes(kind)) return [];
  return [advise("metrics-collector", [...MC, "collector", "kind"], `${kind} has no sidecar in the default katib-config (v0.19: ${DEFAULT_KATIB_CONFIG.metricsCollectors.join(", ")}); the webhook rejects it unless your katib-config adds it`)];
}

/** Rules of validateMetricsCollector. */
export const METRICS_COLLECTOR_RULES: readonly KatibRule[] = [
  { id: "metrics-collector", mirrors: "validator.go validateMetricsCollector: GetMetricsCollectorConfigData for auto-injected kinds (katib-config)", check: configured },
  { id: "metrics-collector", mirrors: "validator.go validateMetricsCollector: known kind and the source each kind needs", check: byKind },
  { id: "metrics-collector", mirrors: "validator.go validateMetricsCollector: filter.metricsFormat compiles and has two top subexpressions", check: filters },
];
