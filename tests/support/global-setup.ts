import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildServer } from "../../server/build.js";
import { serveSharedPostgres } from "../../server/src/testing/shared-postgres.js";
import { RUN_REGISTRY_ENV, reapRegistry, reapRegistrySync } from "../../server/src/testing/test-servers.js";
import { BUILT_ENV } from "./easel-bin.js";

/** Set up once per test run; each project's globalSetup shares it (the env is the process's). */
interface RunRegistry {
  dir: string;
  /** The run's temp folder (TMPDIR for every fork and process it starts), removed when the run ends. */
  temp: string;
  users: number;
  postgres: { stop(): Promise<void> };
  /** The compiled service, built once for every project of the run. */
  built: Promise<void>;
}
const KEY = Symbol.for("easel.test-run-registry");
const holder = globalThis as { [KEY]?: RunRegistry };

/**
 * Vitest globalSetup: a run-scoped registry of the servers tests start (PostgreSQL, Redis, `easel`
 * processes; see server/src/testing/test-servers.ts), reaped when the run ends, and at once if the
 * run itself is interrupted. Test forks inherit the registry's path through the environment. It
 * also starts the run's one PostgreSQL when a test first asks for it (server/src/testing/shared-postgres.ts),
 * and compiles the service once, so that the `easel` processes tests start run plain JavaScript
 * (server/build.ts; tests/support/easel-bin.ts).
 *
 * Every temp file the run makes (servers' data dirs, certificates, plugin builds, Chromium profiles)
 * goes into one temp folder of its own, TMPDIR for the forks and for every process they start, and
 * the folder is removed when the run ends or is interrupted: a file that forgets to remove what it
 * made leaves nothing behind in the machine's temp folder.
 */
export default async function setup(): Promise<() => Promise<void>> {
  let registry = holder[KEY];
  if (!registry) {
    const dir = mkdtempSync(join(tmpdir(), "easel-test-run-"));
    process.env[RUN_REGISTRY_ENV] = dir;
    const temp = mkdtempSync(join(tmpdir(), "easel-test-tmp-"));
    // Like /tmp: PostgreSQL runs as another user when the tests run as root, and keeps its data here.
    chmodSync(temp, 0o1777);
    process.env.TMPDIR = temp;
    const cleanUp = () => {
      reapRegistrySync(dir);
      rmSync(temp, { recursive: true, force: true });
    };
    const built = buildServer().then(() => {
      process.env[BUILT_ENV] ??= "1";
    });
    registry = { dir, temp, users: 0, postgres: serveSharedPostgres(dir), built };
    holder[KEY] = registry;
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      const onSignal = () => {
        cleanUp();
        process.removeListener(signal, onSignal);
        // Die of the signal as usual, unless vitest handles it itself (then it ends the run).
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      process.on(signal, onSignal);
    }
    process.once("exit", cleanUp);
  }
  registry.users++;
  const current = registry;
  await current.built;
  return async () => {
    if (--current.users > 0) return;
    await current.postgres.stop();
    const left = await reapRegistry(current.dir);
    if (left > 0) console.warn(`stopped ${left} test server(s) that tests left running`);
    rmSync(current.dir, { recursive: true, force: true });
    rmSync(current.temp, { recursive: true, force: true });
  };
}
