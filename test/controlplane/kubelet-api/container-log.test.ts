/**
 * The simulated containers' logs, as the box's kubelet API serves them for pods/log: command line, completion line,
 * and the kubelet's query options.
 */
import { describe, expect, test } from "vitest";
import { commandLine, completionLine, containerLog, containerStatus, findContainer, type LoggedPod, renderLog } from "./container-log.ts";

const pod: LoggedPod = {
  metadata: { name: "job-node-0-0-abcde", namespace: "ns" },
  spec: {
    containers: [{ name: "node", image: "pytorch/pytorch:2.5", command: ["torchrun", "--nproc-per-node=2"], args: ["train.py", "--lr", "0.1 or 0.2", "it's"] }],
    initContainers: [{ name: "setup", image: "busybox" }],
  },
  status: {
    containerStatuses: [{ name: "node", state: { terminated: { exitCode: 3, reason: "Error", startedAt: "2026-01-01T00:00:01Z", finishedAt: "2026-01-01T00:00:09Z" } } }],
    initContainerStatuses: [{ name: "setup", state: { running: { startedAt: "2026-01-01T00:00:00Z" } } }],
  },
};

describe("container logs of the box's kubelet API", () => {
  test("the command line is echoed as a shell would, quoting what needs it", () => {
    expect(commandLine(pod.spec.containers[0]!)).toBe(`+ torchrun --nproc-per-node=2 train.py --lr '0.1 or 0.2' 'it'\\''s'`);
    expect(commandLine({ name: "x", image: "busybox" })).toBe("+ (entrypoint of image busybox)");
  });

  test("containers and their statuses are found among init containers too", () => {
    expect(findContainer(pod, "setup")?.image).toBe("busybox");
    expect(findContainer(pod, "missing")).toBeUndefined();
    expect(containerStatus(pod, "setup")?.state?.running).toBeDefined();
  });

  test("a running container has its command line; an ended one ends with how it ended", () => {
    const setup = containerLog(findContainer(pod, "setup")!, containerStatus(pod, "setup")!);
    expect(setup).toEqual([{ time: "2026-01-01T00:00:00Z", text: "+ (entrypoint of image busybox)" }]);
    const node = containerLog(findContainer(pod, "node")!, containerStatus(pod, "node")!);
    expect(node.map((line) => line.text)).toEqual([`+ torchrun --nproc-per-node=2 train.py --lr '0.1 or 0.2' 'it'\\''s'`, "node: exited with code 3 (Error)"]);
    expect(node[1]?.time).toBe("2026-01-01T00:00:09Z");
    expect(completionLine("c", { exitCode: 0 })).toBe("c: exited with code 0");
  });

  test("timestamps, tailLines, sinceSeconds and limitBytes work as the kubelet's", () => {
    const lines = [
      { time: "2026-01-01T00:00:01Z", text: "first" },
      { time: "2026-01-01T00:00:09.5Z", text: "second" },
    ];
    expect(renderLog(lines, { timestamps: false })).toBe("first\nsecond\n");
    expect(renderLog(lines, { timestamps: true })).toBe("2026-01-01T00:00:01.000000000Z first\n2026-01-01T00:00:09.500000000Z second\n");
    expect(renderLog(lines, { timestamps: false, tailLines: 1 })).toBe("second\n");
    expect(renderLog(lines, { timestamps: false, tailLines: 0 })).toBe("");
    expect(renderLog(lines, { timestamps: false, sinceSeconds: 5 }, Date.parse("2026-01-01T00:00:10Z"))).toBe("second\n");
    expect(renderLog(lines, { timestamps: false, limitBytes: 3 })).toBe("fir");
  });
});
