/**
 * kwok as the kubelet of simulated nodes: it takes the scheduled pods through upstream's general pod stages
 * (Pending → Running → Succeeded for pods of Jobs) with the box's timing, fails the pods told to fail, and keeps the
 * nodes' heartbeats and leases. Its kubelet API is reached through the box's kubelet-api (see kubelet-api.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { kubectl } from "../bootstrap.ts";
import { readModuleFile } from "../modules.ts";
import type { BoxContext, Component } from "./component.ts";
import { adminRequest } from "./probes.ts";

/**
 * A container whose environment sets this variable fails after the run time, with the variable's value as its exit
 * code; the pod ends Failed. That is how a test makes a training node fail (`env: { [FAIL_WITH_EXIT_CODE]: "3" }`).
 */
export const FAIL_WITH_EXIT_CODE = "KWOK_EXIT_CODE";

/**
 * Images under this registry cannot be pulled on the box: their pods are scheduled and stay Pending, never Ready, as
 * with an image pull failure. The box gives it to the services it does not run (Katib's suggestion algorithms other
 * than Goptuna's), so that their Deployments never become available and Katib waits for them, as it would in a
 * cluster, instead of dialling a service that is not there.
 */
export const UNPULLABLE_REGISTRY = "unpullable.box.invalid";

/** The simulated nodes: what the scheduler sees as allocatable. */
export const nodes = [1, 2, 3, 4].map((index) => ({
  name: `kwok-node-${index}`,
  allocatable: { cpu: "32", memory: "128Gi", "ephemeral-storage": "500Gi", pods: "110", "nvidia.com/gpu": "8" },
}));

/** The annotation that tells kwok which nodes are its own. */
const managedAnnotation = { key: "kwok.x-k8s.io/node", value: "fake" };

/** Upstream's stage files, in kwok's module. */
const stageFiles = [
  "kustomize/stage/node/fast/node-initialize.yaml",
  "kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
  "kustomize/stage/pod/general/pod-create.yaml",
  "kustomize/stage/pod/general/pod-init-container-running.yaml",
  "kustomize/stage/pod/general/pod-init-container-completed.yaml",
  "kustomize/stage/pod/general/pod-ready.yaml",
  "kustomize/stage/pod/general/pod-complete.yaml",
  "kustomize/stage/pod/general/pod-delete.yaml",
];

/** kwok managing the nodes above; its own server (exec, attach, port-forward) on a loopback port. */
export const kwok: Component = {
  name: "kwok",
  binary: "kwok",
  ports: ["server"],
  async prepare(context) {
    const dir = join(context.dir, "kwok");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "stages.yaml"), await stages(context));
    // Components declare where port-forwards to their stand-in pods go (katib-db-manager.ts).
    await kubectl(context.kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-box", "-f", "-"], await readModuleFile("sigs.k8s.io/kwok", "kustomize/crd/bases/kwok.x-k8s.io_clusterportforwards.yaml"));
    await kubectl(context.kubeconfig, ["apply", "--server-side", "--field-manager=kubeflow-ts-box", "-f", "-"], nodeManifests());
  },
  args(context) {
    return [
      `--kubeconfig=${context.kubeconfig}`,
      `--config=${join(context.dir, "kwok", "stages.yaml")}`,
      `--manage-nodes-with-annotation-selector=${managedAnnotation.key}=${managedAnnotation.value}`,
      "--node-ip=127.0.0.1",
      // The port the nodes advertise as their kubelet's: the box's kubelet-api, which passes through to kwok.
      `--node-port=${context.port("kubelet-api", "secure")}`,
      `--server-address=127.0.0.1:${context.port("kwok", "server")}`,
      "--node-lease-duration-seconds=40",
      "--enable-crds=ClusterPortForward",
      "--v=1",
    ];
  },
  async ready(context) {
    const { status, body } = await adminRequest(context, "GET", "/api/v1/nodes");
    if (status !== 200) return false;
    const items = (body as { items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }).items;
    const readyNodes = items.filter((node) => node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
    return nodes.every((node) => readyNodes.some((ready) => ready.metadata.name === node.name));
  },
};

