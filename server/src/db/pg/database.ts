import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { maskPostgresUrl } from "./mask-url.js";
import * as schema from "./schema.js";

/** The drizzle instance over the pool, typed with the PostgreSQL schema. */
export type PgDrizzle = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** An open, migrated PostgreSQL database: drizzle over a pool, and a way to close the pool. */
export interface PgDb {
  db: PgDrizzle;
  pool: pg.Pool;
  /** Ends every pooled connection; safe to call twice. */
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Pool size per API node; default 10 (Postgres' default max_connections is 100 for all nodes). */
  maxConnections?: number;
  /** Server-side cap on one pooled statement, ms; default 30 000. 0 disables it. */
  statementTimeoutMs?: number;
  /** Cap on waiting for the migration lock plus running the migrations, ms; default 300 000. */
  migrationTimeoutMs?: number;
  /** Told about errors of idle pooled connections (e.g. the server restarted); the pool drops them. */
  onIdleClientError?: (error: Error) => void;
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "drizzle-pg");

/**
 * Key of the session-level advisory lock that serialises migrations across API nodes: an arbitrary
 * constant int8 (ASCII "easelmig"), so that it cannot collide with a lock taken by other code.
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
const MIGRATION_LOCK_KEY = "7305246950019656039";

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens a pool on the PostgreSQL at `url` and migrates it to the latest schema (`server/drizzle-pg`),
 * once even when several API nodes start together.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PgDb> {
  await migrateOnce(url, options.migrationTimeoutMs ?? 300_000);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // Without a listener an idle connection's error (server restart, network drop) crashes the process.
  const onIdleClientError = options.onIdleClientError ?? (() => {});
  pool.on("error", onIdleClientError);
  let closing: Promise<void> | undefined;
  return {
    db: drizzle(pool, { schema }),
    pool,
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}

/**
 * Runs drizzle's migrator on a dedicated connection holding `pg_advisory_lock`. The migrator alone
 * is not safe to race: it creates its bookkeeping table and reads the last applied migration outside
 * its transaction, so two nodes would both try to apply the same migration.
 */
async function migrateOnce(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Covers both the wait for the lock and each migration statement on this connection.
    statement_timeout: timeoutMs,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL at ${maskPostgresUrl(url)}: ${describe(error)}`, { cause: error });
  }
  // An error on a connection with no query in flight would otherwise be an unhandled 'error' event.
  client.on("error", () => {});
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      // If this fails, ending the session below releases the lock all the same.
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } catch (error) {
    throw new Error(`cannot migrate PostgreSQL at ${maskPostgresUrl(url)}: ${describe(error)}`, { cause: error });
  } finally {
    // Ending the session also releases the lock if the unlock itself failed.
    await client.end().catch(() => {});
  }
}

/** The server's own reason when there is one: drizzle's wrapper message is the whole failed SQL. */
function describe(error: unknown): string {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof pg.DatabaseError) return `${current.message} (SQLSTATE ${current.code})`;
  }
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describe).join("; ");
  }
  return error instanceof Error ? error.message || error.name : String(error);
}
