import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const shared = {
  exclude: ["**/node_modules/**", "**/dist/**"],
  pool: "forks" as const,
  // A fork runs file after file with one module cache instead of a fresh process per file: the
  // server's module graph is loaded once per fork, not once per file (about a third less CPU on
  // the unit tests). Tests keep no global state between files (no vi.mock, no env or global
  // stubs); servers a file started are stopped after it (setupFiles).
  isolate: false,
  // Bounds for a hung test, not speed requirements: generous, since on a busy 2-core machine starting
  // a topology (API node, workers, Redis, PostgreSQL) in a beforeAll can take most of a minute.
  testTimeout: 120_000,
  hookTimeout: 120_000,
  // expect.poll() waits for a UI or a server to reach a state (a list fetched, a card shown); vitest's
  // default of 1 s is a speed requirement in disguise, and failed on a busy machine (a brand-kit
  // list that arrived after 1 s). A bound for a hang instead; a poll still returns as soon as it holds.
  expect: { poll: { timeout: 30_000, interval: 50 } },
  // Vitest's default (CPUs − 1) runs every file one after another on a 2-core machine, yet part of an
  // end-to-end file's time is spent waiting (leases expiring, servers starting): two files at once on
  // 2 cores, CPUs − 1 on larger machines. (Three on 2 cores was slower: 15.2 vs 13.5 min, every file
  // ~1.7x longer.) All three projects share the pool, longest files first (vitest orders by the
  // durations it cached from the last run, else by file size).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // Every server a test starts is stopped: after its file (setupFiles), and when the run ends or is
  // interrupted (globalSetup's registry; see server/src/testing/test-servers.ts).
  globalSetup: ["tests/support/global-setup.ts"],
  setupFiles: ["tests/support/stop-servers.ts"],
};

/**
 * End-to-end suites that also run against the distributed topology (a Redis, an API node and an
 * `easel worker` process; see tests/support/easel-process.ts), once with the metadata in SQLite
 * (`distributed`) and once in a real PostgreSQL (`postgres`). Left out: tests of the embedded runner's
 * own internals (recovery of its worker threads, split upscales across threads) and the distributed
 * and multi-node tests themselves (they start their own topologies).
 */
const BOTH_TOPOLOGIES = [
  "tests/e2e/assets.test.ts",
  "tests/e2e/billing.test.ts",
  "tests/e2e/brand-kits.test.ts",
  "tests/e2e/comfyui.test.ts",
  "tests/e2e/fill.test.ts",
  "tests/e2e/generate.test.ts",
  "tests/e2e/jobs.test.ts",
  "tests/e2e/job-streams.test.ts",
  "tests/e2e/org-policy.test.ts",
  "tests/e2e/provenance.test.ts",
  "tests/e2e/safety.test.ts",
  "tests/e2e/security-auth.test.ts",
  "tests/e2e/security-registry.test.ts",
];

/**
 * The ones among them whose database work is the same as other files' (job rows, assets, events):
 * they test engines, so the `postgres` project leaves them out; `distributed` still runs them on
 * worker processes, and jobs/assets/job-streams run those same queries on PostgreSQL.
 */
const ENGINE_SUITES = ["tests/e2e/comfyui.test.ts", "tests/e2e/generate.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "embedded",
          include: [
            "shared/src/**/*.test.ts",
            "server/src/**/*.test.ts",
            "tests/**/*.test.ts",
            "plugins/*/src/**/*.test.ts",
            "plugins/*/tests/**/*.test.ts",
            "scripts/**/*.test.mjs",
          ],
        },
      },
      {
        test: {
          ...shared,
          name: "distributed",
          include: BOTH_TOPOLOGIES,
          env: { EASEL_TEST_TOPOLOGY: "distributed" },
        },
      },
      {
        test: {
          ...shared,
          name: "postgres",
          include: [
            ...BOTH_TOPOLOGIES.filter((file) => !ENGINE_SUITES.includes(file)),
            "tests/console/console.test.ts",
          ],
          env: { EASEL_TEST_TOPOLOGY: "postgres" },
        },
      },
    ],
  },
});
