/**
 * `kfts experiments show` on an Experiment Katib ran on the Kubeflow box: the text view, and the `--html` page loaded
 * in a real headless Chromium (Debian's), which must show no console error and draw one line per trial. The page's
 * screenshot is kept in test-artifacts/ (not committed) for a person to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { run, tempDir } from "../cli/support/run.ts";
import { chromiumBinary, loadPage, screenshot } from "../support/chromium.ts";
import { repositoryRoot } from "../support/sources.ts";
import { adminOptions, katibClient } from "./support/clients.ts";
import { userFlags } from "./support/cli-flags.ts";
import { describeKubeflow } from "./support/describe-e2e.ts";
import { boxExperiment } from "./support/experiments.ts";
import { uniqueName } from "./support/names.ts";
import { createTestNamespace } from "./support/namespaces.ts";

describeKubeflow("kfts experiments show", (env) => {
  test("a completed Experiment: state, best trial, a row and a chart mark per trial; its page in Chromium draws every trial", { timeout: 120_000 }, async () => {
    const browser = chromiumBinary();
    const namespace = await createTestNamespace("show");
    const katib = katibClient(adminOptions(env, namespace));
    const name = uniqueName("show");
    await katib.createExperiment(boxExperiment(name, { maxTrialCount: 4, parallelTrialCount: 2 }));
    const done = await katib.waitForExperimentCondition(name, { timeoutMs: 90_000 });
    const trials = await katib.listTrials({ experimentName: name });
    expect(trials).toHaveLength(4);
    const best = done.status?.currentOptimalTrial;

    const flags = await userFlags(env, namespace);
    const page = join(await tempDir("kfts-show-"), "experiment.html");
    const shown = await run(["experiments", "show", name, "--html", page, ...flags]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toBe(`wrote ${page}\n`);
    const lines = shown.stdout.split("\n");
    expect(lines[0]).toBe(`Experiment ${namespace}/${name}: Succeeded`);
    expect(lines[1]).toBe("  algorithm random · objective maximize accuracy · 4 trials: 4 succeeded");
    expect(lines[2]).toMatch(new RegExp(`^  best: ${best?.bestTrialName} \\(lr=${best?.parameterAssignments?.[0]?.value}\\) accuracy=`));
    for (const trial of trials) expect(shown.stdout).toMatch(new RegExp(`^${trial.metadata?.name}( \\*)? +Succeeded +${trial.spec?.parameterAssignments?.[0]?.value} +`, "m"));
    const chart = lines.slice(lines.findIndex((line) => line.startsWith("accuracy by trial")) + 1);
    expect(chart.join("\n").match(/[●◆]/g)?.length).toBe(4);

    const loaded = loadPage(browser, page);
    expect(loaded.console).toEqual([]);
    expect(loaded.dom.match(/<path class="trial"/g)).toHaveLength(4);
    expect(loaded.dom).toContain('data-trials="4"');
    for (const trial of trials) expect(loaded.dom).toContain(`data-trial="${trial.metadata?.name}"`);
    // Nothing in the page reaches for the network.
    expect(readFileSync(page, "utf8")).not.toMatch(/(src|href)=["']?(https?:)?\/\//);

    const artifacts = join(repositoryRoot, "test-artifacts");
    mkdirSync(artifacts, { recursive: true });
    const png = join(artifacts, "experiment-show.png");
    screenshot(browser, page, png);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
  });
});
