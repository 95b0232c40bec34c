import pg from "pg";
import { describe, expect, it } from "vitest";
import { dropSharedDatabases, sharedPostgresDatabase } from "./shared-postgres.js";

async function databasesOn(url: string): Promise<string[]> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database");
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe("the test run's shared PostgreSQL", () => {
  it("gives each caller an empty database of its own, and drops them after the file, open connections and all", async () => {
    const [a, b] = [
      (await sharedPostgresDatabase("probe")) as string,
      (await sharedPostgresDatabase("probe")) as string,
    ];
    expect(a).not.toBe(b);
    const names = [a, b].map((url) => new URL(url).pathname.slice(1));
    const left = new pg.Client({ connectionString: a });
    left.on("error", () => {}); // its connection is ended by the drop
    await left.connect();
    const { rows } = await left.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(rows[0]).toEqual({ n: 0 });
    expect(await databasesOn(a)).toEqual(expect.arrayContaining(names));
    await dropSharedDatabases();
    const after = await databasesOn(a);
    for (const name of names) expect(after).not.toContain(name);
    await left.end().catch(() => {});
  });
});
