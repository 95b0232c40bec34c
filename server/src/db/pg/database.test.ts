import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "./database.js";
import { type PostgresServer, startPostgres } from "./test-postgres.js";

const JOURNAL = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "drizzle-pg", "meta", "_journal.json");
const migrationCount = (JSON.parse(readFileSync(JOURNAL, "utf8")) as { entries: unknown[] }).entries.length;

let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop();
});

async function scalar(url: string, text: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(text);
    return Object.values(rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

const countTables = "SELECT count(*)::int FROM information_schema.tables WHERE table_schema = 'public'";
const countApplied = "SELECT count(*)::int FROM drizzle.__drizzle_migrations";

describe("openPostgres", () => {
  it("migrates a fresh database to all 20 tables and records each migration once", async () => {
    const url = await server.createDatabase("fresh");
    expect(await scalar(url, countTables)).toBe(0);
    const handle = await openPostgres(url);
    try {
      expect(await scalar(url, countTables)).toBe(20);
      expect(await scalar(url, countApplied)).toBe(migrationCount);
      // The pool is usable and carries the statement timeout (30 s by default).
      const { rows } = await handle.pool.query<{ statement_timeout: string }>("SHOW statement_timeout");
      expect(rows[0]?.statement_timeout).toBe("30s");
    } finally {
      await handle.close();
    }
  });

  it("opening an already migrated database applies nothing again", async () => {
    const url = await server.createDatabase("reopened");
    await (await openPostgres(url)).close();
    const again = await openPostgres(url, { maxConnections: 2, statementTimeoutMs: 5_000 });
    try {
      expect(await scalar(url, countApplied)).toBe(migrationCount);
      expect(again.pool.options.max).toBe(2);
      const { rows } = await again.pool.query<{ statement_timeout: string }>("SHOW statement_timeout");
      expect(rows[0]?.statement_timeout).toBe("5s");
    } finally {
      await again.close();
      await again.close();
    }
  });

  it("four API nodes starting at once on a fresh database all succeed and migrate it exactly once", async () => {
    const url = await server.createDatabase("race");
    const handles = await Promise.all([1, 2, 3, 4].map(() => openPostgres(url)));
    try {
      expect(await scalar(url, countApplied)).toBe(migrationCount);
      for (const handle of handles) {
        const { rows } = await handle.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs");
        expect(rows[0]?.n).toBe(0);
      }
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });

  it("a connection failure names the URL with its password masked", async () => {
    const url = new URL(server.url);
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    const bad = `postgres://easel:s3cret-pw@127.0.0.1:1${url.pathname}`;
    const error = await openPostgres(bad).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("postgres://easel:***@127.0.0.1:1/easel_test");
    expect(error?.message).toContain("ECONNREFUSED");
    expect(error?.message).not.toContain("s3cret-pw");
  });

  it("a missing database is reported with the URL and the server's reason", async () => {
    const url = new URL(server.url);
    url.pathname = "/no_such_db";
    await expect(openPostgres(url.toString())).rejects.toThrow(
      /cannot connect to PostgreSQL at postgres:\/\/easel@127\.0\.0\.1:\d+\/no_such_db: database "no_such_db" does not exist/,
    );
  });
});
