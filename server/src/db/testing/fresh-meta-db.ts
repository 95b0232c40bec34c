import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";
import { sharedPostgresDatabase } from "../../testing/shared-postgres.js";
import { openDatabase } from "../database.js";
import { type MetaDb, openMetaDb, sqliteMetaDb } from "../meta-db.js";
import { type PostgresServer, startPostgres } from "../pg/test-postgres.js";

export type Dialect = MetaDb["dialect"];

/** Both metadata dialects, for `describe.each(DIALECTS)`. */
export const DIALECTS: readonly Dialect[] = ["sqlite", "pg"];

export interface MetaDbs {
  /** A fresh, migrated, empty database of `dialect`. */
  fresh(dialect: Dialect): Promise<MetaDb>;
  /**
   * Another handle on the database behind `db`, as a second API node would open it: its own
   * PostgreSQL pool. On SQLite, `db` itself: the embedded mode has one process, and a second
   * better-sqlite3 connection in the same thread would wait synchronously (busy_timeout) for a
   * transaction that cannot finish until the thread is free again.
   */
  another(db: MetaDb): Promise<MetaDb>;
}

/**
 * Fresh metadata databases of either dialect for one test file: SQLite in a new temp dir, or a new
 * database on the test run's PostgreSQL (server/src/testing/shared-postgres.ts; outside a run, one
 * started on first use). Databases are closed after each test (so
 * pools never pile up against PostgreSQL's connection limit), the server after the file's tests.
 */
export function freshMetaDbs(): MetaDbs {
  let server: Promise<PostgresServer> | undefined;
  let databases = 0;
  let opened: MetaDb[] = [];
  const dirs: string[] = [];
  const location = new Map<MetaDb, { dataDir: string; databaseUrl: string | null }>();
  afterEach(async () => {
    const closing = opened;
    opened = [];
    for (const db of closing) await db.close();
  });
  afterAll(async () => {
    // A server that failed to start has already failed the tests that asked for it.
    await (await server?.catch(() => undefined))?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const open = async (dataDir: string, databaseUrl: string | null): Promise<MetaDb> => {
    const db = databaseUrl ? await openMetaDb({ dataDir, databaseUrl }) : sqliteMetaDb(openDatabase(dataDir));
    opened.push(db);
    location.set(db, { dataDir, databaseUrl });
    return db;
  };
  return {
    async fresh(dialect) {
      const dataDir = mkdtempSync(join(tmpdir(), "easel-meta-"));
      dirs.push(dataDir);
      if (dialect === "sqlite") return open(dataDir, null);
      const shared = await sharedPostgresDatabase("meta");
      if (shared) return open(dataDir, shared);
      server ??= startPostgres();
      return open(dataDir, await (await server).createDatabase(`meta_${++databases}`));
    },
    async another(db) {
      const where = location.get(db);
      if (!where) throw new Error("another() takes a MetaDb that fresh() opened");
      return where.databaseUrl ? open(where.dataDir, where.databaseUrl) : db;
    },
  };
}

/**
 * The MetaDbs of `count` API nodes sharing one fresh database: separate pools on PostgreSQL (as
 * separate processes would have), the same MetaDb on SQLite (the embedded mode is one node, so
 * "nodes" there are concurrent callers in one process).
 */
export function metaDbNodes(): (dialect: Dialect, count?: number) => Promise<MetaDb[]> {
  const dbs = freshMetaDbs();
  return async (dialect, count = 1) => {
    const first = await dbs.fresh(dialect);
    const others = await Promise.all(Array.from({ length: count - 1 }, () => dbs.another(first)));
    return [first, ...others];
  };
}
