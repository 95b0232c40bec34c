import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../database.js";
import { openPostgres } from "./database.js";
import { type PostgresServer, startPostgres } from "./test-postgres.js";

/** Which PostgreSQL types stand for each declared SQLite type (see the mapping in schema.ts). */
const PG_TYPES_FOR: Record<string, string[]> = {
  integer: ["integer", "bigint", "boolean"],
  text: ["text", "jsonb"],
  real: ["double precision"],
  blob: ["bytea"],
};

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

interface Shape {
  columns: Column[];
  primaryKey: string[];
  indexes: { name: string; unique: boolean; columns: string[] }[];
  foreignKeys: string[];
}

let server: PostgresServer;
let client: pg.Client;
let sqliteDir: string;
let sqlite: Database.Database;

beforeAll(async () => {
  server = await startPostgres();
  await (await openPostgres(server.url)).close();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  sqliteDir = mkdtempSync(join(tmpdir(), "easel-parity-"));
  sqlite = openDatabase(sqliteDir).$client;
});

afterAll(async () => {
  sqlite?.close();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  await client?.end();
  await server?.stop();
});

function sqliteTables(): string[] {
  const rows = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .all() as { name: string }[];
  return rows.map((r) => r.name).sort();
}

function sqliteShape(table: string): Shape {
  const info = sqlite.pragma(`table_info(${table})`) as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
  }[];
  const indexes = (sqlite.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string }[])
    .filter((i) => i.origin !== "pk")
    .map((i) => ({
      name: i.name,
      unique: i.unique === 1,
      columns: (sqlite.pragma(`index_info(${i.name})`) as { seqno: number; name: string }[])
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name),
    }));
  const foreignKeys = (
    sqlite.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[]
  ).map((fk) => `${fk.from} -> ${fk.table}.${fk.to}`);
  return {
    columns: info.map((c) => ({
      name: c.name,
      type: c.type.toLowerCase(),
      notNull: c.notnull === 1,
      hasDefault: c.dflt_value !== null,
    })),
    primaryKey: info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name),
    indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: foreignKeys.sort(),
  };
}

async function postgresTables(): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return rows.map((r) => r.name).sort();
}

async function postgresShape(table: string): Promise<Shape> {
  const columns = await client.query<{ name: string; type: string; nullable: string; dflt: string | null }>(
    `SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS dflt
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const indexes = await client.query<{ name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class i ON i.oid = ix.indexrelid
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname = $1
      GROUP BY i.relname, ix.indisunique, ix.indisprimary`,
    [table],
  );
  const foreignKeys = await client.query<{ fk: string }>(
    `SELECT kcu.column_name || ' -> ' || ccu.table_name || '.' || ccu.column_name AS fk
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu
         ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
       JOIN information_schema.constraint_column_usage ccu
         ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' AND tc.table_name = $1`,
    [table],
  );
  return {
    columns: columns.rows.map((c) => ({
      name: c.name,
      type: c.type,
      notNull: c.nullable === "NO",
      hasDefault: c.dflt !== null,
    })),
    primaryKey: indexes.rows.find((i) => i.primary)?.columns ?? [],
    indexes: indexes.rows
      .filter((i) => !i.primary)
      .map(({ name, unique, columns }) => ({ name, unique, columns }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: foreignKeys.rows.map((r) => r.fk).sort(),
  };
}

describe("PostgreSQL schema parity with the migrated SQLite database", () => {
  it("has exactly the SQLite tables, all 20 of them", async () => {
    const tables = sqliteTables();
    expect(tables).toHaveLength(20);
    expect(await postgresTables()).toEqual(tables);
  });

  // Order is not compared: SQLite appends columns added by later migrations (ALTER TABLE ADD COLUMN)
  // at the end, while the PostgreSQL init migration declares them where the schema lists them.
  it("every table has the same columns with the same nullability and defaults, and a mapped type", async () => {
    const byName = (a: Column, b: Column) => a.name.localeCompare(b.name);
    for (const table of sqliteTables()) {
      const lite = sqliteShape(table).columns.sort(byName);
      const post = (await postgresShape(table)).columns.sort(byName);
      const strip = (cs: Column[]) => cs.map(({ name, notNull, hasDefault }) => ({ table, name, notNull, hasDefault }));
      expect(strip(post)).toEqual(strip(lite));
      for (const [i, column] of lite.entries()) {
        expect(PG_TYPES_FOR[column.type], `${table}.${column.name}: ${column.type}`).toContain(post[i]?.type);
      }
    }
  });

  it("every table has the same primary key, indexes (name, uniqueness, columns) and foreign keys", async () => {
    for (const table of sqliteTables()) {
      const { columns: _l, ...lite } = sqliteShape(table);
      const { columns: _p, ...post } = await postgresShape(table);
      expect({ table, ...post }).toEqual({ table, ...lite });
    }
  });
});
