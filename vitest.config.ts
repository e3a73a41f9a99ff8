import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Two projects so that only a run that includes e2e files starts (or builds) the control plane: vitest runs a
    // project's globalSetup only when that project has test files in the run.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/e2e/**"],
          typecheck: {
            enabled: true,
            include: ["test/types/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          // e2e tests share one control plane started (or reused) by the global setup.
          globalSetup: ["test/setup/global-setup.ts"],
        },
      },
    ],
  },
});
