import { afterAll } from "vitest";
import { dropSharedDatabases } from "../../server/src/testing/shared-postgres.js";
import { stopTestServers } from "../../server/src/testing/test-servers.js";

// Vitest setup file: after each test file, stop every server it started and left running (a test
// that failed before its own stop, or a server shared by the file's tests), then drop the databases
// it made on the run's shared PostgreSQL. Registered first, so it runs after the file's own afterAll
// hooks (vitest runs after-hooks in reverse order).
afterAll(async () => {
  await stopTestServers();
  await dropSharedDatabases();
});
