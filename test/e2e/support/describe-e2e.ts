/**
 * The skip-or-run switch for e2e suites.
 */
import { afterAll, describe, test } from "vitest";
import { type E2eEnv, e2eEnv, e2eSkipReason } from "./env.ts";
import { closeAdminAgent } from "./kube-request.ts";

/**
 * `describe` for suites that need the control plane: runs `body` with the connection, or registers the suite as
 * skipped with the reason in its title, so a run without a cluster shows skips rather than silent passes.
 */
export function describeE2e(title: string, body: (env: E2eEnv) => void): void {
  const reason = e2eSkipReason();
  if (reason !== undefined) {
    describe.skip(`${title} [skipped: ${reason}]`, () => {
      test("needs the local control plane (npm run cluster:up)", () => {});
    });
    return;
  }
  describe(title, () => {
    afterAll(closeAdminAgent);
    body(e2eEnv());
  });
}
