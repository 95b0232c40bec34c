import { existsSync, statSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startPostgres } from "./test-postgres.js";

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  await client.connect();
  return client;
}

describe("startPostgres (throwaway PostgreSQL for tests)", () => {
  it("serves an empty easel_test database as superuser easel, never as root, and is gone after stop", async () => {
    const server = await startPostgres();
    let dataDir: string;
    try {
      expect(server.url).toMatch(/^postgres:\/\/easel@127\.0\.0\.1:\d+\/easel_test$/);
      const client = await connect(server.url);
      try {
        const { rows } = await client.query<{ db: string; who: string; dir: string; fsync: string; tables: number }>(
          `SELECT current_database() AS db, current_user AS who, current_setting('data_directory') AS dir,
                  current_setting('fsync') AS fsync,
                  (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = 'public') AS tables`,
        );
        expect(rows[0]).toMatchObject({ db: "easel_test", who: "easel", fsync: "off", tables: 0 });
        dataDir = rows[0]?.dir ?? "";
      } finally {
        await client.end();
      }
      // PostgreSQL refuses to run as root, so as root the harness hands the cluster to another user.
      if (process.getuid?.() === 0) expect(statSync(dataDir).uid).not.toBe(0);
      const other = await connect(await server.createDatabase("second_db"));
      await other.end();
    } finally {
      await server.stop();
    }
    expect(existsSync(dataDir)).toBe(false);
    await expect(connect(server.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("two servers run side by side on different ports", async () => {
    const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
    try {
      expect(a.port).not.toBe(b.port);
      for (const url of [a.url, b.url]) await (await connect(url)).end();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
