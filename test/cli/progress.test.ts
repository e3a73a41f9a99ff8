import { describe, expect, test } from "vitest";
import { BufferWriter } from "../../src/cli/cli-io.ts";
import { createProgress, parseProgressMode, REWRITE_LINE } from "../../src/cli/progress.ts";
import { summarizeTrainJob } from "../../src/cli/train-job-progress.ts";
import { parseWaitStates } from "../../src/cli/wait-flags.ts";

function show(mode: Parameters<typeof createProgress>[1], isTTY: boolean): string {
  const writer = new BufferWriter();
  const progress = createProgress(writer, mode, isTTY);
  for (const line of ["Created", "Running: 1 running", "Running: 1 running", "Succeeded"]) progress.update(line);
  progress.done();
  return writer.text();
}

describe("progress", () => {
  test("on a terminal one line is rewritten in place and closed with a newline", () => {
    expect(show("auto", true)).toBe(`${REWRITE_LINE}Created${REWRITE_LINE}Running: 1 running${REWRITE_LINE}Succeeded\n`);
  });

  test("elsewhere, or with --progress=plain, a plain line per change", () => {
    expect(show("auto", false)).toBe("Created\nRunning: 1 running\nSucceeded\n");
    expect(show("plain", true)).toBe("Created\nRunning: 1 running\nSucceeded\n");
    expect(show("tty", false)).toContain(REWRITE_LINE);
    expect(show("none", true)).toBe("");
  });

  test("unknown modes are usage errors", () => {
    expect(() => parseProgressMode("fancy")).toThrow(/unknown progress mode "fancy"/);
  });
});

describe("wait states", () => {
  test("--for takes kubectl's condition=X, any case, and comma lists", () => {
    expect(parseWaitStates("condition=succeeded", ["Succeeded", "Failed"])).toEqual(["Succeeded"]);
    expect(parseWaitStates("Complete,Failed", ["Created", "Running", "Complete", "Failed"])).toEqual(["Complete", "Failed"]);
    expect(() => parseWaitStates("Done", ["Complete"])).toThrow(/unknown state in --for "Done"/);
  });

  test("a TrainJob's progress line lists its steps from status.jobsStatus", () => {
    const job = {
      status: {
        jobsStatus: [
          { name: "dataset-initializer", active: 0, ready: 0, succeeded: 1, failed: 0, suspended: 0 },
          { name: "node", active: 2, ready: 2, succeeded: 0, failed: 0, suspended: 0 },
          { name: "model-initializer", active: 0, ready: 0, succeeded: 0, failed: 0, suspended: 0 },
        ],
      },
    };
    expect(summarizeTrainJob(job)).toBe("Running: dataset-initializer succeeded=1; node active=2 ready=2; model-initializer pending");
    expect(summarizeTrainJob({ status: { conditions: [{ type: "Complete", status: "True", lastTransitionTime: "", message: "", reason: "" }] } })).toBe("Complete");
  });
});