function nodeManifests(): string {
  return nodes
    .map((node) =>
      stringify({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name: node.name,
          annotations: { [managedAnnotation.key]: managedAnnotation.value, "node.alpha.kubernetes.io/ttl": "0" },
          labels: { "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", type: "kwok" },
        },
        status: { allocatable: node.allocatable, capacity: node.allocatable, nodeInfo: { architecture: "amd64", operatingSystem: "linux" } },
      }),
    )
    .join("---\n");
}

/**
 * Upstream's stages with the box's timing as their default delays, pod-complete kept off the pods told to fail, and
 * one stage of ours that fails them.
 */
async function stages(context: BoxContext): Promise<string> {
  const { startMs, runMs } = context.podTiming;
  const delays: Record<string, number> = { "pod-create": 0, "pod-ready": startMs, "pod-complete": runMs };
  const documents: unknown[] = [];
  for (const file of stageFiles) {
    for (const document of parseAllDocuments(await readModuleFile("sigs.k8s.io/kwok", file))) {
      const stage = document.toJS() as Stage | null;
      if (stage === null) continue;
      const delay = delays[stage.metadata.name];
      if (delay !== undefined && stage.spec.delay !== undefined) {
        stage.spec.delay.durationMilliseconds = delay;
        // kwok uses the jitter instead of the delay when the jitter is not larger: keep it just above.
        stage.spec.delay.jitterDurationMilliseconds = delay + Math.max(100, Math.round(delay / 10));
      }
      if (stage.metadata.name === "pod-complete") stage.spec.selector.matchExpressions?.push({ key: failExitCode, operator: "DoesNotExist" });
      if (stage.metadata.name === "pod-ready") {
        stage.spec.selector.matchExpressions?.push({ key: unpullableImage, operator: "DoesNotExist" });
      }
      documents.push(stage);
    }
  }
  documents.push(podFailStage(runMs));
  return documents.map((document) => stringify(document)).join("---\n");
}

/** The jq expression kwok evaluates on a pod: the fail variable's value in any of its containers. */
const failExitCode = `.spec.containers.[].env.[]? | select(.name == "${FAIL_WITH_EXIT_CODE}") | .value`;

/** The jq expression kwok evaluates on a pod: any of its images that cannot be pulled on the box. */
const unpullableImage = `.spec.containers.[] | select(.image | startswith("${UNPULLABLE_REGISTRY}/")) | .image`;

interface Stage {
  metadata: { name: string };
  spec: {
    selector: { matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    delay?: { durationMilliseconds?: number; jitterDurationMilliseconds?: number };
  };
}

/** Running pods told to fail end Failed: each container terminated with its variable's exit code (others 0). */
function podFailStage(runMs: number): unknown {
  const statusTemplate = `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "False"
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  status: "False"
  type: ContainersReady
containerStatuses:
{{ range .spec.containers }}
{{ $code := "0" }}
{{ range .env }}{{ if eq .name "${FAIL_WITH_EXIT_CODE}" }}{{ $code = .value }}{{ end }}{{ end }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
  state:
    terminated:
      exitCode: {{ $code }}
      finishedAt: {{ $now | Quote }}
      reason: {{ if eq $code "0" }}Completed{{ else }}Error{{ end }}
      startedAt: {{ $now | Quote }}
{{ end }}
phase: Failed
`;
  return {
    apiVersion: "kwok.x-k8s.io/v1alpha1",
    kind: "Stage",
    metadata: { name: "pod-fail" },
    spec: {
      resourceRef: { apiGroup: "v1", kind: "Pod" },
      selector: {
        matchExpressions: [
          { key: ".metadata.deletionTimestamp", operator: "DoesNotExist" },
          { key: ".status.phase", operator: "In", values: ["Running"] },
          { key: failExitCode, operator: "Exists" },
        ],
      },
      delay: { durationMilliseconds: runMs, jitterDurationMilliseconds: runMs + Math.max(100, Math.round(runMs / 10)) },
      next: { event: { type: "Warning", reason: "Failed", message: "container failed (simulated)" }, statusTemplate },
    },
  };
}
