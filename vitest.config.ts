import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three projects run by `npm test`: pure unit tests (no database), integration
// tests (each test file on its own copy of a migrated SQLite database) and
// end-to-end tests in Debian's Chromium against the production build. A fourth,
// "reliability" (`npm run test:reliability`, not part of `npm test`): the
// authorization matrix, fuzzing, concurrency, crashes, backup, headers and a
// load test against the production server on 127.0.0.1.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "scripts/**/*.test.ts", "templates/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/db-setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // A shared 2-core machine can be slow: give the browser time.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/reliability/global-setup.ts"],
          setupFiles: ["tests/reliability/setup.ts"],
          // One file at a time: several start servers, one is a load test.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
