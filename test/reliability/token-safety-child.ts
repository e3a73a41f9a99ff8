/**
 * The token-safety scenarios with the clients' default logger (stderr) and whatever `KUBEFLOW_TS_DEBUG` the parent
 * set: every error is printed to stdout in every form (message, stack, JSON, deep inspect), so the parent can scan
 * both streams for the tokens.
 */
import { renderError, runTokenScenarios } from "./token-safety-scenarios.ts";

const outcomes = await runTokenScenarios(undefined);
for (const outcome of outcomes) {
  process.stdout.write(`=== ${outcome.scenario}\n${outcome.error === undefined ? "ok" : renderError(outcome.error)}\n`);
}
process.stdout.write(`=== scenarios ${outcomes.length}\n`);
