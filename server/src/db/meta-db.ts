import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { type Db, openDatabase } from "./database.js";
import * as sqliteSchema from "./schema.js";

/**
 * The query interface services write against: drizzle's, typed with the SQLite schema. On PostgreSQL
 * the same calls reach drizzle's node-postgres driver with the twin schema, whose TypeScript types
 * are identical (`pg/schema-types.test.ts`). Portable code awaits builders and uses `.returning()`;
 * it never calls `.get()`, `.all()` or `.run()`, which only SQLite has (`meta-db.test.ts` greps for them).
 */
export type Q = BetterSQLite3Database<typeof sqliteSchema>;
export type Tables = typeof sqliteSchema;

/** Metadata storage for either dialect: SQLite (embedded default) or PostgreSQL (several API nodes). */
export interface MetaDb {
  readonly dialect: "sqlite" | "pg";
  /** The active dialect's tables (typed as the SQLite ones; the shapes are the same). */
  readonly t: Tables;
  /** Runs statements outside a transaction (on SQLite, never inside another flow's transaction). */
  run<T>(work: (q: Q) => Promise<T>): Promise<T>;
  /**
   * Runs `work` as one transaction with SQLite's guarantee on both dialects: serializable. On
   * PostgreSQL a serialization failure or deadlock retries `work` (so it must only touch the database).
   */
  tx<T>(work: (q: Q) => Promise<T>): Promise<T>;
  /** The database answers (readiness checks). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The SQLite handle in the embedded mode (CLI and tests reach the file directly), else null. */
  readonly sqlite: Db | null;
  /** Where the metadata lives, for the start banner (no secrets). */
  readonly description: string;
}

/** The first row of a result, or undefined. */
export function first<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}

/** Opens the metadata database the config names: PostgreSQL when a URL is given, else SQLite in the data dir. */
export async function openMetaDb(options: { dataDir: string; databaseUrl: string | null }): Promise<MetaDb> {
  return options.databaseUrl ? openPgMetaDb(options.databaseUrl) : sqliteMetaDb(openDatabase(options.dataDir));
}

/**
 * SQLite behind the async interface. better-sqlite3 is synchronous and has one connection, so a
 * transaction that awaits between statements must not let another flow's statements run inside it:
 * every `run` and `tx` takes turns through one promise chain (uncontended, it costs a microtask).
 */
export function sqliteMetaDb(db: Db): MetaDb {
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work, work);
    turn = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: "sqlite",
    t: sqliteSchema,
    sqlite: db,
    description: `sqlite ${db.$client.name}`,
    run: (work) => exclusive(() => work(db)),
    tx: (work) =>
      exclusive(async () => {
        db.$client.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(db);
          db.$client.exec("COMMIT");
          return result;
        } catch (error) {
          if (db.$client.inTransaction) db.$client.exec("ROLLBACK");
          throw error;
        }
      }),
    ping: async () => db.$client.prepare("select 1 as one").get() !== undefined,
    close: async () => {
      await turn;
      db.$client.close();
    },
  };
}

/** SQLSTATEs after which a serializable transaction may simply be run again. */
const RETRYABLE = new Set(["40001", "40P01"]);
/**
 * Serializable transactions that touch the same rows (one org's quota, one job's events) abort all but
 * one of each conflicting group; each round commits at least one, so a burst of N conflicting requests
 * needs up to N rounds. Backoff: exponential from 2 ms, capped at 100 ms, with full jitter.
 */
const MAX_TX_ATTEMPTS = 40;

async function openPgMetaDb(url: string): Promise<MetaDb> {
  // Loaded only here: the driver and the twin schema are a start-up cost an embedded service never needs.
  const [{ openPostgres }, pgSchema] = await Promise.all([import("./pg/database.js"), import("./pg/schema.js")]);
  const pg = await openPostgres(url);
  const q = pg.db as unknown as Q;
  const host = (() => {
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
    } catch {
      return "(unparseable URL)";
    }
  })();
  return {
    dialect: "pg",
    t: pgSchema as unknown as Tables,
    sqlite: null,
    description: `postgresql ${host}`,
    run: (work) => work(q),
    async tx(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await pg.db.transaction((tx) => work(tx as unknown as Q), { isolationLevel: "serializable" });
        } catch (error) {
          if (attempt >= MAX_TX_ATTEMPTS || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
          const capMs = Math.min(100, 2 * 2 ** attempt);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
        }
      }
    },
    ping: async () => (await pg.pool.query("select 1 as one")).rowCount === 1,
    close: () => pg.close(),
  };
}

/** The SQLSTATE of a PostgreSQL error, also when drizzle wrapped it. */
function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
