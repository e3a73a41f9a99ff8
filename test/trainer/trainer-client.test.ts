/** TrainerClient building blocks and request shapes over the real transport, against nock. */
import nock from "nock";
import { afterEach, describe, expect, test } from "vitest";
import { ForbiddenError, NotFoundError } from "../../src/index.ts";
import { toTrainJob } from "../../src/trainer/train-job-spec.ts";
import { generateTrainJobName } from "../../src/trainer/train-job-name.ts";
import { toTrainJobSummary } from "../../src/trainer/train-job-summary.ts";
import { FAKE_SERVER, nockTrainer } from "../support/nock-clients.ts";

const TRAINER = "/apis/trainer.kubeflow.org/v1alpha1";
const status = (code: number, reason: string) => ({ kind: "Status", status: "Failure", code, reason, message: `${reason.toLowerCase()} here` });

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe("toTrainJob", () => {
  test("uses torch-distributed, maps gpu to nvidia.com/gpu as requests and limits (whole numbers as numbers, as the Python SDK sends them), and env to EnvVars", () => {
    const job = toTrainJob({ name: "my-job", trainer: { image: "img", numNodes: 2, numProcPerNode: 4, env: { A: "1" }, resourcesPerNode: { cpu: 4, memory: "16Gi", gpu: 2 } } });
    expect(job).toEqual({
      apiVersion: "trainer.kubeflow.org/v1alpha1",
      kind: "TrainJob",
      metadata: { name: "my-job" },
      spec: {
        runtimeRef: { name: "torch-distributed" },
        trainer: {
          image: "img",
          env: [{ name: "A", value: "1" }],
          numNodes: 2,
          numProcPerNode: 4,
          resourcesPerNode: { requests: { cpu: 4, memory: "16Gi", "nvidia.com/gpu": 2 }, limits: { cpu: 4, memory: "16Gi", "nvidia.com/gpu": 2 } },
        },
      },
    });
  });

  test("a generated name is a 12-character DNS-1035 label; a bad name is refused", () => {
    for (let i = 0; i < 200; i++) expect(generateTrainJobName()).toMatch(/^[a-z][a-z0-9]{11}$/);
    expect(() => toTrainJob({ name: "1-starts-with-digit" })).toThrow(/DNS-1035/);
    expect(() => toTrainJob({ name: "Upper" })).toThrow(/DNS-1035/);
  });
});

describe("toTrainJobSummary", () => {
  test.each([
    [{ conditions: [{ type: "Complete", status: "True" }] }, "Complete"],
    [{ conditions: [{ type: "Failed", status: "True" }] }, "Failed"],
    [{ jobsStatus: [{ name: "node", active: 1, ready: 0, succeeded: 0, failed: 0, suspended: 0 }] }, "Running"],
    [{ conditions: [{ type: "Complete", status: "False" }] }, "Created"],
    [undefined, "Created"],
  ] as const)("status %j → %s", (jobStatus, expected) => {
    expect(toTrainJobSummary({ status: jobStatus as never }, []).status).toBe(expected);
  });
});

describe("TrainerClient requests", () => {
  test("listRuntimes answers from one scope when the other is forbidden, and fails when both fail", async () => {
    nock(FAKE_SERVER).get(`${TRAINER}/namespaces/team-a/trainingruntimes`).query(true).reply(200, { metadata: {}, items: [{ metadata: { name: "mine" }, spec: { mlPolicy: { torch: {} } } }] });
    nock(FAKE_SERVER).get(`${TRAINER}/clustertrainingruntimes`).query(true).reply(403, status(403, "Forbidden"));
    expect((await nockTrainer().listRuntimes()).map((r) => [r.name, r.scope, r.mlPolicy])).toEqual([["mine", "Namespaced", "torch"]]);

    nock(FAKE_SERVER).get(`${TRAINER}/namespaces/team-a/trainingruntimes`).query(true).reply(403, status(403, "Forbidden"));
    nock(FAKE_SERVER).get(`${TRAINER}/clustertrainingruntimes`).query(true).reply(404, status(404, "NotFound"));
    await expect(nockTrainer().listRuntimes()).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("getRuntime falls back to the cluster scope only on NotFound", async () => {
    nock(FAKE_SERVER).get(`${TRAINER}/namespaces/team-a/trainingruntimes/torch`).reply(404, status(404, "NotFound"));
    nock(FAKE_SERVER).get(`${TRAINER}/clustertrainingruntimes/torch`).reply(200, { metadata: { name: "torch" }, spec: {} });
    expect((await nockTrainer().getRuntime("torch")).scope).toBe("Cluster");
    nock(FAKE_SERVER).get(`${TRAINER}/namespaces/team-a/trainingruntimes/torch`).reply(403, status(403, "Forbidden"));
    await expect(nockTrainer().getRuntime("torch")).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("train posts the TrainJob to the client's namespace and returns its name", async () => {
    nock(FAKE_SERVER)
      .post(`${TRAINER}/namespaces/team-a/trainjobs`, (body) => body.spec.runtimeRef.name === "deepspeed-distributed" && body.metadata.labels.team === "x")
      .reply(201, { metadata: { name: "abc123def456" } });
    expect(await nockTrainer().train({ name: "abc123def456", runtime: "deepspeed-distributed", labels: { team: "x" } })).toBe("abc123def456");
  });

  test("getJobLogs reads the step's pod (node-1) from the node container, following", async () => {
    const pods = {
      metadata: {},
      items: [0, 1].map((index) => ({
        metadata: { name: `job-node-0-${index}`, labels: { "jobset.sigs.k8s.io/jobset-name": "job", "jobset.sigs.k8s.io/replicatedjob-name": "node", "batch.kubernetes.io/job-completion-index": String(index) } },
        status: { phase: "Running" },
      })),
    };
    const scope = nock(FAKE_SERVER);
    scope.get(`${TRAINER}/namespaces/team-a/trainjobs/job`).reply(200, { metadata: { name: "job" }, spec: { runtimeRef: { name: "torch-distributed" } } });
    scope.get("/api/v1/namespaces/team-a/pods").query({ limit: "500", labelSelector: "jobset.sigs.k8s.io/jobset-name=job" }).reply(200, pods);
    scope.get("/api/v1/namespaces/team-a/pods/job-node-0-1").reply(200, pods.items[1]);
    scope.get("/api/v1/namespaces/team-a/pods/job-node-0-1/log").query({ container: "node", follow: "true" }).reply(200, "step 1\nstep 2\n");
    const lines: string[] = [];
    for await (const line of nockTrainer().getJobLogs("job", { step: "node-1", follow: true })) lines.push(line);
    expect(lines).toEqual(["step 1", "step 2"]);
  });

  test("getJob of a missing TrainJob is a NotFoundError", async () => {
    nock(FAKE_SERVER).get(`${TRAINER}/namespaces/team-a/trainjobs/nope`).reply(404, status(404, "NotFound"));
    nock(FAKE_SERVER).get("/api/v1/namespaces/team-a/pods").query(true).reply(200, { metadata: {}, items: [] });
    await expect(nockTrainer().getJob("nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});
