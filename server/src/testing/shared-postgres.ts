import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { type PostgresServer, startPostgres } from "../db/pg/test-postgres.js";
import { RUN_REGISTRY_ENV } from "./test-servers.js";

/**
 * One PostgreSQL for a whole test run, instead of an `initdb` and a server per test file. The run's
 * main process (tests/support/global-setup.ts) starts it when a test fork first asks for it (a
 * request file in the run's registry directory) and announces it through another file; each test
 * still gets databases of its own. Runs that never use PostgreSQL never start it.
 */
const REQUEST = "shared-postgres.request";
const ANNOUNCEMENT = "shared-postgres.json";
const WAIT_MS = 120_000; // the bound on waiting for the run's server to start (initdb on a busy machine)

type Announcement = { port: number } | { error: string };

/**
 * For the run's main process: starts the shared server once a fork asks for it (checked every
 * 100 ms); `stop()` stops it, if it was started, at the end of the run.
 */
export function serveSharedPostgres(registry: string): { stop(): Promise<void> } {
  let server: Promise<PostgresServer | undefined> | undefined;
  const timer = setInterval(() => {
    if (!existsSync(join(registry, REQUEST))) return;
    clearInterval(timer);
    server = startSharedPostgres(registry);
  }, 100);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await (await server)?.stop();
    },
  };
}

function startSharedPostgres(registry: string): Promise<PostgresServer | undefined> {
  const announce = (value: Announcement) => {
    const temp = join(registry, `${ANNOUNCEMENT}.tmp`);
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, join(registry, ANNOUNCEMENT)); // readers see all of it or nothing
  };
  // Several test files at once, each with API nodes of 10 connections: more than the default 100.
  return startPostgres({ settings: { max_connections: "400" } }).then(
    (server) => {
      announce({ port: server.port });
      return server;
    },
    (error: unknown) => {
      // Tests that need PostgreSQL fail with this; the others never notice.
      announce({ error: error instanceof Error ? error.message : String(error) });
      return undefined;
    },
  );
}

/**
 * A new empty database, named `<prefix>_<pid>_<random>`, on the run's shared server; null when this
 * process is not part of a test run (a benchmark, a script), so the caller starts its own server.
 * Dropped after the test file that made it, unless `keep` (a service shared across test files: it
 * goes with the server when the run ends).
 */
export async function sharedPostgresDatabase(prefix: string, options: { keep?: boolean } = {}): Promise<string | null> {
  const registry = process.env[RUN_REGISTRY_ENV];
  if (!registry || !existsSync(registry)) return null;
  const file = join(registry, ANNOUNCEMENT);
  if (!existsSync(file)) writeFileSync(join(registry, REQUEST), String(process.pid));
  // Polls every 50 ms, at most WAIT_MS, for the announcement.
  for (let waited = 0; !existsSync(file); waited += 50) {
    if (waited >= WAIT_MS) throw new Error(`the test run's PostgreSQL did not start within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const announcement = JSON.parse(readFileSync(file, "utf8")) as Announcement;
  if ("error" in announcement) throw new Error(`the test run's PostgreSQL did not start: ${announcement.error}`);
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const base = `postgres://easel@127.0.0.1:${announcement.port}`;
  await admin(base, `CREATE DATABASE ${name}`);
  if (!options.keep) created.push({ base, name });
  return `${base}/${name}`;
}

/** Databases this process created on the shared server and has not dropped yet. */
const created: { base: string; name: string }[] = [];

/**
 * Drops the databases this process created (after its test file: tests/support/stop-servers.ts),
 * so that a run's hundreds of databases do not pile up on disk. FORCE ends connections left open.
 */
export async function dropSharedDatabases(): Promise<void> {
  for (const { base, name } of created.splice(0)) {
    await admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {
      // The server is gone already (the run is ending): nothing left to drop.
    });
  }
}

async function admin(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${base}/postgres`, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query(statement);
  } finally {
    await client.end().catch(() => {});
  }
}
